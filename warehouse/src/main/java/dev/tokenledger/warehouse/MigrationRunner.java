package dev.tokenledger.warehouse;

import dev.tokenledger.warehouse.clickhouse.ClickHouseClient;
import dev.tokenledger.warehouse.clickhouse.ClickHouseException;
import dev.tokenledger.warehouse.clickhouse.Retrier;
import dev.tokenledger.warehouse.clickhouse.SqlLiteral;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned migrations of {@code clickhouse/migrations} in order and records each in
 * {@code schema_migrations} (version, name, checksum, time). Safe to re-run and to run from several
 * sinks at once: recorded migrations are skipped, every statement is {@code IF NOT EXISTS}, and a
 * migration interrupted half-way is re-run as a whole. A recorded migration whose file changed stops the
 * run (migrations are immutable; add a new one). Destructive statements are refused when loading.
 */
public final class MigrationRunner {

  public static final String MIGRATIONS_DIR = "clickhouse/migrations";
  public static final String MIGRATIONS_TABLE_DDL = "clickhouse/schema_migrations.sql";

  private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);

  /** A migration that cannot be applied (changed after it was applied, or a failing statement). */
  public static final class MigrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MigrationException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final java.util.regex.Pattern ADD_COLUMN =
      java.util.regex.Pattern.compile("(?is)^\\s*ALTER\\s+TABLE\\s+\\S+\\s+ADD\\s+COLUMN\\s");
  /** ClickHouse's ILLEGAL_COLUMN, also "column with this name already exists". */
  private static final int ILLEGAL_COLUMN = 44;

  private final ClickHouseClient client;
  private final Retrier retrier;
  private final List<Migration> migrations;

  public MigrationRunner(ClickHouseClient client, Retrier retrier, List<Migration> migrations) {
    this.client = client;
    this.retrier = retrier;
    this.migrations = List.copyOf(migrations);
    int last = -1;
    for (Migration m : this.migrations) {
      if (m.version() <= last) {
        throw new IllegalArgumentException("migration versions must increase: " + m.fileName());
      }
      last = m.version();
    }
  }

  /** The migrations shipped in the application. */
  public static List<Migration> shipped() {
    List<Migration> out = new ArrayList<>();
    TreeMap<String, String> files = ClasspathSql.files(MIGRATIONS_DIR);
    files.forEach((name, sql) -> out.add(Migration.of(name, sql)));
    out.sort((a, b) -> Integer.compare(a.version(), b.version()));
    return out;
  }

  /** Applies what is missing; returns the file names applied by this call. */
  public List<String> apply() {
    retrier.run("create database " + client.database(), client::ensureDatabase);
    for (String stmt : SqlScript.statements(ClasspathSql.read(MIGRATIONS_TABLE_DDL))) {
      retrier.run("create schema_migrations", () -> client.execute(stmt));
    }
    Map<Integer, String> applied = appliedChecksums();
    List<String> done = new ArrayList<>();
    for (Migration m : migrations) {
      String checksum = applied.get(m.version());
      if (checksum != null) {
        if (!checksum.equals(m.checksum())) {
          throw new MigrationException(m.fileName() + " was changed after it was applied to database "
              + client.database() + " (recorded checksum " + checksum + ", file " + m.checksum()
              + "); applied migrations are immutable: add a new migration instead", null);
        }
        continue;
      }
      for (String stmt : m.statements()) {
        try {
          retrier.run(m.fileName(), () -> client.execute(stmt));
        } catch (ClickHouseException e) {
          if (columnAlreadyAdded(stmt, e)) {
            LOG.info("{}: the columns of '{}' already exist (added by another run)", m.fileName(), firstLine(stmt));
            continue;
          }
          throw new MigrationException(m.fileName() + " failed: " + e.getMessage(), e);
        }
      }
      String record = "INSERT INTO schema_migrations (version, name, checksum) VALUES ("
          + m.version() + ", " + SqlLiteral.quote(m.name()) + ", " + SqlLiteral.quote(m.checksum()) + ")";
      retrier.run("record " + m.fileName(), () -> client.execute(record));
      LOG.info("applied migration {} to database {}", m.fileName(), client.database());
      done.add(m.fileName());
    }
    return done;
  }

  /**
   * ClickHouse 18.16 has no {@code ADD COLUMN IF NOT EXISTS}: an {@code ALTER TABLE … ADD COLUMN} that
   * another sink (or an interrupted run) already applied fails with code 44 "already exists", which
   * means the statement's work is done.
   */
  static boolean columnAlreadyAdded(String stmt, ClickHouseException e) {
    return ADD_COLUMN.matcher(stmt).find() && e.code().orElse(-1) == ILLEGAL_COLUMN
        && String.valueOf(e.getMessage()).contains("already exists");
  }

  private static String firstLine(String stmt) {
    return stmt.strip().lines().findFirst().orElse(stmt);
  }

  /** version → checksum of the migrations recorded in the database. */
  public Map<Integer, String> appliedChecksums() {
    String tsv = retrier.call("read schema_migrations", () -> client.query(
        "SELECT version, checksum FROM schema_migrations FINAL ORDER BY version FORMAT TabSeparated"));
    Map<Integer, String> out = new HashMap<>();
    for (String line : tsv.split("\n")) {
      if (!line.isEmpty()) {
        String[] f = line.split("\t");
        out.put(Integer.parseInt(f[0]), f[1]);
      }
    }
    return out;
  }
}
