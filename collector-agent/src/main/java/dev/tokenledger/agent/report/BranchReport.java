package dev.tokenledger.agent.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The merge-time cost report of a branch: the total of its sessions (cost, tokens, requests, sessions,
 * first and last request), and tables by model and by user — as a Markdown pull-request comment, plain
 * text, or JSON. The total is the API's own total of the branch (not a sum of table rows), and each
 * table holds every row (read page after page).
 *
 * @param branch the branch
 * @param projects the projects it was restricted to (empty: any)
 * @param since first day (organisation time zone)
 * @param until last day included
 * @param total the branch's total (with sessions and request times)
 * @param byModel one row per model (with sessions)
 * @param byUser one row per user (with sessions)
 */
public record BranchReport(String branch, List<String> projects, LocalDate since, LocalDate until, UsageRow total,
    List<UsageRow> byModel, List<UsageRow> byUser) {

  private static final DateTimeFormatter UTC_MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  public BranchReport {
    projects = List.copyOf(projects);
    byModel = sorted(byModel);
    byUser = sorted(byUser);
  }

  /** Rows by cost descending, then by key. */
  private static List<UsageRow> sorted(List<UsageRow> rows) {
    List<UsageRow> s = new ArrayList<>(rows);
    s.sort((a, b) -> {
      int c = b.usage().cost().compareTo(a.usage().cost());
      return c != 0 ? c : String.valueOf(a.keys().values()).compareTo(String.valueOf(b.keys().values()));
    });
    return List.copyOf(s);
  }

  public long sessions() {
    return total.sessions() == null ? 0 : total.sessions();
  }

  private String period() {
    if (total.first() == null) {
      return "no sessions between " + since + " and " + until;
    }
    return UTC_MINUTE.format(total.first()) + " to " + UTC_MINUTE.format(total.last());
  }

  public String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("### AI coding cost of branch `").append(code(branch)).append("`\n\n");
    md.append("**").append(Formats.usd(total.usage().cost())).append("** over ").append(sessions())
        .append(sessions() == 1 ? " session" : " sessions").append(", ").append(Formats.tokens(total.usage().requests()))
        .append(" requests, ").append(Formats.tokens(total.usage().totalTokens())).append(" tokens");
    if (!projects.isEmpty()) {
      md.append(" in ").append(String.join(", ", projects.stream().map(p -> "`" + code(p) + "`").toList()));
    }
    md.append(".  \nPeriod covered: ").append(period()).append(" (sessions between ").append(since).append(" and ")
        .append(until).append(").\n");
    table(md, "Model", "model", byModel);
    table(md, "User", "user", byUser);
    String notFinal = Formats.notFinalLine(total.usage());
    if (!notFinal.isEmpty()) {
      md.append('\n').append(notFinal.strip()).append('\n');
    }
    md.append("\n<sub>Tokenledger · totals over all of the branch's requests · costs rounded to the cent</sub>\n");
    return md.toString();
  }

  private void table(StringBuilder md, String header, String key, List<UsageRow> rows) {
    md.append("\n| ").append(header)
        .append(" | Sessions | Requests | Input | Output | Cache create | Cache read | Total tokens | Cost (USD) |\n");
    md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (UsageRow r : rows) {
      md.append("| ").append(cell(r.key(key))).append(" | ").append(r.sessions() == null ? "" : Formats.tokens(r.sessions()))
          .append(numbers(r.usage())).append(" |\n");
    }
    md.append("| **Total** | ").append(Formats.tokens(sessions())).append(numbers(total.usage())).append(" |\n");
  }

  private static String numbers(Usage u) {
    return " | " + Formats.tokens(u.requests()) + " | " + Formats.tokens(u.input()) + " | " + Formats.tokens(u.output()) + " | "
        + Formats.tokens(u.cacheCreate()) + " | " + Formats.tokens(u.cacheRead()) + " | " + Formats.tokens(u.totalTokens()) + " | "
        + Formats.usd(u.cost());
  }

  /** A Markdown table cell: pipes escaped, line breaks flattened. */
  static String cell(String s) {
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
  }

  /** Inside a code span: backticks cannot be escaped, so they become quotes. */
  static String code(String s) {
    return s.replace("`", "'").replace("\r", " ").replace("\n", " ");
  }

  public String text(int terminalWidth) {
    StringBuilder out = new StringBuilder();
    out.append("Branch ").append(branch);
    if (!projects.isEmpty()) {
      out.append(" (").append(String.join(", ", projects)).append(")");
    }
    out.append(": ").append(Formats.usd(total.usage().cost())).append(" over ").append(sessions()).append(" sessions, ")
        .append(Formats.tokens(total.usage().requests())).append(" requests, ")
        .append(Formats.tokens(total.usage().totalTokens())).append(" tokens\n");
    out.append("Period covered: ").append(period()).append('\n');
    out.append(textTable("Model", "model", byModel).render());
    out.append(textTable("User", "user", byUser).render());
    out.append(Formats.notFinalLine(total.usage()));
    return out.toString();
  }

  private TextTable textTable(String header, String key, List<UsageRow> rows) {
    TextTable t = new TextTable(List.of(header, "Sessions", "Requests", "Input", "Output", "Cache Create", "Cache Read",
        "Total Tokens", "Cost (USD)"), false, true, true, true, true, true, true, true, true);
    for (UsageRow r : rows) {
      t.row(textCells(r.key(key), r.sessions() == null ? 0 : r.sessions(), r.usage()));
    }
    t.ruledRow(textCells("Total", sessions(), total.usage()));
    return t;
  }

  private static List<String> textCells(String label, long sessions, Usage u) {
    return List.of(label, Formats.tokens(sessions), Formats.tokens(u.requests()), Formats.tokens(u.input()),
        Formats.tokens(u.output()), Formats.tokens(u.cacheCreate()), Formats.tokens(u.cacheRead()),
        Formats.tokens(u.totalTokens()), Formats.usd(u.cost()));
  }

  public String json() {
    ObjectNode doc = ReportJson.JSON.createObjectNode();
    doc.put("report", "branch");
    doc.put("branch", branch);
    ArrayNode p = doc.putArray("projects");
    projects.forEach(p::add);
    doc.put("since", since.toString());
    doc.put("until", until.toString());
    doc.put("sessions", sessions());
    putInstant(doc, "first_request", total.first());
    putInstant(doc, "last_request", total.last());
    ReportJson.usage(doc.putObject("totals"), total.usage());
    rows(doc.putArray("by_model"), "model", byModel);
    rows(doc.putArray("by_user"), "user", byUser);
    return ReportJson.write(doc);
  }

  private static void putInstant(ObjectNode o, String name, Instant t) {
    if (t == null) {
      o.putNull(name);
    } else {
      o.put(name, t.toString());
    }
  }

  private static void rows(ArrayNode a, String key, List<UsageRow> rows) {
    for (UsageRow r : rows) {
      ObjectNode o = a.addObject();
      o.put(key, r.key(key));
      o.put("sessions", r.sessions() == null ? 0 : r.sessions());
      ReportJson.usage(o, r.usage());
    }
  }
}
