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

/**
 * The local Redis the tests run against, and an admin connection to inspect and clean it. Each test
 * class uses its own key prefix and deletes its keys afterwards, so classes never see each other's
 * data.
 */
final class RedisTestSupport implements AutoCloseable {
  static final String URI = "redis://127.0.0.1:6379/0";

  private final RedisClient client = RedisClient.create(URI);
  private final StatefulRedisConnection<String, String> connection = client.connect();

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

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
