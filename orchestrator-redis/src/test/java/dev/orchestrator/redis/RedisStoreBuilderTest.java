package dev.orchestrator.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.core.StoreUnavailableException;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Configuration mistakes are reported before anything connects, naming the option. */
class RedisStoreBuilderTest {
  private static final String PREFIX = "test-builder";

  @Test
  void shouldNameTheOptionAndValueOfABadSetting() {
    assertThatThrownBy(() -> RedisStore.builder().keyPrefix("has{brace}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keyPrefix")
        .hasMessageContaining("has{brace}");
    assertThatThrownBy(() -> RedisStore.builder().historyCap(0))
        .hasMessageContaining("historyCap must be >= 1, got 0");
    assertThatThrownBy(() -> RedisStore.builder().commandTimeout(Duration.ofMillis(1)))
        .hasMessageContaining("commandTimeout");
    assertThatThrownBy(() -> RedisStore.builder().historyRetention(Duration.ZERO))
        .hasMessageContaining("historyRetention");
  }

  @Test
  void shouldRequireExactlyOneOfUriAndClient() {
    assertThatThrownBy(() -> RedisStore.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set uri(...) or client(...)");
    RedisClient client = RedisClient.create("redis://127.0.0.1:6379/0");
    try {
      assertThatThrownBy(
              () -> RedisStore.builder().uri("redis://127.0.0.1:6379/0").client(client).build())
          .hasMessageContaining("not both");
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  @Test
  void shouldUseButNeverShutDownACallersClient() {
    // Given a caller's client with the recommended options
    RedisTestSupport.requireRedis();
    RedisClient client = RedisClient.create(RedisTestSupport.URI);
    client.setOptions(RedisStore.recommendedClientOptions(Duration.ofSeconds(1)));
    try {
      // When a store is built on it, used and closed
      try (RedisStore store = RedisStore.builder().client(client).keyPrefix(PREFIX).build()) {
        assertThat(store.isReachable()).isTrue();
        assertThat(store.findMap("none")).isEmpty();
      }

      // Then the client still connects
      try (var connection = client.connect()) {
        assertThat(connection.sync().ping()).isEqualTo("PONG");
      }
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  @Test
  void shouldReportAnUnreachableRedisAsUnavailable() {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    assertThatThrownBy(
            () ->
                RedisStore.builder()
                    .uri("redis://127.0.0.1:1/0")
                    .commandTimeout(Duration.ofMillis(500))
                    .build())
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("127.0.0.1:1");
  }
}
