package dev.orchestrator.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.spi.ClaimRequest;
import dev.orchestrator.core.spi.OrchestratorStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What a store's contract test supplies, and the helpers the contract tests share. Subclass
 * {@link StoreContractTest}, not this.
 */
public abstract class StoreContractSupport {
  /** A fixed start so every store is tested on the same virtual time. */
  protected static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  protected static final Duration LEASE = Duration.ofMinutes(5);
  private final List<OrchestratorStore> opened = new ArrayList<>();
  private final AtomicLong jobs = new AtomicLong();

  /** The store under test. */
  protected OrchestratorStore store;

  /**
   * A new client of the shared backing data. Called several times in one test to stand for
   * several hosts; every client sees the same data. The kit closes what it opens.
   */
  protected abstract OrchestratorStore openStore();

  /** Deletes all data, so each test starts empty. Called before each test. */
  protected abstract void clearAll();

  @BeforeEach
  final void openFirstStore() {
    clearAll();
    store = open();
  }

  @AfterEach
  final void closeStores() {
    opened.forEach(OrchestratorStore::close);
    opened.clear();
  }

  /** Opens another client that the kit closes after the test. */
  protected final OrchestratorStore open() {
    OrchestratorStore client = openStore();
    opened.add(client);
    return client;
  }

  protected final String newJobId() {
    return "job-" + jobs.incrementAndGet();
  }

  protected final GameMap createDue(String mapId) {
    return store.createMap(NewMap.of(mapId, "s1").dueAt(T0), T0);
  }

  /** Claims {@code mapId} for {@code serverId} at {@code now}; fails the test if it cannot. */
  protected final GameMap claimOne(OrchestratorStore client, String mapId, String serverId,
      Instant now) {
    GameMap map = client.findMap(mapId).orElseThrow();
    List<GameMap> leased =
        client.claim(
            List.of(new ClaimRequest(mapId, map.version(), serverId, newJobId())), now, LEASE);
    assertThat(leased).as("claim of %s", mapId).hasSize(1);
    return leased.get(0);
  }

  /** Asserts invariant 5 for one map: exactly one record per job id in its history. */
  protected final void assertOneRecordPerLease(OrchestratorStore client, String mapId) {
    List<TaskRecord> history = client.history(mapId, 100_000);
    assertThat(history.stream().map(TaskRecord::jobId))
        .as("history job ids of %s", mapId)
        .doesNotHaveDuplicates();
  }

  /** The rounds of {@code mapId} that have a completed history record. */
  protected final List<Long> completedRounds(OrchestratorStore client, String mapId) {
    return client.history(mapId, 100_000).stream()
        .filter(r -> r.outcome() == TaskOutcome.COMPLETED)
        .map(TaskRecord::roundNumber)
        .sorted()
        .toList();
  }

  /** Runs {@code tasks} on their own threads, started together; rethrows the first failure. */
  protected static void runTogether(List<Callable<Void>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Void>> futures = new ArrayList<>();
      for (Callable<Void> task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      for (Future<Void> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
