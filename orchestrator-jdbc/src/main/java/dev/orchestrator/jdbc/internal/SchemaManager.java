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
 * Checks the schema on open and creates it when asked. The scripts are the same files a migration
 * tool such as Flyway would run ({@code db/orchestrator/<dialect>/V1__...sql}).
 */
public final class SchemaManager {
  /** The schema version this code reads and writes. */
  public static final int CODE_VERSION = 1;

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
   * @param createIfMissing run the script when the tables are absent
   * @throws SchemaVersionException if the tables are absent and may not be created, or the database
   *     is at another version
   */
  public void verify(boolean createIfMissing) {
    Integer found = tx.inTransaction("read schema version", this::installedVersion);
    if (found == null) {
      if (!createIfMissing) {
        throw SchemaVersionException.missing(CODE_VERSION, dialect.scriptResource(CODE_VERSION));
      }
      tx.inTransaction("create schema", this::create);
      found = tx.inTransaction("read schema version", this::installedVersion);
    }
    if (found == null || found != CODE_VERSION) {
      throw SchemaVersionException.mismatch(found == null ? 0 : found, CODE_VERSION);
    }
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

  private Void create(Connection c) throws SQLException {
    if (dialect == Dialect.POSTGRESQL) {
      // Hosts starting together on an empty database create the schema one at a time.
      try (Statement statement = c.createStatement()) {
        statement.execute("SELECT pg_advisory_xact_lock(hashtext('" + VERSION_TABLE + "'))");
      }
    }
    try (Statement statement = c.createStatement()) {
      for (String sql : statements(script())) {
        statement.execute(sql);
      }
    }
    return null;
  }

  private String script() {
    String resource = dialect.scriptResource(CODE_VERSION);
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
