package dev.orchestrator.host;

import dev.orchestrator.core.contract.ExternalService;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * The machine's PostgreSQL and Redis as tests use them: each test gets its own schema or key
 * prefix and removes it afterwards. A missing service skips the test, or fails it under
 * {@code CI=true}.
 */
public final class SharedServices {
  public static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
  public static final String REDIS = "redis://127.0.0.1:6379/0";

  private SharedServices() {}

  /** Creates a fresh schema named {@code prefix} plus a random suffix, and returns its name. */
  public static String createPostgresSchema(String prefix) throws SQLException {
    ExternalService.require("PostgreSQL", "127.0.0.1", 5432,
        "pg_ctlcluster --skip-systemctl-redirect 15 main start");
    String schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "");
    postgres(POSTGRES, "create schema " + schema);
    return schema;
  }

  /** The JDBC URL of the test database with {@code schema} as the current schema. */
  public static String postgresUrl(String schema) {
    return POSTGRES + "?currentSchema=" + schema;
  }

  public static void dropPostgresSchema(String schema) throws SQLException {
    postgres(POSTGRES, "drop schema if exists " + schema + " cascade");
  }

  /** Runs one statement as {@code postgres} on {@code url}. */
  public static boolean postgres(String url, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
      return true;
    }
  }

  /** Skips (or under CI fails) the calling test unless Redis answers on loopback. */
  public static void requireRedis() {
    ExternalService.require("Redis", "127.0.0.1", 6379,
        "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no");
  }

  /** Deletes every key a store with {@code prefix} wrote. */
  public static void deleteRedisKeys(String prefix) {
    RedisClient client = RedisClient.create(REDIS);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      List<String> keys = connection.sync().keys("{" + prefix + "}:*");
      if (!keys.isEmpty()) {
        connection.sync().unlink(keys.toArray(String[]::new));
      }
    } finally {
      client.shutdown();
    }
  }
}
