package dev.orchestrator.host.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.core.contract.ExternalService;
import dev.orchestrator.host.SharedServices;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store goes away under load and comes back: the host reports not ready meanwhile,
 * recovers by itself, and every round of every map is completed exactly once.
 */
class StoreOutageTest {
  private static final int MAPS = 10;
  private static final int ROUNDS = 8;
  private static final int SERVERS = 4;
  private final AdminHttp api = new AdminHttp();

  @Test
  void shouldRecoverByItselfWhenPostgresRestartsUnderLoad() throws Exception {
    ExternalService.require("PostgreSQL", "127.0.0.1", 5432,
        "pg_ctlcluster --skip-systemctl-redirect 15 main start");
    String cluster = postgresCluster();
    String schema = "outage_" + UUID.randomUUID().toString().replace("-", "");
    String base = "jdbc:postgresql://127.0.0.1:5432/test";
    SharedServices.postgres(base, "create schema " + schema);
    try {
      runThroughAnOutage(
          List.of("--store", "postgres", "--jdbc-url", base + "?currentSchema=" + schema,
              "--jdbc-user", "postgres"),
          () -> run("pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "stop"),
          () -> run("pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "start"));
    } finally {
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> SharedServices.postgres(base, "drop schema " + schema + " cascade"));
    }
  }

  @Test
  void shouldRecoverByItselfWhenRedisWithAppendOnlyFileRestartsUnderLoad(@TempDir Path dir)
      throws Exception {
    String redisServer = "/usr/bin/redis-server";
    requireTool(redisServer, "apt-get install redis-server");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    List<String> redis = List.of(redisServer, "--bind", "127.0.0.1", "--port",
        String.valueOf(port), "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
        "--dir", dir.toString(), "--maxmemory-policy", "noeviction");
    Process[] server = {new ProcessBuilder(redis).redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile()).start()};
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> accepts(port));
      runThroughAnOutage(
          List.of("--store", "redis", "--redis-uri", "redis://127.0.0.1:" + port + "/0"),
          () -> run("redis-cli", "-p", String.valueOf(port), "shutdown"),
          () -> {
            server[0] = new ProcessBuilder(redis).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-2.log").toFile()).start();
            await().atMost(Duration.ofSeconds(10)).until(() -> accepts(port));
          });
    } finally {
      server[0].destroyForcibly().waitFor();
    }
  }

  private void runThroughAnOutage(List<String> storeArgs, Step stop, Step start)
      throws Exception {
    List<String> args = new ArrayList<>(storeArgs);
    args.addAll(List.of("--host-id", "outage-host", "--reconnect-grace", "2s",
        "--lease-timeout", "3s", "--heartbeat-interval", "1s"));
    AtomicInteger completed = new AtomicInteger();
    List<RoundRobot> fleet = new ArrayList<>();
    try (HostProcess host = HostProcess.start(args)) {
      for (int i = 0; i < SERVERS; i++) {
        fleet.add(RoundRobot.connect(host.ws("robot-" + i), ROUNDS, completed));
      }
      for (int i = 0; i < MAPS; i++) {
        api.createMap(host, "outage-" + i);
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> completed.get() >= MAPS * ROUNDS / 4);

      stop.run();
      await().atMost(Duration.ofSeconds(30)).until(() -> api.status(host, "/readyz") == 503);
      start.run();
      await().atMost(Duration.ofSeconds(60)).until(() -> api.status(host, "/readyz") == 200);

      await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
          .until(() -> api.completedMaps(host) == MAPS);
      for (int i = 0; i < MAPS; i++) {
        assertThat(api.completedRounds(host, "outage-" + i))
            .as("completed rounds of outage-%d", i)
            .containsExactlyElementsOf(LongStream.range(0, ROUNDS).boxed().toList());
      }
    } finally {
      fleet.forEach(RoundRobot::close);
    }
  }

  /** One action on the store's server process. */
  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  private static String postgresCluster() throws IOException {
    requireTool("/usr/bin/pg_ctlcluster", "apt-get install postgresql");
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) || isCi(),
        "restarting the system PostgreSQL needs root; run the test as root or under CI");
    try (var versions = Files.list(Path.of("/etc/postgresql"))) {
      return versions.map(p -> p.getFileName().toString()).sorted().reduce((a, b) -> b)
          .orElseThrow();
    }
  }

  private static void requireTool(String path, String install) {
    if (new File(path).canExecute()) {
      return;
    }
    String message = path + " is missing; install it with: " + install;
    if (isCi()) {
      throw new AssertionError(message + " (CI=true: this test must run)");
    }
    Assumptions.abort(message);
  }

  private static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as("%s: %s", String.join(" ", command), output).isZero();
  }

  private static boolean accepts(int port) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }




}
