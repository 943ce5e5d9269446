package dev.orchestrator.jdbc;

import dev.orchestrator.core.benchkit.CyclingFleet;
import java.io.IOException;
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
 * End-to-end job cycles on the JDBC store: {@code hosts} engines, each on its own {@link JdbcStore}
 * (own pool of 10 connections) of one database, {@code servers} in-process servers spread over them
 * and as many maps; every job is answered at once with the next round due now. One operation is one
 * job cycle (claim, assign_job, job_done, complete, re-queue); an invocation runs {@value #CYCLES}.
 * H2 runs on a database file in a temporary directory; PostgreSQL on a fresh schema of the local
 * {@code test} database. {@code synchronousCommit=off} opens the PostgreSQL stores with that
 * session setting (a commit returns before its WAL is flushed), to measure how much of a cycle is
 * spent waiting for the flush; the default {@code on} is PostgreSQL's default. H2 ignores it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JdbcCycleBenchmark {
  static final int CYCLES = 5_000;

  @Param({"h2", "postgresql"})
  public String database;

  @Param({"1", "2"})
  public int hosts;

  @Param({"1000"})
  public int servers;

  @Param({"on"})
  public String synchronousCommit;

  private BenchDatabase bench;
  private TestDatabase db;
  private final List<JdbcStore> stores = new ArrayList<>();
  private CyclingFleet fleet;

  @Setup(Level.Trial)
  public void start() throws IOException, InterruptedException {
    bench = BenchDatabase.open(database);
    db = bench.db;
    for (int h = 0; h < hosts; h++) {
      JdbcStoreBuilder builder = db.builder().maximumPoolSize(10);
      if (database.equals("postgresql") && synchronousCommit.equals("off")) {
        builder.jdbcUrl(db.url() + "&options=-c%20synchronous_commit%3Doff");
      }
      stores.add(builder.build());
    }
    fleet = new CyclingFleet(stores, JdbcStore::databaseClock, servers);
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
  public void stop() throws IOException {
    fleet.close();
    stores.forEach(JdbcStore::close);
    bench.close();
  }
}
