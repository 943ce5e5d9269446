package dev.orchestrator.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/** What differs between the supported databases. Picked from the driver's metadata. */
public enum Dialect {
  /** H2 2.x, embedded (in memory or file). Signals stay inside the JVM. */
  H2(
      "h2",
      "SELECT CURRENT_TIMESTAMP",
      "MERGE INTO servers ("
          + ServerRows.COLUMNS
          + ") KEY (server_id) VALUES ("
          + ServerRows.PLACEHOLDERS
          + ")"),
  /** PostgreSQL 12 or later. Signals travel by LISTEN/NOTIFY. */
  POSTGRESQL(
      "postgresql",
      "SELECT clock_timestamp()",
      "INSERT INTO servers ("
          + ServerRows.COLUMNS
          + ") VALUES ("
          + ServerRows.PLACEHOLDERS
          + ") ON CONFLICT (server_id) DO UPDATE SET "
          + ServerRows.EXCLUDED_ASSIGNMENTS);

  /** The scripts' names after {@code V<n>__}, for versions 1, 2, ... */
  private static final List<String> SCRIPT_NAMES = List.of("orchestrator", "map_moves", "event_log");

  private final String directory;
  private final String nowQuery;
  private final String upsertServer;

  Dialect(String directory, String nowQuery, String upsertServer) {
    this.directory = directory;
    this.nowQuery = nowQuery;
    this.upsertServer = upsertServer;
  }

  /**
   * The dialect of the database behind {@code connection}.
   *
   * @throws IllegalArgumentException for a database this store does not support
   */
  public static Dialect detect(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    String lower = product == null ? "" : product.toLowerCase(Locale.ROOT);
    if (lower.contains("h2")) {
      return H2;
    }
    if (lower.contains("postgresql")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "unsupported database '" + product + "'; orchestrator-jdbc supports H2 and PostgreSQL");
  }

  /**
   * The class-path location of the schema script that brings the schema to {@code version}.
   *
   * @throws IllegalArgumentException if no script leads to that version
   */
  public String scriptResource(int version) {
    if (version < 1 || version > SCRIPT_NAMES.size()) {
      throw new IllegalArgumentException("no schema script for version " + version);
    }
    return "db/orchestrator/" + directory + "/V" + version + "__" + SCRIPT_NAMES.get(version - 1)
        + ".sql";
  }

  /** A query returning the database's current time as one timestamp with time zone. */
  public String nowQuery() {
    return nowQuery;
  }

  /** Inserts or replaces one server row; parameters in {@link ServerRows#COLUMNS} order. */
  public String upsertServer() {
    return upsertServer;
  }

  /** How the database stores an unquoted identifier, for metadata lookups. */
  public String storedIdentifier(String name) {
    return this == H2 ? name.toUpperCase(Locale.ROOT) : name.toLowerCase(Locale.ROOT);
  }
}
