package dev.orchestrator.jdbc.internal;

import dev.orchestrator.jdbc.SchemaVersionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the schema on open, and creates or upgrades it when asked. The scripts are the same files
 * a migration tool such as Flyway would run ({@code db/orchestrator/<dialect>/V<n>__...sql}), each
 * safe to run again.
 */
public final class SchemaManager {
  /** The schema version this code reads and writes. */
  public static final int CODE_VERSION = 3;

  private static final String VERSION_TABLE = "orchestrator_schema_version";

  private final Transactions tx;
  private final Dialect dialect;

  /** A manager for the database behind {@code tx}. */
  public SchemaManager(Transactions tx, Dialect dialect) {
    this.tx = tx;
    this.dialect = dialect;
  }

  /**
   * Makes sure the schema is there and at {@link #CODE_VERSION}.
   *
   * @param createIfMissing run the scripts when the tables are absent or at an older version (1
   *     or later)
   * @throws SchemaVersionException if the tables are absent or older and may not be created or
   *     upgraded, or the database is at another version
   */
  public void verify(boolean createIfMissing) {
    Integer found = tx.inTransaction("read schema version", this::installedVersion);
    if (found == null && !createIfMissing) {
      throw SchemaVersionException.missing(CODE_VERSION, allScripts());
    }
    boolean upgradable = found == null || (found >= 1 && found < CODE_VERSION);
    if (createIfMissing && upgradable) {
      tx.inTransaction("create or upgrade schema", this::install);
      found = tx.inTransaction("read schema version", this::installedVersion);
    }
    if (found == null || found != CODE_VERSION) {
      throw SchemaVersionException.mismatch(found == null ? 0 : found, CODE_VERSION);
    }
  }

  private String allScripts() {
    List<String> scripts = new ArrayList<>();
    for (int version = 1; version <= CODE_VERSION; version++) {
      scripts.add(dialect.scriptResource(version));
    }
    return String.join(" then ", scripts);
  }

  private Integer installedVersion(Connection c) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    try (ResultSet tables =
        meta.getTables(
            c.getCatalog(), c.getSchema(), dialect.storedIdentifier(VERSION_TABLE), null)) {
      if (!tables.next()) {
        return null;
      }
    }
    try (Statement statement = c.createStatement();
        ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM " + VERSION_TABLE)) {
      rows.next();
      int version = rows.getInt(1);
      return rows.wasNull() ? null : version;
    }
  }

  /** Runs the scripts after the installed version, up to {@link #CODE_VERSION}. */
  private Void install(Connection c) throws SQLException {
    if (dialect == Dialect.POSTGRESQL) {
      // Hosts starting together create or upgrade the schema one at a time.
      try (Statement statement = c.createStatement()) {
        statement.execute("SELECT pg_advisory_xact_lock(hashtext('" + VERSION_TABLE + "'))");
      }
    }
    Integer installed = installedVersion(c);
    try (Statement statement = c.createStatement()) {
      for (int version = installed == null ? 1 : installed + 1; version <= CODE_VERSION;
          version++) {
        for (String sql : statements(script(version))) {
          statement.execute(sql);
        }
      }
    }
    return null;
  }

  private String script(int version) {
    String resource = dialect.scriptResource(version);
    try (InputStream in = SchemaManager.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema script " + resource + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** The script's statements; the scripts keep semicolons out of literals and comments. */
  static List<String> statements(String script) {
    StringBuilder code = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (!trimmed.startsWith("--")) {
        code.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String part : code.toString().split(";")) {
      if (!part.isBlank()) {
        statements.add(part.strip());
      }
    }
    return statements;
  }
}
