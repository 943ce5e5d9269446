package dev.orchestrator.redis;

import dev.orchestrator.core.benchkit.RegistryWrites;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Registry writes (one {@code saveServer} each) from 8 threads, as a host's session executors
 * make them for heartbeats; see {@link RegistryWrites}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(8)
public class RedisRegistryBenchmark {
  private static final String PREFIX = "bench-registry";

  private RedisTestSupport redis;
  private RedisStore store;
  private Clock clock;

  @Setup(Level.Trial)
  public void open() {
    redis = new RedisTestSupport(PREFIX);
    redis.connect();
    redis.clean(PREFIX);
    store = RedisTestSupport.builder(PREFIX).build();
    clock = store.redisClock();
  }

  @Benchmark
  public void saveServer() {
    RegistryWrites.writeOne(store, clock);
  }

  @TearDown(Level.Trial)
  public void close() {
    redis.clean(PREFIX);
    store.close();
    redis.close();
  }
}
