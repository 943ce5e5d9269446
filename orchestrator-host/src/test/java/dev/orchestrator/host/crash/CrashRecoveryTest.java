package dev.orchestrator.host.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.host.SharedServices;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host killed with SIGKILL in the middle of a run and started again on the same store:
 * every map goes on to its last round, leases of the dead process resume or expire and
 * re-queue, and no round is counted twice.
 */
class CrashRecoveryTest {
  private static final int MAPS = 12;
  private static final int ROUNDS = 6;
  private static final int SERVERS = 4;
  private final AdminHttp api = new AdminHttp();

  @Test
  void shouldFinishEveryRoundOnceAfterKillNineOnH2File(@TempDir Path dataDir) throws Exception {
    runThroughACrash(List.of("--store", "h2", "--data-dir", dataDir.toString()));
  }

  @Test
  void shouldFinishEveryRoundOnceAfterKillNineOnPostgres() throws Exception {
    String schema = SharedServices.createPostgresSchema("crash");
    try {
      runThroughACrash(List.of("--store", "postgres", "--jdbc-url",
          SharedServices.postgresUrl(schema), "--jdbc-user", "postgres"));
    } finally {
      SharedServices.dropPostgresSchema(schema);
    }
  }

  @Test
  void shouldResumeOnTheSurvivingHostAfterKillNineOnRedis() throws Exception {
    SharedServices.requireRedis();
    String prefix = "crash-" + UUID.randomUUID();
    List<String> store = List.of("--store", "redis", "--redis-uri", SharedServices.REDIS,
        "--redis-prefix", prefix);
    AtomicInteger completed = new AtomicInteger();
    List<RoundRobot> fleet = new ArrayList<>();
    try (HostProcess doomed = HostProcess.start(withTimings(store, "doomed"));
        HostProcess survivor = HostProcess.start(withTimings(store, "survivor"))) {
      for (int i = 0; i < SERVERS; i++) {
        fleet.add(RoundRobot.connect(doomed.ws("robot-" + i), ROUNDS, completed));
      }
      for (int i = 0; i < MAPS; i++) {
        api.createMap(survivor, "crash-" + i);
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> completed.get() >= MAPS * ROUNDS / 3);

      doomed.kill();
      fleet.forEach(RoundRobot::close);
      for (int i = 0; i < SERVERS; i++) {
        fleet.add(RoundRobot.connect(survivor.ws("robot-" + i), ROUNDS, completed));
      }

      await().atMost(Duration.ofSeconds(90)).until(() -> api.completedMaps(survivor) == MAPS);
      assertEveryRoundCompletedOnce(survivor);
    } finally {
      fleet.forEach(RoundRobot::close);
      SharedServices.deleteRedisKeys(prefix);
    }
  }

  private static List<String> withTimings(List<String> store, String hostId) {
    List<String> args = new ArrayList<>(store);
    args.addAll(List.of("--host-id", hostId, "--reconnect-grace", "2s", "--lease-timeout", "3s",
        "--heartbeat-interval", "1s"));
    return args;
  }

  private void runThroughACrash(List<String> storeArgs) throws Exception {
    List<String> args = withTimings(storeArgs, "crash-host");
    AtomicInteger completed = new AtomicInteger();
    List<RoundRobot> fleet = new ArrayList<>();
    try (HostProcess first = HostProcess.start(args)) {
      for (int i = 0; i < SERVERS; i++) {
        fleet.add(RoundRobot.connect(first.ws("robot-" + i), ROUNDS, completed));
      }
      for (int i = 0; i < MAPS; i++) {
        api.createMap(first, "crash-" + i);
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> completed.get() >= MAPS * ROUNDS / 3);

      first.kill();
    }
    fleet.forEach(RoundRobot::close);

    try (HostProcess second = HostProcess.start(args)) {
      for (int i = 0; i < SERVERS; i++) {
        fleet.add(RoundRobot.connect(second.ws("robot-" + i), ROUNDS, completed));
      }
      await().atMost(Duration.ofSeconds(90)).until(() -> api.completedMaps(second) == MAPS);
      assertEveryRoundCompletedOnce(second);
    } finally {
      fleet.forEach(RoundRobot::close);
    }
  }

  private void assertEveryRoundCompletedOnce(HostProcess host)
      throws IOException, InterruptedException {
    for (int i = 0; i < MAPS; i++) {
      assertThat(api.completedRounds(host, "crash-" + i))
          .as("completed rounds of crash-%d", i)
          .containsExactlyElementsOf(LongStream.range(0, ROUNDS).boxed().toList());
    }
  }
}
