package dev.orchestrator.core.bench;

import dev.orchestrator.core.benchkit.CycleBudget;
import dev.orchestrator.core.benchkit.CyclingServer;
import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.OrchestratorBuilder;
import dev.orchestrator.core.memory.InMemoryStore;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.testing.ManualScheduler;
import dev.orchestrator.core.testing.SettableClock;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Steady state with the in-memory store: as many maps as servers, every server answers each
 * {@code assign_job} with {@code job_done} whose next round is due at once, so the map goes
 * straight back to the queue. One operation is one job cycle (assign_job, job_done, ack, the
 * map re-queued); an invocation runs {@value #CYCLES} cycles.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CycleBenchmark {
  static final int CYCLES = 10_000;
  static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");

  @Param({"manual", "pool"})
  public String scheduler;

  @Param({"100", "1000"})
  public int servers;

  private Orchestrator orchestrator;
  private SettableClock settable;
  private CyclingServer[] sessions;
  private final CycleBudget budget = new CycleBudget();
  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long measuredCpuNanos;
  private long measuredCycles;

  @Setup(Level.Trial)
  public void startFleet() throws InterruptedException {
    OrchestratorBuilder builder =
        Orchestrator.builder()
            .store(new InMemoryStore())
            .rateLimit(1_000_000, 1_000_000)
            .heartbeatInterval(Duration.ofMinutes(10));
    Clock clock;
    if (scheduler.equals("manual")) {
      settable = new SettableClock(T0);
      clock = settable;
      builder.clock(settable).scheduler(new ManualScheduler(settable));
    } else {
      clock = Clock.systemUTC();
    }
    orchestrator = builder.build();
    orchestrator.start();
    budget.grant(0, servers);
    sessions = new CyclingServer[servers];
    for (int i = 0; i < servers; i++) {
      sessions[i] = new CyclingServer("srv-" + i, clock, budget);
      sessions[i].connectedAs(orchestrator.attach(sessions[i]));
    }
    for (int i = 0; i < servers; i++) {
      orchestrator.createMap(NewMap.of("map-" + i, "s"));
    }
    budget.awaitAllParked(120);
  }

  @Benchmark
  @OperationsPerInvocation(CYCLES)
  public void cycles() throws InterruptedException {
    if (settable != null) {
      // Refills the sessions' rate limiters; no timer runs, as the scheduler is not advanced.
      settable.advance(Duration.ofSeconds(1));
    }
    long cpuBefore = os.getProcessCpuTime();
    budget.grant(CYCLES, servers);
    for (CyclingServer session : sessions) {
      session.release();
    }
    budget.awaitAllParked(300);
    measuredCpuNanos += os.getProcessCpuTime() - cpuBefore;
    measuredCycles += CYCLES;
  }

  /** The JVM's CPU time per job cycle, which the machine's other load moves much less. */
  @TearDown(Level.Iteration)
  public void reportCpu() {
    System.out.printf(
        "JVM CPU per job cycle: %.1f us (%d cycles)%n",
        measuredCpuNanos / 1000.0 / Math.max(1, measuredCycles), measuredCycles);
    measuredCpuNanos = 0;
    measuredCycles = 0;
  }

  @TearDown(Level.Trial)
  public void stop() {
    orchestrator.close();
  }
}
