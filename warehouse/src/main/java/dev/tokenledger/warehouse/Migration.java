package dev.tokenledger.warehouse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned migration file {@code V<version>__<name>.sql}: its statements and the checksum of its
 * text (an applied migration must never change).
 */
public record Migration(int version, String name, String sql, String checksum) {

  private static final Pattern FILE = Pattern.compile("V(\\d{3,})__([A-Za-z0-9_]+)\\.sql");
  private static final Pattern DESTRUCTIVE = Pattern.compile(
      "(?is)^\\s*(DROP\\s+(TABLE|DATABASE|DICTIONARY)|TRUNCATE|RENAME|DETACH"
          + "|ALTER\\s+TABLE\\s+\\S+\\s+(DROP|DELETE|MODIFY|CLEAR|REPLACE|FREEZE|UPDATE))\\b.*");
  /**
   * The one drop a migration may hold: a materialized view that writes TO another table (named
   * {@code <name>_mv} by convention), which holds no data, so that it can be created again with a new
   * query (18.16 cannot change a view's query; V010).
   */
  private static final Pattern VIEW_DROP = Pattern.compile("(?is)^\\s*DROP\\s+TABLE\\s+IF\\s+EXISTS\\s+\\w+_mv\\s*$");

  public Migration {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(checksum, "checksum");
  }

  /** Parses a migration from its file name and text; rejects destructive statements. */
  public static Migration of(String fileName, String sql) {
    Matcher m = FILE.matcher(fileName);
    if (!m.matches()) {
      throw new IllegalArgumentException("migration file '" + fileName + "' is not named V<NNN>__<name>.sql");
    }
    Migration migration = new Migration(Integer.parseInt(m.group(1)), m.group(2), sql, sha256(sql));
    for (String stmt : migration.statements()) {
      if (DESTRUCTIVE.matcher(stmt).matches() && !VIEW_DROP.matcher(stmt).matches()) {
        throw new IllegalArgumentException("migration " + fileName + " contains a destructive statement "
            + "(migrations never drop, truncate or rewrite data): " + stmt.lines().findFirst().orElse(stmt));
      }
    }
    return migration;
  }

  public List<String> statements() {
    return SqlScript.statements(sql);
  }

  public String fileName() {
    return String.format("V%03d__%s.sql", version, name);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
