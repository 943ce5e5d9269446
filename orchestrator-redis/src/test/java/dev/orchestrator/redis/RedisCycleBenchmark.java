package dev.orchestrator.redis;

import dev.orchestrator.core.benchkit.CyclingFleet;
import java.util.ArrayList;
import java.util.List;
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
 * End-to-end job cycles on the Redis store: {@code hosts} engines, each on its own {@link
 * RedisStore} (own connections) on one key prefix, on the Redis clock, {@code servers} in-process
 * servers spread over them and as many maps; every job is answered at once with the next round due
 * now. One operation is one job cycle (claim, assign_job, job_done, complete, re-queue); an
 * invocation runs {@value #CYCLES}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RedisCycleBenchmark {
  static final int CYCLES = 5_000;
  private static final String PREFIX = "bench-cycle";

  @Param({"1", "2"})
  public int hosts;

  @Param({"1000"})
  public int servers;

  private RedisTestSupport redis;
  private final List<RedisStore> stores = new ArrayList<>();
  private CyclingFleet fleet;

  @Setup(Level.Trial)
  public void start() throws InterruptedException {
    redis = new RedisTestSupport(PREFIX);
    redis.connect();
    redis.clean(PREFIX);
    for (int h = 0; h < hosts; h++) {
      stores.add(RedisTestSupport.builder(PREFIX).build());
    }
    fleet = new CyclingFleet(stores, RedisStore::redisClock, servers);
  }

  @Benchmark
  @OperationsPerInvocation(CYCLES)
  public void cycles() throws InterruptedException {
    fleet.cycles(CYCLES);
  }

  @TearDown(Level.Iteration)
  public void reportCpu() {
    System.out.println(fleet.cpuPerCycle());
  }

  @TearDown(Level.Trial)
  public void stop() {
    fleet.close();
    stores.forEach(RedisStore::close);
    redis.close();
  }
}
