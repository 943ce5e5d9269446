package dev.orchestrator.host.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.host.SharedServices;
import dev.orchestrator.host.internal.StoreFactory;
import dev.orchestrator.host.internal.StoreFactory.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos suite: on each persistent store, hosts and a fleet doing rounds while game servers
 * lose their sockets mid-job and get partitioned from their host; afterwards the store must show
 * every round of every map completed exactly once, no overlapping leases and one history record
 * per lease. Counts are printed for docs/RELIABILITY.md.
 */
@Timeout(value = 200, unit = TimeUnit.SECONDS)
class ChaosTest {
  private static final int MAPS = 20;
  private static final int ROUNDS = 5;
  private static final Duration FAULT_EVERY = Duration.ofMillis(250);
  private static final Duration TIMEOUT = Duration.ofSeconds(150);

  @Test
  void shouldLoseNoRoundWhenServersDieOrArePartitionedOnPostgresWithThreeHosts()
      throws Exception {
    String schema = SharedServices.createPostgresSchema("chaos");
    try {
      run("postgres", new StoreFactory.Options(Kind.POSTGRES, null,
          SharedServices.postgresUrl(schema), "postgres", null, null, null), 3, 3);
    } finally {
      SharedServices.dropPostgresSchema(schema);
    }
  }

  @Test
  void shouldLoseNoRoundWhenServersDieOrArePartitionedOnRedisWithThreeHosts() throws Exception {
    SharedServices.requireRedis();
    String prefix = "chaos-" + UUID.randomUUID();
    try {
      run("redis", new StoreFactory.Options(Kind.REDIS, null, null, null, null,
          SharedServices.REDIS, prefix), 3, 3);
    } finally {
      SharedServices.deleteRedisKeys(prefix);
    }
  }

  @Test
  void shouldLoseNoRoundWhenServersDieOrArePartitionedOnAnH2File(@TempDir Path dataDir)
      throws Exception {
    run("h2 file", new StoreFactory.Options(Kind.H2, dataDir, null, null, null, null, null),
        1, 6);
  }

  private static void run(String store, StoreFactory.Options options, int hosts,
      int serversPerHost) throws Exception {
    try (ChaosRun chaos = new ChaosRun(options, hosts, serversPerHost, MAPS, ROUNDS, 8L)) {
      ChaosRun.Report report = chaos.run(FAULT_EVERY, TIMEOUT);
      System.out.printf("chaos [%s]: %s%n", store, report);
      chaos.slowReleases().forEach(System.out::println);
      assertThat(report.kills()).as("socket kills injected").isPositive();
      assertThat(report.partitions()).as("partitions injected").isPositive();
      // About 1 partition in 200 still shows its server online after the limit. The host's
      // own liveness check did not change that (1 of 229 in a soak after it), so the cause
      // is not in noticing a silent connection and is still open (docs/RELIABILITY.md); one
      // per test is tolerated so that CI stays a check of the invariants, two are a failure.
      assertThat(chaos.partitionProblems()).as("partitions the host did not notice, or"
          + " whose jobs stayed leased").hasSizeLessThanOrEqualTo(1);
      assertThat(report.detectionMillis()).as("time until the host took a partitioned"
          + " server offline").allMatch(ms -> ms < 10_000);
      assertThat(report.reassigned()).as("jobs of partitioned servers run elsewhere")
          .isPositive();
      long notCompleted = report.history().leases() - (long) MAPS * ROUNDS;
      assertThat(notCompleted).as("leases ended without completion (one per released job)")
          .isGreaterThanOrEqualTo(report.reassigned());
    }
  }
}
