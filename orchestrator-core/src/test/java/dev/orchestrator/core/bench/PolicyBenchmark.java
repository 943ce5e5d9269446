package dev.orchestrator.core.bench;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.policy.Assignment;
import dev.orchestrator.core.policy.AssignmentPolicies;
import dev.orchestrator.core.policy.AssignmentPolicy;
import dev.orchestrator.core.policy.ServerCandidate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One policy run over 10,000 free one-slot servers and 10,000 due maps. Each operation is one
 * decision (a map paired with a server), so the reported ops/s are decisions/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PolicyBenchmark {
  static final int N = 10_000;
  static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
  static final String[] REGIONS = {"eu", "us", "asia", "sa"};

  /** {@code plain}: no labels anywhere; {@code regions}: servers in 4 regions, maps need one. */
  @Param({"plain", "regions"})
  public String labels;

  private List<GameMap> maps;
  private List<ServerCandidate> servers;
  private final AssignmentPolicy defaultPolicy = AssignmentPolicies.defaultPolicy();
  private final AssignmentPolicy firstFree = AssignmentPolicies.firstFree();

  @Setup
  public void setUp() {
    boolean regions = labels.equals("regions");
    maps = new ArrayList<>(N);
    servers = new ArrayList<>(N);
    for (int i = 0; i < N; i++) {
      Map<String, String> region =
          regions ? Map.of("region", REGIONS[i % REGIONS.length]) : Map.of();
      maps.add(GameMap.create(NewMap.of("map-" + i, "s").withLabels(region), T0));
      double cpu = (i * 37) % 100;
      double ram = (i * 61) % 100;
      servers.add(new ServerCandidate("srv-" + i, region, 1, 0, cpu, ram, Map.of()));
    }
    int assigned = defaultPolicy.assign(maps, servers, T0).size();
    if (assigned != N) {
      throw new IllegalStateException("default policy assigned " + assigned + " of " + N);
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public List<Assignment> defaultPolicy() {
    return defaultPolicy.assign(maps, servers, T0);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public List<Assignment> firstFree() {
    return firstFree.assign(maps, servers, T0);
  }
}
