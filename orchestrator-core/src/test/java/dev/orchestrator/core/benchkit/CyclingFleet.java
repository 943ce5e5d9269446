package dev.orchestrator.core.benchkit;

import com.sun.management.OperatingSystemMXBean;
import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.spi.OrchestratorStore;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Steady state for the cycle benchmarks: one engine per store client (one host each), {@code
 * servers} servers spread evenly over the engines and as many maps, every server holding one job.
 * {@link #cycles(int)} lets the servers answer that many jobs and waits until every server holds an
 * unanswered job again.
 */
public final class CyclingFleet implements AutoCloseable {
  private final List<Orchestrator> engines = new ArrayList<>();
  private final List<CyclingServer> servers = new ArrayList<>();
  private final CycleBudget budget = new CycleBudget();
  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long measuredCycles;
  private long measuredCpuNanos;

  /** Starts the engines, attaches the servers, creates the maps and waits until all are leased. */
  public <S extends OrchestratorStore> CyclingFleet(
      List<S> clients, Function<S, Clock> clockOf, int serverCount) throws InterruptedException {
    budget.grant(0, serverCount);
    for (int h = 0; h < clients.size(); h++) {
      S client = clients.get(h);
      Clock clock = clockOf.apply(client);
      Orchestrator engine =
          Orchestrator.builder()
              .store(client)
              .clock(clock)
              .hostId("bench-host-" + h)
              .rateLimit(1_000_000, 1_000_000)
              .heartbeatInterval(Duration.ofMinutes(10))
              .build();
      engine.start();
      engines.add(engine);
    }
    for (int i = 0; i < serverCount; i++) {
      int h = i % engines.size();
      CyclingServer server =
          new CyclingServer("srv-" + i, clockOf.apply(clients.get(h)), budget);
      server.connectedAs(engines.get(h).attach(server));
      servers.add(server);
    }
    for (int i = 0; i < serverCount; i++) {
      engines.get(i % engines.size()).createMap(NewMap.of("map-" + i, "s"));
    }
    budget.awaitAllParked(300);
  }

  /** Lets the servers answer {@code count} jobs and waits until every server is parked again. */
  public void cycles(int count) throws InterruptedException {
    long cpuBefore = os.getProcessCpuTime();
    budget.grant(count, servers.size());
    for (CyclingServer server : servers) {
      server.release();
    }
    budget.awaitAllParked(300);
    measuredCpuNanos += os.getProcessCpuTime() - cpuBefore;
    measuredCycles += count;
  }

  /**
   * The CPU time this JVM (engines, stores' clients, embedded databases, servers) spent per job
   * cycle since the last call, a measure that the machine's other load hardly moves; then
   * starts counting again.
   */
  public String cpuPerCycle() {
    String report =
        String.format(
            "JVM CPU per job cycle: %.1f us (%d cycles)",
            measuredCpuNanos / 1000.0 / Math.max(1, measuredCycles), measuredCycles);
    measuredCpuNanos = 0;
    measuredCycles = 0;
    return report;
  }

  @Override
  public void close() {
    engines.forEach(Orchestrator::close);
  }
}
