package dev.orchestrator.jdbc;

import dev.orchestrator.core.benchkit.ClaimDrain;
import java.io.IOException;
import java.time.Clock;
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
 * Claims at the store level, one client, one thread: each iteration starts with {@value #MAPS}
 * due maps (created untimed) and the timed part claims all of them with a loop of {@code dueMaps}
 * and {@code claim} in batches of {@code batch}. Single shot; one operation is one claimed map, so
 * the reported time per operation is the time per claim.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JdbcClaimBenchmark {

  @Param({"h2", "postgresql"})
  public String database;

  @Param({"100", "1000"})
  public int batch;

  private BenchDatabase bench;
  private TestDatabase db;
  private JdbcStore store;
  private Clock clock;
  private final ClaimDrain drain = new ClaimDrain();

  @Setup(Level.Trial)
  public void open() throws IOException {
    bench = BenchDatabase.open(database);
    db = bench.db;
    store = db.builder().maximumPoolSize(10).build();
    clock = store.databaseClock();
  }

  @Setup(Level.Iteration)
  public void fill() {
    db.clear();
    ClaimDrain.fill(store, clock);
  }

  @Benchmark
  @OperationsPerInvocation(ClaimDrain.MAPS)
  public int claimAll() {
    return drain.claimAll(store, clock, batch);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    store.close();
    bench.close();
  }
}
