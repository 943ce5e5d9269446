package dev.orchestrator.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.core.StoreUnavailableException;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.spi.ClaimRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a store does while its connection to Redis is gone, and after it comes back. */
class RedisConnectionLossTest {
  private static final String PREFIX = "test-connection-loss";
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  @RegisterExtension
  static final RedisTestSupport redis = new RedisTestSupport(PREFIX);

  @Test
  void shouldReconnectAndKeepStateAfterClientKill() {
    // Given a store with a leased map
    try (RedisStore store =
        RedisTestSupport.builder(PREFIX).clockSource(ClockSource.CALLER).build()) {
      GameMap created = store.createMap(NewMap.of("killed", "s1").dueAt(NOW), NOW);
      store.claim(
          List.of(new ClaimRequest("killed", created.version(), "srv", "job-k")),
          NOW,
          Duration.ofMinutes(1));

      // When Redis drops the store's command connection
      assertThat(redis.killStoreConnections(PREFIX, "normal")).isPositive();

      // Then the store reconnects by itself and finds the lease as it was
      await().atMost(Duration.ofSeconds(10)).until(store::isReachable);
      GameMap after = store.findMap("killed").orElseThrow();
      assertThat(after.status()).isEqualTo(MapStatus.PROCESSING);
      assertThat(after.lease().jobId()).isEqualTo("job-k");
      assertThat(store.complete("killed", "job-k", "srv", null, NOW).kind().name())
          .isEqualTo("APPLIED");
    }
  }

  @Test
  void shouldFailFastWhileRedisIsAwayAndRecoverWhenItReturns() throws Exception {
    try (LoopbackProxy proxy = new LoopbackProxy(6379)) {
      // Given a store that reaches Redis through a relay
      proxy.start();
      try (RedisStore store =
          RedisStore.builder()
              .uri("redis://127.0.0.1:" + proxy.port() + "/0")
              .keyPrefix(PREFIX)
              .clockSource(ClockSource.CALLER)
              .commandTimeout(Duration.ofMillis(500))
              .build()) {
        store.createMap(NewMap.of("away", "s1").dueAt(NOW), NOW);

        // When Redis becomes unreachable
        proxy.stop();
        await().atMost(Duration.ofSeconds(5)).until(() -> !store.isReachable());

        // Then every call fails at once with the store's exception, naming Redis
        long start = System.nanoTime();
        assertThatThrownBy(() -> store.findMap("away"))
            .isInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("Redis at 127.0.0.1:" + proxy.port());
        assertThatThrownBy(() -> store.createMap(NewMap.of("lost", "s1"), NOW))
            .isInstanceOf(StoreUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

        // And when Redis is back, the store is too, with nothing half written
        proxy.start();
        await().atMost(Duration.ofSeconds(10)).until(store::isReachable);
        assertThat(store.findMap("away")).isPresent();
        assertThat(store.findMap("lost")).isEmpty();
      }
    }
  }
}
