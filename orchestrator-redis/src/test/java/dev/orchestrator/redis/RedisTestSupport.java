package dev.orchestrator.redis;

import dev.orchestrator.core.contract.ExternalService;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The local Redis the tests run against, and an admin connection to inspect and clean it. A test
 * class registers one as a static extension with the key prefixes it uses: before the class it
 * checks that Redis is there and connects, after the class it deletes those prefixes' keys, so
 * classes never see each other's data.
 */
final class RedisTestSupport implements BeforeAllCallback, AfterAllCallback {
  static final String URI = "redis://127.0.0.1:6379/0";

  private final List<String> prefixes;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;

  RedisTestSupport(String... prefixes) {
    this.prefixes = List.of(prefixes);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    connect();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Checks that Redis is there (skip, or fail under CI) and opens the admin connection. */
  void connect() {
    requireRedis();
    client = RedisClient.create(URI);
    connection = client.connect();
  }

  /** Deletes the prefixes' keys and closes the admin connection; nothing if never connected. */
  void close() {
    if (connection == null) {
      return;
    }
    prefixes.forEach(this::clean);
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  /** Skips the test (fails it under CI=true) unless Redis answers on the loopback port. */
  static void requireRedis() {
    ExternalService.require(
        "Redis",
        "127.0.0.1",
        6379,
        "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no");
  }

  static RedisStoreBuilder builder(String prefix) {
    return RedisStore.builder().uri(URI).keyPrefix(prefix).commandTimeout(Duration.ofSeconds(2));
  }

  RedisCommands<String, String> redis() {
    return connection.sync();
  }

  /** Every key under {@code prefix}. */
  List<String> keys(String prefix) {
    return redis().keys("{" + prefix + "}:*");
  }

  /** Deletes every key under {@code prefix} with SCAN and UNLINK. */
  void clean(String prefix) {
    ScanArgs match = ScanArgs.Builder.matches("\\{" + prefix + "\\}:*").limit(500);
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = redis().scan(cursor, match);
      if (!page.getKeys().isEmpty()) {
        redis().unlink(page.getKeys().toArray(String[]::new));
      }
      cursor = page;
    } while (!cursor.isFinished());
  }

  /** Kills the connections named by the store of {@code prefix}, of the given type. */
  long killStoreConnections(String prefix, String type) {
    long killed = 0;
    for (String line : redis().clientList().split("\n")) {
      if (line.contains(" name=orchestrator-" + prefix + " ") && isType(line, type)) {
        String id = line.substring(3, line.indexOf(' '));
        killed += redis().clientKill(KillArgs.Builder.id(Long.parseLong(id)));
      }
    }
    return killed;
  }

  private static boolean isType(String clientLine, String type) {
    boolean pubSub = clientLine.contains(" sub=") && !clientLine.contains(" sub=0 ");
    return "pubsub".equals(type) == pubSub;
  }
}
