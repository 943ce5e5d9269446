package dev.orchestrator.jdbc;

import dev.orchestrator.core.OrchestratorException;

/**
 * The database does not hold the schema this code needs: the tables are missing and were not to be
 * created, or they are at another version. Both versions are in the message and the fields.
 */
public final class SchemaVersionException extends OrchestratorException {
  private static final long serialVersionUID = 1L;
  private final int databaseVersion;
  private final int codeVersion;

  private SchemaVersionException(String message, int databaseVersion, int codeVersion) {
    super(message);
    this.databaseVersion = databaseVersion;
    this.codeVersion = codeVersion;
  }

  /** The tables are absent and {@code createSchemaIfMissing} was off. */
  public static SchemaVersionException missing(int codeVersion, String script) {
    return new SchemaVersionException(
        "the database has no orchestrator schema (this code needs version "
            + codeVersion
            + "); run "
            + script
            + " from the orchestrator-jdbc jar, or build the store with"
            + " createSchemaIfMissing(true)",
        0,
        codeVersion);
  }

  /** The schema is at {@code databaseVersion}, the code needs {@code codeVersion}. */
  public static SchemaVersionException mismatch(int databaseVersion, int codeVersion) {
    String advice =
        databaseVersion > codeVersion
            ? "upgrade orchestrator-jdbc on this host"
            : "migrate the database with the newer scripts";
    return new SchemaVersionException(
        "the database schema is at version "
            + databaseVersion
            + " but this orchestrator-jdbc needs version "
            + codeVersion
            + "; "
            + advice,
        databaseVersion,
        codeVersion);
  }

  /** The version found in the database, 0 if there was none. */
  public int databaseVersion() {
    return databaseVersion;
  }

  /** The version this code reads and writes. */
  public int codeVersion() {
    return codeVersion;
  }
}
