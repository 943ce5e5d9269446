package dev.orchestrator.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.spi.ClaimRequest;
import dev.orchestrator.core.spi.LeaseRelease;
import dev.orchestrator.core.spi.MapPage;
import dev.orchestrator.core.spi.MapQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The key layout behind the store: indexes, prefixes, history trimming and retention. */
class RedisDataModelTest {
  private static final String PREFIX = "test-model";
  private static final String OTHER_PREFIX = "test-model-other";
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(1);

  @RegisterExtension
  static final RedisTestSupport redis = new RedisTestSupport(PREFIX, OTHER_PREFIX);
  private RedisStore store;

  @BeforeEach
  void openStore() {
    redis.clean(PREFIX);
    redis.clean(OTHER_PREFIX);
    store =
        RedisTestSupport.builder(PREFIX)
            .clockSource(ClockSource.CALLER)
            .historyCap(3)
            .historyRetention(Duration.ofHours(1))
            .build();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void shouldKeepEveryMapInExactlyOneStateIndex() {
    // Given maps moved through every state
    for (String id : List.of("q", "p", "c", "e")) {
      store.createMap(NewMap.of(id, "s1").dueAt(NOW), NOW);
    }
    claim("p", "job-p");
    claim("c", "job-c");
    store.complete("c", "job-c", "srv", null, NOW);
    claim("e", "job-e");
    store.release(new LeaseRelease("e", "job-e", TaskOutcome.FAILED, "boom", null), NOW);

    // Then each id sits in exactly one state index, and only queued or leased maps in the
    // time-ordered indexes
    for (MapStatus status : MapStatus.values()) {
      String index = "{" + PREFIX + "}:st:" + status.wireName();
      assertThat(redis.redis().zrange(index, 0, -1))
          .as(status.wireName())
          .containsExactly(expectedIdFor(status));
    }
    assertThat(redis.redis().zrange("{" + PREFIX + "}:queued", 0, -1)).containsExactly("q");
    assertThat(redis.redis().zrange("{" + PREFIX + "}:leases", 0, -1)).containsExactly("p");
    assertThat(redis.redis().smembers("{" + PREFIX + "}:srv-leases:srv")).containsExactly("p");
  }

  @Test
  void shouldTrimHistoryToItsCapAndExpireJobRecords() {
    // Given a map leased and released five times with a cap of three
    store.createMap(NewMap.of("busy", "s1").dueAt(NOW), NOW);
    for (int i = 0; i < 5; i++) {
      claim("busy", "job-" + i);
      store.release(new LeaseRelease("busy", "job-" + i, TaskOutcome.FAILED, "x", NOW), NOW);
    }

    // Then only the newest three stay in its history, each job record with a retention TTL
    assertThat(store.history("busy", 10))
        .extracting(TaskRecord::jobId)
        .containsExactly("job-4", "job-3", "job-2");
    long ttl = redis.redis().ttl("{" + PREFIX + "}:job:job-4");
    assertThat(ttl).isBetween(3500L, 3600L);
  }

  @Test
  void shouldKeepTwoPrefixesApartOnOneRedis() {
    // Given a second orchestrator on the same Redis under another prefix
    try (RedisStore other =
        RedisTestSupport.builder(OTHER_PREFIX).clockSource(ClockSource.CALLER).build()) {
      // When both create a map with the same id and one leases it
      store.createMap(NewMap.of("same-id", "s1").dueAt(NOW), NOW);
      other.createMap(NewMap.of("same-id", "s1").dueAt(NOW), NOW);
      claim("same-id", "job-mine");

      // Then the other orchestrator's map is untouched and its keys stay under its prefix
      assertThat(other.findMap("same-id").orElseThrow().status()).isEqualTo(MapStatus.QUEUED);
      assertThat(other.dueMaps(NOW, 10, 0)).extracting(GameMap::mapId).containsExactly("same-id");
      assertThat(store.dueMaps(NOW, 10, 0)).isEmpty();
      assertThat(redis.keys(OTHER_PREFIX)).allMatch(k -> k.startsWith("{" + OTHER_PREFIX + "}:"));
      assertThat(redis.keys(PREFIX)).allMatch(k -> k.startsWith("{" + PREFIX + "}:"));
    }
  }

  @Test
  void shouldPageMapsAcrossScanChunksWhenFilterIsSparse() {
    // Given 2,500 maps of which every 500th is in error
    List<String> errorIds = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      String id = String.format("m%05d", i);
      store.createMap(NewMap.of(id, i % 2 == 0 ? "even" : "odd").dueAt(NOW), NOW);
      if (i % 500 == 1) {
        claim(id, "job-" + id);
        store.release(new LeaseRelease(id, "job-" + id, TaskOutcome.FAILED, "x", null), NOW);
        errorIds.add(id);
      }
    }

    // When maps of season "odd" in error are listed two at a time
    MapPage first = store.listMaps(new MapQuery(MapStatus.ERROR, "odd", null, 2));
    MapPage second = store.listMaps(new MapQuery(MapStatus.ERROR, "odd", first.nextCursor(), 2));
    MapPage third = store.listMaps(new MapQuery(MapStatus.ERROR, "odd", second.nextCursor(), 2));

    // Then the pages hold all five, in id order, and the last one says it is the end
    List<String> listed = new ArrayList<>();
    List.of(first, second, third).forEach(p -> p.maps().forEach(m -> listed.add(m.mapId())));
    assertThat(listed).containsExactlyElementsOf(errorIds);
    assertThat(third.nextCursor()).isNull();
  }

  @Test
  void shouldRefuseTimesBeyondWhatScoresHoldExactly() {
    NewMap tooFar = NewMap.of("far", "s1").dueAt(Instant.parse("2400-01-01T00:00:00Z"));

    assertThatThrownBy(() -> store.createMap(tooFar, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2255");
    assertThat(store.findMap("far")).isEmpty();
  }

  private void claim(String mapId, String jobId) {
    GameMap map = store.findMap(mapId).orElseThrow();
    List<ClaimRequest> request = List.of(new ClaimRequest(mapId, map.version(), "srv", jobId));
    assertThat(store.claim(request, NOW, LEASE)).hasSize(1);
  }

  private static String expectedIdFor(MapStatus status) {
    return switch (status) {
      case QUEUED -> "q";
      case PROCESSING -> "p";
      case COMPLETED -> "c";
      case ERROR -> "e";
    };
  }
}
