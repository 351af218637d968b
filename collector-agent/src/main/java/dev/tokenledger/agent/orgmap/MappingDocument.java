package dev.tokenledger.agent.orgmap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.agent.attribution.GitRemotes;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a mapping document strictly: a document with any problem is rejected whole, with every problem
 * (up to {@link #MAX_PROBLEMS}) named by its rule ({@code rules[3]}) or line ({@code line 7}).
 *
 * <p>JSON (a document starting with <code>{</code>), version 1:
 * <pre>
 * {"version": 1,
 *  "rules": [
 *    {"remote": "github.com/acme/payments-*", "team": "payments", "cost_centre": "CC-1200"},
 *    {"email": "*@payments.example.com", "team": "payments", "cost_centre": "CC-1200"},
 *    {"email": "ada@example.com", "team": "platform", "note": "moved 2026-11"}]}
 * </pre>
 * Unknown fields are errors (a misspelt {@code cost_center} must not silently assign nothing).
 *
 * <p>CSV (anything else), for a sheet kept by finance: a header {@code match,pattern,team,cost_centre},
 * then one rule a line, {@code match} being {@code email} or {@code remote}; an empty cell assigns
 * nothing; {@code #} lines and blank lines are skipped; cells may be double-quoted.
 */
public final class MappingDocument {

  /** The only JSON version this agent reads. */
  public static final int VERSION = 1;
  /** The CSV header (it is the CSV format's version marker). */
  public static final String CSV_HEADER = "match,pattern,team,cost_centre";
  static final int MAX_RULES = 10_000;
  static final int MAX_VALUE_LENGTH = 128;
  static final int MAX_PROBLEMS = 20;

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Set<String> TOP_FIELDS = Set.of("version", "rules", "note");
  private static final Set<String> RULE_FIELDS = Set.of("email", "remote", "team", "cost_centre", "note");

  private MappingDocument() {}

  /** The compiled mapping, or every problem of the document. */
  public static OrgMapping parse(byte[] bytes) throws MappingException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new MappingException(List.of("the mapping is not UTF-8 text"));
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    String trimmed = text.stripLeading();
    if (trimmed.isEmpty()) {
      throw new MappingException(List.of("the mapping is empty"));
    }
    return trimmed.charAt(0) == '{' ? json(text) : csv(text);
  }

  private static OrgMapping json(String text) throws MappingException {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ": ";
      throw new MappingException(List.of("not valid JSON: " + where + e.getOriginalMessage()));
    } catch (IOException e) {
      throw new MappingException(List.of("not valid JSON: " + e.getMessage()));
    }
    List<String> problems = new ArrayList<>();
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!TOP_FIELDS.contains(f)) {
        problems.add("unknown field '" + f + "' (allowed: version, rules, note)");
      }
    }
    JsonNode version = root.path("version");
    if (!version.isInt() || version.intValue() != VERSION) {
      problems.add("\"version\" must be " + VERSION + " (this agent reads version " + VERSION + "), was "
          + (version.isMissingNode() ? "missing" : version.toString()));
    }
    JsonNode rules = root.path("rules");
    if (!rules.isArray()) {
      problems.add("\"rules\" must be an array of rules, was " + (rules.isMissingNode() ? "missing" : rules.getNodeType()));
      throw new MappingException(problems);
    }
    if (rules.size() > MAX_RULES) {
      problems.add("at most " + MAX_RULES + " rules, there are " + rules.size());
      throw new MappingException(problems);
    }
    List<MappingRule> compiled = new ArrayList<>();
    for (int i = 0; i < rules.size() && problems.size() < MAX_PROBLEMS; i++) {
      String at = "rules[" + i + "]";
      JsonNode r = rules.get(i);
      if (!r.isObject()) {
        problems.add(at + ": must be an object, was " + r.getNodeType());
        continue;
      }
      for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!RULE_FIELDS.contains(f)) {
          problems.add(at + ": unknown field '" + f + "' (allowed: email, remote, team, cost_centre, note)");
        }
      }
      rule(at, text(r, "email", at, problems), text(r, "remote", at, problems), text(r, "team", at, problems),
          text(r, "cost_centre", at, problems), problems).ifPresent(compiled::add);
      if (r.has("note") && !r.get("note").isTextual()) {
        problems.add(at + ": \"note\" must be a string");
      }
    }
    if (!problems.isEmpty()) {
      throw new MappingException(problems);
    }
    return new OrgMapping(compiled, "json");
  }

  private static String text(JsonNode rule, String field, String at, List<String> problems) {
    JsonNode n = rule.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      problems.add(at + ": \"" + field + "\" must be a string, was " + n);
      return null;
    }
    if (n.textValue().isBlank()) {
      problems.add(at + ": \"" + field + "\" is empty (leave the field out instead)");
      return null;
    }
    return n.textValue();
  }

  private static OrgMapping csv(String text) throws MappingException {
    List<String> problems = new ArrayList<>();
    List<MappingRule> compiled = new ArrayList<>();
    boolean header = false;
    String[] lines = text.split("\r?\n", -1);
    for (int n = 0; n < lines.length && problems.size() < MAX_PROBLEMS; n++) {
      String line = lines[n];
      String at = "line " + (n + 1);
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      List<String> cells = cells(line);
      if (cells == null) {
        problems.add(at + ": unbalanced double quote");
        continue;
      }
      if (!header) {
        if (!String.join(",", cells.stream().map(String::trim).toList()).equals(CSV_HEADER)) {
          problems.add(at + ": the first line must be the header '" + CSV_HEADER + "' (a JSON document starts with '{')");
          throw new MappingException(problems);
        }
        header = true;
        continue;
      }
      if (cells.size() != 4) {
        problems.add(at + ": expected 4 cells (" + CSV_HEADER + "), found " + cells.size());
        continue;
      }
      String match = cells.get(0).trim();
      String pattern = blankToNull(cells.get(1));
      if (pattern == null) {
        problems.add(at + ": the pattern is empty");
        continue;
      }
      if (!match.equals("email") && !match.equals("remote")) {
        problems.add(at + ": match must be 'email' or 'remote', was '" + match + "'");
        continue;
      }
      if (compiled.size() >= MAX_RULES) {
        problems.add("at most " + MAX_RULES + " rules");
        break;
      }
      rule(at, match.equals("email") ? pattern : null, match.equals("remote") ? pattern : null,
          blankToNull(cells.get(2)), blankToNull(cells.get(3)), problems).ifPresent(compiled::add);
    }
    if (!header && problems.isEmpty()) {
      problems.add("no header line '" + CSV_HEADER + "'");
    }
    if (!problems.isEmpty()) {
      throw new MappingException(problems);
    }
    return new OrgMapping(compiled, "csv");
  }

  /** One checked, compiled rule; empty (with problems added) when it cannot be used. */
  private static Optional<MappingRule> rule(String at, String email, String remote, String team, String costCentre,
      List<String> problems) {
    int before = problems.size();
    if (email == null && remote == null) {
      problems.add(at + ": matches nothing (give \"email\", \"remote\" or both)");
    }
    if (team == null && costCentre == null) {
      problems.add(at + ": assigns nothing (give \"team\", \"cost_centre\" or both)");
    }
    GlobPattern emailPattern = null;
    if (email != null) {
      String e = email.trim();
      if (e.indexOf('@') <= 0 && !e.startsWith("*@") && !e.equals("*")) {
        problems.add(at + ": email '" + email + "' is neither an address nor a pattern such as *@payments.example.com");
      } else if (e.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
        problems.add(at + ": email '" + email + "' contains white space");
      } else {
        emailPattern = GlobPattern.compile(e, false);
      }
    }
    GlobPattern remotePattern = null;
    String remoteText = null;
    if (remote != null) {
      String r = remote.trim();
      // host/owner/repo as written in the rule, or any remote URL form git itself accepts
      Optional<String> normalised = GitRemotes.normalise(!r.contains("://") && r.indexOf(':') < 0 ? "https://" + r : r);
      if (normalised.isEmpty()) {
        problems.add(at + ": remote '" + remote + "' is not a git remote (write host/owner/repo, e.g. github.com/acme/*)");
      } else {
        remoteText = normalised.get();
        remotePattern = GlobPattern.compile(remoteText, true);
      }
    }
    String teamValue = value(at, "team", team, problems);
    String centreValue = value(at, "cost_centre", costCentre, problems);
    if (problems.size() > before) {
      return Optional.empty();
    }
    String label = at + " (" + (remotePattern != null ? "remote " + remoteText : "")
        + (remotePattern != null && emailPattern != null ? ", " : "") + (emailPattern != null ? "email " + emailPattern : "")
        + ")";
    return Optional.of(new MappingRule(label, emailPattern, remotePattern, teamValue, centreValue));
  }

  private static String value(String at, String field, String v, List<String> problems) {
    if (v == null) {
      return null;
    }
    String s = v.trim();
    if (s.length() > MAX_VALUE_LENGTH) {
      problems.add(at + ": " + field + " is longer than " + MAX_VALUE_LENGTH + " characters");
    } else if (s.chars().anyMatch(Character::isISOControl)) {
      problems.add(at + ": " + field + " contains a control character");
    }
    return s;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** The cells of one CSV line ({@code "a, b"} quoted, {@code ""} a quote inside quotes); null when a quote is open. */
  static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    if (quoted) {
      return null;
    }
    cells.add(cell.toString());
    return cells;
  }
}
