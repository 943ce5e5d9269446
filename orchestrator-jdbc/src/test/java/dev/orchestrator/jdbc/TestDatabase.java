package dev.orchestrator.jdbc;

import dev.orchestrator.core.contract.ExternalService;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * One test database: H2 in memory, H2 in a file, or a fresh PostgreSQL schema that is dropped on
 * {@link #close()}. Hands out store builders and raw connections for checks and cleanup.
 */
final class TestDatabase implements AutoCloseable {
  static final String PG_BASE_URL = "jdbc:postgresql://127.0.0.1:5432/test";

  private final String url;
  private final String user;
  private final String password;
  private final String pgSchema;
  private boolean schemaCreated;

  private TestDatabase(String url, String user, String password, String pgSchema) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.pgSchema = pgSchema;
  }

  static TestDatabase h2Memory(String name) {
    return new TestDatabase(
        "jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", null);
  }

  static TestDatabase h2File(Path dir) {
    return new TestDatabase(
        "jdbc:h2:file:" + dir.resolve("orchestrator").toAbsolutePath(), "sa", "", null);
  }

  /** A new schema on the local PostgreSQL; skips (or fails under CI) when it is down. */
  static TestDatabase postgres() {
    ExternalService.require(
        "PostgreSQL", "127.0.0.1", 5432, "pg_ctlcluster --skip-systemctl-redirect 15 main start");
    String schema = "orch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    TestDatabase admin = new TestDatabase(PG_BASE_URL, "postgres", "", null);
    admin.execute("CREATE SCHEMA " + schema);
    return new TestDatabase(PG_BASE_URL + "?currentSchema=" + schema, "postgres", "", schema);
  }

  String url() {
    return url;
  }

  String schema() {
    return pgSchema;
  }

  /** A builder for a store on this database that creates the schema. */
  JdbcStoreBuilder builder() {
    return JdbcStore.builder()
        .jdbcUrl(url)
        .user(user)
        .password(password)
        .createSchemaIfMissing(true)
        .maximumPoolSize(4);
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  void execute(String... statements) {
    try (Connection c = connect();
        Statement statement = c.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("test SQL failed: " + String.join("; ", statements), e);
    }
  }

  long count(String sql) {
    try (Connection c = connect();
        Statement statement = c.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("test query failed: " + sql, e);
    }
  }

  /** Deletes every row, creating the schema first if this is the first use. */
  void clear() {
    if (!schemaCreated) {
      builder().build().close();
      schemaCreated = true;
    }
    execute("DELETE FROM task_history", "DELETE FROM maps", "DELETE FROM servers");
    if (pgSchema != null) {
      execute("TRUNCATE orchestrator_events RESTART IDENTITY");
    }
  }

  @Override
  public void close() {
    if (pgSchema != null) {
      new TestDatabase(PG_BASE_URL, user, password, null)
          .execute("DROP SCHEMA IF EXISTS " + pgSchema.toLowerCase(Locale.ROOT) + " CASCADE");
    } else if (url.startsWith("jdbc:h2:mem:")) {
      execute("SHUTDOWN");
    }
  }
}
