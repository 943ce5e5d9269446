package dev.orchestrator.host.dashboard;

import dev.orchestrator.core.contract.ExternalService;
import dev.orchestrator.core.spi.OrchestratorStore;
import dev.orchestrator.jdbc.JdbcStore;
import dev.orchestrator.redis.RedisStore;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One PostgreSQL schema or one Redis key prefix that several in-process hosts share, each
 * through its own store instance, as hosts on separate machines would. Dropped on close.
 */
final class SharedStores implements AutoCloseable {
  private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String REDIS = "redis://127.0.0.1:6379/0";

  private final String kind;
  private final Supplier<OrchestratorStore> opener;
  private final Runnable cleanup;

  private SharedStores(String kind, Supplier<OrchestratorStore> opener, Runnable cleanup) {
    this.kind = kind;
    this.opener = opener;
    this.cleanup = cleanup;
  }

  static SharedStores of(String kind) {
    return "postgres".equals(kind) ? postgres() : redis();
  }

  private static SharedStores postgres() {
    ExternalService.require("PostgreSQL", "127.0.0.1", 5432,
        "pg_ctlcluster --skip-systemctl-redirect 15 main start");
    String schema = "events_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    sql("CREATE SCHEMA " + schema);
    return new SharedStores("postgres", () -> JdbcStore.builder()
        .jdbcUrl(PG + "?currentSchema=" + schema).user("postgres").password("")
        .createSchemaIfMissing(true).maximumPoolSize(4).build(),
        () -> sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE"));
  }

  private static SharedStores redis() {
    ExternalService.require("Redis", "127.0.0.1", 6379,
        "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no");
    String prefix = "events-" + UUID.randomUUID();
    return new SharedStores("redis", () -> RedisStore.builder().uri(REDIS).keyPrefix(prefix)
        .commandTimeout(Duration.ofSeconds(2)).build(), () -> deleteKeys(prefix));
  }

  /** A new store instance on the shared data; the host that gets it closes it. */
  OrchestratorStore open() {
    return opener.get();
  }

  String kind() {
    return kind;
  }

  @Override
  public void close() {
    cleanup.run();
  }

  private static void sql(String statement) {
    try (Connection c = DriverManager.getConnection(PG, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException("test SQL failed: " + statement, e);
    }
  }

  private static void deleteKeys(String prefix) {
    RedisClient client = RedisClient.create(REDIS);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      ScanArgs match = ScanArgs.Builder.matches("\\{" + prefix + "\\}:*").limit(500);
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page = connection.sync().scan(cursor, match);
        if (!page.getKeys().isEmpty()) {
          connection.sync().unlink(page.getKeys().toArray(String[]::new));
        }
        cursor = page;
      } while (!cursor.isFinished());
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
