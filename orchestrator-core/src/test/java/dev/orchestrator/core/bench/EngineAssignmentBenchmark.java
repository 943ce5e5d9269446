package dev.orchestrator.core.bench;

import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.OrchestratorBuilder;
import dev.orchestrator.core.memory.InMemoryStore;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.testing.ManualScheduler;
import dev.orchestrator.core.testing.SettableClock;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The engine with the in-memory store, end to end: 10,000 attached in-process servers, then
 * 10,000 maps due now, timed until every server has received its {@code assign_job}. One
 * iteration is one such run (single-shot); attaching the servers happens in the iteration's
 * setup and is not timed. Assignments/s = 10,000 / the time of one run.
 *
 * <p>{@code feed=createMap}: the maps come through {@link Orchestrator#createMap}, one call
 * each (each call signals the engine). {@code feed=storeBulk}: the maps are written to the
 * store directly and the store signals once, as after another host's bulk import.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EngineAssignmentBenchmark {
  static final int N = 10_000;
  static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");

  @Param({"manual", "pool"})
  public String scheduler;

  @Param({"createMap", "storeBulk"})
  public String feed;

  private Orchestrator orchestrator;
  private InMemoryStore store;
  private SettableClock clock;
  private CountingSession[] sessions;
  private CountDownLatch assigned;

  @Setup(Level.Iteration)
  public void attachServers() throws InterruptedException {
    store = new InMemoryStore();
    clock = new SettableClock(T0);
    OrchestratorBuilder builder = Orchestrator.builder().store(store).clock(clock);
    if (scheduler.equals("manual")) {
      builder.scheduler(new ManualScheduler(clock));
    }
    orchestrator = builder.build();
    orchestrator.start();
    CountDownLatch welcomed = new CountDownLatch(N);
    assigned = new CountDownLatch(N);
    sessions = new CountingSession[N];
    for (int i = 0; i < N; i++) {
      sessions[i] = new CountingSession("srv-" + i, welcomed, assigned);
      orchestrator.attach(sessions[i]);
    }
    if (!welcomed.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException(welcomed.getCount() + " servers never got welcome");
    }
  }

  @Benchmark
  public long assignAll() throws InterruptedException {
    if (feed.equals("createMap")) {
      for (int i = 0; i < N; i++) {
        orchestrator.createMap(NewMap.of("map-" + i, "s"));
      }
    } else {
      Instant now = clock.instant();
      for (int i = 0; i < N; i++) {
        store.createMap(NewMap.of("map-" + i, "s"), now);
      }
      store.signalMapsChanged();
    }
    if (!assigned.await(300, TimeUnit.SECONDS)) {
      throw new IllegalStateException(assigned.getCount() + " maps never assigned");
    }
    return assigned.getCount();
  }

  @TearDown(Level.Iteration)
  public void check() {
    try {
      for (CountingSession session : sessions) {
        if (session.jobs() != 1) {
          throw new IllegalStateException(
              session.serverId() + " received " + session.jobs() + " assign_job frames");
        }
      }
    } finally {
      orchestrator.close();
    }
  }
}
