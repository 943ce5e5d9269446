package dev.orchestrator.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.spi.ClaimRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** PostgreSQL specifics: racing claims from one snapshot, concurrent schema creation. */
class PostgresStoreTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void shouldGrantEachMapOnceWhenTwoHostsClaimTheSameSnapshotFromManyThreads() throws Exception {
    try (TestDatabase database = TestDatabase.postgres();
        JdbcStore hostA = database.builder().build();
        JdbcStore hostB = database.builder().build()) {
      // Given 100 due maps that every thread of both hosts saw at the same versions
      for (int i = 0; i < 100; i++) {
        hostA.createMap(NewMap.of(String.format("m%03d", i), "s").dueAt(T0), T0);
      }
      List<GameMap> snapshot = hostA.dueMaps(T0, 100, 0);
      ConcurrentHashMap<String, String> winners = new ConcurrentHashMap<>();
      AtomicInteger doubleWins = new AtomicInteger();
      AtomicInteger jobs = new AtomicInteger();

      // When four threads per host claim the whole snapshot at once
      ExecutorService threads = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        JdbcStore host = t % 2 == 0 ? hostA : hostB;
        String server = "srv-" + t;
        done.add(
            threads.submit(
                () -> {
                  start.await();
                  List<ClaimRequest> requests = new ArrayList<>();
                  for (GameMap map : snapshot) {
                    requests.add(
                        new ClaimRequest(
                            map.mapId(), map.version(), server, "j" + jobs.incrementAndGet()));
                  }
                  for (GameMap won : host.claim(requests, T0, Duration.ofMinutes(1))) {
                    if (winners.putIfAbsent(won.mapId(), won.jobId()) != null) {
                      doubleWins.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      threads.shutdown();

      // Then no map was granted twice, and each granted lease is the one in the database
      assertThat(doubleWins).hasValue(0);
      for (var won : winners.entrySet()) {
        assertThat(hostB.findMap(won.getKey()).orElseThrow().jobId()).isEqualTo(won.getValue());
      }
      assertThat(database.count("SELECT COUNT(*) FROM maps WHERE status = 'processing'"))
          .isEqualTo(winners.size());
      assertThat(database.count("SELECT COUNT(*) FROM maps WHERE status = 'queued'"))
          .isEqualTo(100 - winners.size());
    }
  }

  @Test
  void shouldCreateTheSchemaOnceWhenTwoHostsStartTogether() throws Exception {
    try (TestDatabase database = TestDatabase.postgres()) {
      ExecutorService threads = Executors.newFixedThreadPool(2);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<JdbcStore>> opened = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        opened.add(
            threads.submit(
                () -> {
                  start.await();
                  return database.builder().build();
                }));
      }
      start.countDown();
      for (Future<JdbcStore> store : opened) {
        store.get(30, TimeUnit.SECONDS).close();
      }
      threads.shutdown();

      // One row per script version: each ran once.
      assertThat(database.count("SELECT COUNT(*) FROM orchestrator_schema_version")).isEqualTo(3);
    }
  }

  @Test
  void shouldUpgradeAVersionOnePostgresSchemaToTheEventLog() {
    try (TestDatabase database = TestDatabase.postgres()) {
      database.builder().build().close();
      database.execute(
          "DROP TABLE orchestrator_events",
          "ALTER TABLE maps DROP COLUMN move_to",
          "ALTER TABLE maps DROP COLUMN move_round",
          "ALTER TABLE maps DROP COLUMN move_attempt",
          "DELETE FROM orchestrator_schema_version WHERE version >= 2");

      try (JdbcStore upgraded = database.builder().build()) {
        upgraded.createMap(NewMap.of("m1", "s1"), Instant.now());
      }

      assertThat(database.count("SELECT MAX(version) FROM orchestrator_schema_version"))
          .isEqualTo(3);
      assertThat(database.count("SELECT COUNT(*) FROM orchestrator_events")).isZero();
    }
  }

  @Test
  void shouldNameBothVersionsWhenThePostgresSchemaIsNewer() {
    try (TestDatabase database = TestDatabase.postgres()) {
      database.builder().build().close();
      database.execute("UPDATE orchestrator_schema_version SET version = 4 WHERE version = 3");

      assertThatThrownBy(() -> database.builder().build())
          .isInstanceOf(SchemaVersionException.class)
          .hasMessageContaining("at version 4")
          .hasMessageContaining("needs version 3");
    }
  }
}
