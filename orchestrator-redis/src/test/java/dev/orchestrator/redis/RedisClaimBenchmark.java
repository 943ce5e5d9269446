package dev.orchestrator.redis;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.spi.ClaimRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
 * Claims at the store level, one client, one thread: each iteration starts with {@value #MAPS}
 * due maps (created untimed) and the timed part claims all of them with a loop of {@code dueMaps}
 * and {@code claim} in batches of {@code batch}. Single shot; one operation is one claimed map, so
 * the reported time per operation is the time per claim.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RedisClaimBenchmark {
  static final int MAPS = 10_000;
  static final Duration LEASE = Duration.ofMinutes(5);
  private static final String PREFIX = "bench-claim";

  @Param({"100", "1000"})
  public int batch;

  private RedisTestSupport redis;
  private RedisStore store;
  private Clock clock;
  private long jobs;

  @Setup(Level.Trial)
  public void open() {
    RedisTestSupport.requireRedis();
    redis = new RedisTestSupport();
    store = RedisTestSupport.builder(PREFIX).build();
    clock = store.redisClock();
  }

  @Setup(Level.Iteration)
  public void fill() {
    redis.clean(PREFIX);
    Instant due = clock.instant().minusSeconds(60);
    IntStream.range(0, MAPS)
        .parallel()
        .forEach(i -> store.createMap(NewMap.of("map-" + i, "s").dueAt(due), due));
  }

  @Benchmark
  @OperationsPerInvocation(MAPS)
  public int claimAll() {
    int claimed = 0;
    List<GameMap> due;
    while (!(due = store.dueMaps(clock.instant(), batch, 0)).isEmpty()) {
      List<ClaimRequest> requests = new ArrayList<>(due.size());
      for (GameMap map : due) {
        requests.add(
            new ClaimRequest(map.mapId(), map.version(), "srv-" + (jobs % 1000), "job-" + jobs++));
      }
      claimed += store.claim(requests, clock.instant(), LEASE).size();
    }
    if (claimed != MAPS) {
      throw new IllegalStateException("claimed " + claimed + " of " + MAPS + " maps");
    }
    return claimed;
  }

  @TearDown(Level.Trial)
  public void close() {
    store.close();
    redis.clean(PREFIX);
    redis.close();
  }
}
