package dev.orchestrator.redis;

import dev.orchestrator.core.contract.FleetScenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three engines on one Redis key prefix, each with its own {@link RedisStore} (own connections and
 * pub/sub), as three hosts are, on the Redis clock: 300 servers, thousands of maps, several rounds
 * each.
 */
class RedisFleetTest {
  private static final String PREFIX = "test-fleet";

  @RegisterExtension
  static final RedisTestSupport redis = new RedisTestSupport(PREFIX);

  private final List<RedisStore> stores = new ArrayList<>();

  @BeforeEach
  void startEmpty() {
    redis.clean(PREFIX);
  }

  @AfterEach
  void closeStores() {
    stores.forEach(RedisStore::close);
  }

  @Test
  void shouldCompleteEveryRoundOnceWithoutOverlapWhenThreeHostsShareRedis() {
    FleetScenario fleet = new FleetScenario(3, 100, 1_500, 4);
    for (int h = 0; h < 4; h++) {
      stores.add(RedisTestSupport.builder(PREFIX).build());
    }

    fleet.run(stores.subList(0, 3), RedisStore::redisClock, stores.get(3), Duration.ofSeconds(90));

    fleet.assertEveryRoundCompletedOnceWithoutOverlap(stores.get(3));
  }
}
