package dev.orchestrator.jdbc;

import dev.orchestrator.core.benchkit.RegistryWrites;
import java.io.IOException;
import java.time.Clock;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * Registry writes (one {@code saveServer} each) from 8 threads, as a host's session executors
 * make them for heartbeats; see {@link RegistryWrites}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(8)
public class JdbcRegistryBenchmark {

  @Param({"h2", "postgresql"})
  public String database;

  private BenchDatabase bench;
  private TestDatabase db;
  private JdbcStore store;
  private Clock clock;

  @Setup(Level.Trial)
  public void open() throws IOException {
    bench = BenchDatabase.open(database);
    db = bench.db;
    store = db.builder().maximumPoolSize(10).build();
    clock = store.databaseClock();
  }

  @Benchmark
  public void saveServer() {
    RegistryWrites.writeOne(store, clock);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    store.close();
    bench.close();
  }
}
