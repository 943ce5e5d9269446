package dev.orchestrator.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.spi.ClaimRequest;
import dev.orchestrator.core.spi.CompletionResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the JDBC store adds beyond the contract, on H2: precision, clock, retention. */
class H2StoreBehaviourTest {
  private final TestDatabase database = TestDatabase.h2Memory("behaviour");

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  @Test
  void shouldReturnTheSameInstantsItStoresWhenGivenNanoseconds() {
    try (JdbcStore store = database.builder().build()) {
      // Given instants finer than the database keeps
      Instant now = Instant.parse("2030-01-01T00:00:00.123456789Z");
      Instant due = now.plusNanos(999);

      // When a map is created, claimed and read back
      GameMap created = store.createMap(NewMap.of("m1", "s1").dueAt(due), now);
      GameMap leased =
          store
              .claim(
                  List.of(new ClaimRequest("m1", created.version(), "srv", "j1")),
                  now.plusSeconds(1),
                  Duration.ofSeconds(30))
              .get(0);

      // Then what the store returned equals what it reads, at microseconds
      assertThat(store.findMap("m1")).contains(leased);
      assertThat(created.createdAt()).isEqualTo(Instant.parse("2030-01-01T00:00:00.123456Z"));
      assertThat(leased.lease().deadline()).isEqualTo(Instant.parse("2030-01-01T00:00:31.123456Z"));
    }
  }

  @Test
  void shouldHandBackClaimedMapsInRequestOrderAndSkipLosers() {
    try (JdbcStore store = database.builder().build()) {
      Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
      GameMap a = store.createMap(NewMap.of("a", "s").dueAt(t0), t0);
      GameMap b = store.createMap(NewMap.of("b", "s").dueAt(t0), t0);
      GameMap later = store.createMap(NewMap.of("later", "s").dueAt(t0.plusSeconds(60)), t0);

      List<GameMap> leased =
          store.claim(
              List.of(
                  new ClaimRequest("b", b.version(), "srv", "jb"),
                  new ClaimRequest("later", later.version(), "srv", "jl"),
                  new ClaimRequest("a", a.version() + 7, "srv", "stale"),
                  new ClaimRequest("a", a.version(), "srv", "ja"),
                  new ClaimRequest("b", b.version(), "srv", "jb2")),
              t0,
              Duration.ofSeconds(30));

      assertThat(leased).extracting(GameMap::jobId).containsExactly("jb");
      assertThat(leased.get(0).lease().attempt()).isEqualTo(1);
      assertThat(store.findMap("a").orElseThrow().jobId()).isNull();
    }
  }

  @Test
  void shouldPurgeOldHistoryPeriodicallyWhenRetentionIsSet() {
    // Given a store that keeps one hour of history and purges often
    try (JdbcStore store =
        database
            .builder()
            .historyRetention(Duration.ofHours(1))
            .historyPurgeInterval(Duration.ofMillis(100))
            .build()) {
      Instant now = store.databaseClock().instant();
      String oldJob = completeOneRound(store, "old", now.minus(Duration.ofHours(2)));
      String recentJob = completeOneRound(store, "recent", now);

      // Then the purge removes the record that ended two hours ago and keeps the recent one
      await().atMost(Duration.ofSeconds(5)).until(() -> store.findTask(oldJob).isEmpty());
      assertThat(store.findTask(recentJob)).isPresent();
    }
  }

  @Test
  void shouldFollowTheDatabaseClock() {
    try (JdbcStore store = database.builder().build()) {
      Instant jvm = Instant.now();

      Instant database = store.databaseClock().instant();

      // The embedded database shares the JVM's clock, so the offset is small.
      assertThat(Duration.between(jvm, database).abs()).isLessThan(Duration.ofSeconds(1));
      assertThat(store.databaseClock()).isSameAs(store.databaseClock());
    }
  }

  private static String completeOneRound(JdbcStore store, String mapId, Instant at) {
    GameMap map = store.createMap(NewMap.of(mapId, "s").dueAt(at), at);
    String jobId = "job-" + mapId;
    store.claim(
        List.of(new ClaimRequest(mapId, map.version(), "srv", jobId)), at, Duration.ofMinutes(1));
    CompletionResult result = store.complete(mapId, jobId, "srv", null, at);
    assertThat(result.kind()).isEqualTo(CompletionResult.Kind.APPLIED);
    return jobId;
  }
}
