package dev.orchestrator.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.NewMap;
import io.lettuce.core.FlushMode;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redis forgets scripts on SCRIPT FLUSH, restart and failover; the store loads them again. */
class RedisScriptReloadTest {
  private static final String PREFIX = "test-script-reload";
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  @RegisterExtension
  static final RedisTestSupport redis = new RedisTestSupport(PREFIX);

  @Test
  void shouldReloadScriptsAfterScriptFlush() {
    try (RedisStore store =
        RedisTestSupport.builder(PREFIX).clockSource(ClockSource.CALLER).build()) {
      // Given a store that has loaded its scripts
      store.createMap(NewMap.of("before-flush", "s1").dueAt(NOW), NOW);

      // When Redis drops every script
      redis.redis().scriptFlush(FlushMode.SYNC);

      // Then the next calls load them again and work
      GameMap created = store.createMap(NewMap.of("after-flush", "s1").dueAt(NOW), NOW);
      assertThat(created.version()).isEqualTo(1);
      assertThat(store.dueMaps(NOW, 10, 0))
          .extracting(GameMap::mapId)
          .containsExactly("after-flush", "before-flush");
    }
  }
}
