package dev.orchestrator.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.spi.ClaimRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With the Redis clock, scripts go by Redis TIME whatever the callers' clocks say. */
class RedisClockTest {
  private static final String PREFIX = "test-clock";

  @RegisterExtension
  static final RedisTestSupport redis = new RedisTestSupport(PREFIX);

  @Test
  void shouldGrantAndExpireLeasesByRedisTimeWhenCallerClockIsHoursOff() {
    try (RedisStore store = RedisTestSupport.builder(PREFIX).build()) {
      Instant redisNow = redisTime();
      Instant hoursBehind = redisNow.minus(Duration.ofHours(5));
      Instant hoursAhead = redisNow.plus(Duration.ofHours(5));

      // Given a map created by a caller whose clock is hours behind: due now by Redis time
      GameMap created = store.createMap(NewMap.of("by-redis", "s1"), hoursBehind);
      assertThat(created.nextRoundTime()).isBetween(redisNow, redisNow.plusSeconds(5));
      assertThat(store.dueMaps(hoursBehind, 10, 0)).extracting(GameMap::mapId).contains("by-redis");

      // When it is leased for one second by that caller
      List<GameMap> leased =
          store.claim(
              List.of(new ClaimRequest("by-redis", created.version(), "srv", "job-clock")),
              hoursBehind,
              Duration.ofSeconds(1));
      Lease lease = leased.get(0).lease();

      // Then the lease is stamped and timed by Redis
      assertThat(lease.assignedAt()).isBetween(redisNow, redisNow.plusSeconds(5));
      assertThat(Duration.between(lease.assignedAt(), lease.deadline()))
          .isEqualTo(Duration.ofSeconds(1));

      // And a caller hours ahead does not see it expire early; it expires by Redis time
      assertThat(store.expiredLeases(hoursAhead, 10)).isEmpty();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !store.expiredLeases(hoursBehind, 10).isEmpty());
      assertThat(store.expiredLeases(hoursBehind, 10))
          .extracting(Lease::jobId)
          .containsExactly("job-clock");
    }
  }

  @Test
  void shouldOfferAClockThatAgreesWithRedisTime() {
    try (RedisStore store = RedisTestSupport.builder(PREFIX).build()) {
      Instant before = redisTime();
      Instant clock = store.redisClock().instant();
      Instant after = redisTime();

      assertThat(clock).isBetween(before.minusMillis(50), after.plusMillis(50));
    }
  }

  @Test
  void shouldUseCallerTimeWhenConfiguredSo() {
    try (RedisStore store =
        RedisTestSupport.builder(PREFIX).clockSource(ClockSource.CALLER).build()) {
      Instant virtual = Instant.parse("2031-06-01T12:00:00.123456Z");

      GameMap created = store.createMap(NewMap.of("by-caller", "s1"), virtual);

      assertThat(created.createdAt()).isEqualTo(virtual);
      assertThat(created.nextRoundTime()).isEqualTo(virtual);
      assertThat(store.dueMaps(virtual.minusNanos(1000), 10, 0)).isEmpty();
    }
  }

  private static Instant redisTime() {
    List<String> time = redis.redis().time();
    return Instant.ofEpochSecond(Long.parseLong(time.get(0)), Long.parseLong(time.get(1)) * 1000);
  }
}
