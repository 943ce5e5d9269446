package dev.orchestrator.host.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.core.contract.ExternalService;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.protocol.Ack;
import dev.orchestrator.host.client.ClientListener;
import dev.orchestrator.host.client.GameServerClient;
import dev.orchestrator.host.crash.HostProcess;
import dev.orchestrator.jdbc.JdbcStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rolling upgrade of docs/OPERATIONS.md, step by step: two host processes on one
 * PostgreSQL behind nginx running the nginx file from that page, a fleet of game servers
 * working through nginx; host A is drained, exits, starts again and becomes ready, then the
 * same for B. Afterwards the store shows every round done exactly once, no overlapping leases,
 * and no pause in completions as long as the reconnect grace.
 */
class RollingUpgradeTest {
  private static final int SERVERS = 50;
  private static final int MAPS = 50;
  private static final Duration GRACE = Duration.ofSeconds(10);
  // Lease times come from each host's estimate of the database clock, taken over a round
  // trip, so two hosts' times of one instant may differ by about that much.
  private static final Duration CLOCK_TOLERANCE = Duration.ofMillis(500);
  private static final String DB = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final Path OPERATIONS = Path.of("..", "docs", "OPERATIONS.md");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger acked = new AtomicInteger();
  private volatile boolean finishing;

  @Test
  void shouldUpgradeBothHostsOneAfterTheOtherWithoutLosingOrRepeatingARound(
      @TempDir Path nginxDir) throws Exception {
    Path nginxBinary = Nginx.require();
    ExternalService.require("PostgreSQL", "127.0.0.1", 5432,
        "pg_ctlcluster --skip-systemctl-redirect 15 main start");
    String schema = "upgrade_" + UUID.randomUUID().toString().replace("-", "");
    String jdbcUrl = DB + "?currentSchema=" + schema;
    sql("create schema " + schema);
    int[] ports = freePorts(5);
    int wsA = ports[0];
    int httpA = ports[1];
    int wsB = ports[2];
    int httpB = ports[3];
    int balancer = ports[4];
    List<GameServerClient> fleet = new ArrayList<>();
    ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    HostProcess a = null;
    HostProcess b = null;
    try {
      // Given two hosts on one store behind nginx, and a fleet working through nginx
      a = HostProcess.startOn(wsA, httpA, hostArgs(jdbcUrl, "host-a"));
      b = HostProcess.startOn(wsB, httpB, hostArgs(jdbcUrl, "host-b"));
      try (Nginx nginx = Nginx.start(nginxBinary, nginxDir,
          documentedConfig(wsA, httpA, wsB, httpB, balancer), balancer)) {
        for (int i = 0; i < MAPS; i++) {
          post(a.http("/api/map/create/"), "{\"map_id\":\"up-" + i + "\",\"season_id\":1}");
        }
        URI viaNginx = URI.create("ws://127.0.0.1:" + balancer);
        for (int i = 0; i < SERVERS; i++) {
          fleet.add(startServer(viaNginx, "gs-" + i, timers));
        }
        assertThat(get(URI.create("http://127.0.0.1:" + balancer + "/api/queue/")).statusCode())
            .isEqualTo(200);
        HostProcess firstA = a;
        HostProcess firstB = b;
        await("both hosts serving game servers").atMost(Duration.ofSeconds(60))
            .until(() -> sessions(firstA) > 0 && sessions(firstB) > 0 && acked.get() >= 100);

        // When A is drained, exits, comes back on a new build and is ready, then B the same
        a = upgrade(a, wsA, httpA, hostArgs(jdbcUrl, "host-a"));
        b = upgrade(b, wsB, httpB, hostArgs(jdbcUrl, "host-b"));

        // Then the fleet kept working throughout; now let every map finish its last round
        int before = acked.get();
        await().atMost(Duration.ofSeconds(20)).until(() -> acked.get() >= before + 100);
        finishing = true;
        HostProcess last = b;
        await("every map completed").atMost(Duration.ofSeconds(30))
            .until(() -> mapsCompleted(last) == MAPS);
      }
    } finally {
      fleet.forEach(GameServerClient::close);
      timers.shutdownNow();
      if (a != null) {
        a.close();
      }
      if (b != null) {
        b.close();
      }
    }
    try {
      assertTheStoreShowsEveryRoundOnce(jdbcUrl);
    } finally {
      sql("drop schema " + schema + " cascade");
    }
  }

  /** Steps 1 to 3 of the recipe for one host; returns the new process. */
  private HostProcess upgrade(HostProcess host, int wsPort, int httpPort, List<String> args)
      throws Exception {
    long began = System.nanoTime();
    HttpResponse<String> drain = post(host.http("/api/host/drain/"), "{\"timeout\":\"20s\"}");
    assertThat(drain.statusCode()).as(drain.body()).isEqualTo(202);
    assertThat(JSON.readTree(drain.body()).get("sessions_told").asInt())
        .as("game servers the drain sent away").isPositive();
    assertThat(host.awaitExit(Duration.ofSeconds(30))).as(host.log()).isZero();
    assertThat(host.log()).contains("drained: every game server left");
    long exited = System.nanoTime();

    HostProcess restarted = HostProcess.startOn(wsPort, httpPort, args);
    await("restarted host ready").atMost(Duration.ofSeconds(30))
        .until(() -> get(restarted.http("/readyz")).statusCode() == 200);
    System.out.printf("rolling upgrade: host on port %d drained and exited in %d ms, was ready"
            + " again %d ms later%n", wsPort, TimeUnit.NANOSECONDS.toMillis(exited - began),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - exited));
    int before = acked.get();
    await().atMost(Duration.ofSeconds(20)).until(() -> acked.get() >= before + 50);
    return restarted;
  }

  private void assertTheStoreShowsEveryRoundOnce(String jdbcUrl) {
    List<Instant> completions = new ArrayList<>();
    try (JdbcStore store = JdbcStore.builder().jdbcUrl(jdbcUrl).user("postgres")
        .maximumPoolSize(2).build()) {
      for (int i = 0; i < MAPS; i++) {
        String mapId = "up-" + i;
        GameMap map = store.findMap(mapId).orElseThrow();
        List<TaskRecord> history = new ArrayList<>(store.history(mapId, 100_000));
        history.sort(Comparator.comparingLong(TaskRecord::roundNumber));
        assertThat(map.status()).as(mapId).isEqualTo(MapStatus.COMPLETED);
        assertThat(history).as("no job of %s restarted", mapId)
            .allSatisfy(r -> {
              assertThat(r.outcome()).isEqualTo(TaskOutcome.COMPLETED);
              assertThat(r.attempt()).isEqualTo(1);
            });
        assertThat(history).as("each round of %s done once, none lost", mapId)
            .extracting(TaskRecord::roundNumber)
            .containsExactlyElementsOf(
                LongStream.range(0, map.currentRoundNumber()).boxed().toList());
        for (int r = 1; r < history.size(); r++) {
          assertThat(history.get(r).startedAt()).as("lease of %s round %d began before the"
                  + " previous one ended", mapId, r)
              .isAfterOrEqualTo(history.get(r - 1).endedAt().minus(CLOCK_TOLERANCE));
        }
        history.forEach(record -> completions.add(record.endedAt()));
      }
    }
    completions.sort(Comparator.naturalOrder());
    Duration longestPause = Duration.ZERO;
    for (int i = 1; i < completions.size(); i++) {
      Duration pause = Duration.between(completions.get(i - 1), completions.get(i));
      longestPause = pause.compareTo(longestPause) > 0 ? pause : longestPause;
    }
    System.out.printf("rolling upgrade: %d rounds completed, longest pause %d ms%n",
        completions.size(), longestPause.toMillis());
    assertThat(longestPause).as("longest time without a completed round")
        .isLessThan(GRACE);
  }

  private GameServerClient startServer(URI url, String id, ScheduledExecutorService timers) {
    GameServerClient[] self = new GameServerClient[1];
    GameServerClient client = GameServerClient.builder(url, id)
        .reconnectBackoff(Duration.ofMillis(200), Duration.ofSeconds(1))
        .scheduler(timers)
        .listener(new ClientListener() {
          @Override
          public void onAck(Ack ack) {
            acked.incrementAndGet();
          }
        })
        .jobHandler((job, resumed) -> {
          timers.schedule(() -> self[0].jobDone(job.mapId(), job.jobId(),
                  finishing ? null : Instant.now()),
              ThreadLocalRandom.current().nextLong(100, 300), TimeUnit.MILLISECONDS);
          return null;
        })
        .build();
    self[0] = client;
    client.start();
    return client;
  }

  private static List<String> hostArgs(String jdbcUrl, String hostId) {
    return List.of("--store", "postgres", "--jdbc-url", jdbcUrl, "--jdbc-user", "postgres",
        "--host-id", hostId, "--reconnect-grace", GRACE.toSeconds() + "s",
        "--lease-timeout", "30s");
  }

  /** The nginx file of docs/OPERATIONS.md with the two hosts and its port on loopback. */
  private static String documentedConfig(int wsA, int httpA, int wsB, int httpB, int port)
      throws IOException {
    String doc = Files.readString(OPERATIONS, StandardCharsets.UTF_8);
    Matcher block = Pattern.compile("```nginx\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    assertThat(block.find()).as("an nginx block in " + OPERATIONS).isTrue();
    String config = block.group(1);
    Map<String, String> replacements = Map.of(
        "10.0.0.11:8765", "127.0.0.1:" + wsA,
        "10.0.0.11:8080", "127.0.0.1:" + httpA,
        "10.0.0.12:8765", "127.0.0.1:" + wsB,
        "10.0.0.12:8080", "127.0.0.1:" + httpB,
        "listen 80;", "listen 127.0.0.1:" + port + ";");
    for (Map.Entry<String, String> replacement : replacements.entrySet()) {
      assertThat(config).as("the documented nginx file").contains(replacement.getKey());
      config = config.replace(replacement.getKey(), replacement.getValue());
    }
    return config;
  }

  /** Game servers attached to {@code host} now. */
  private int sessions(HostProcess host) throws IOException, InterruptedException {
    return JSON.readTree(get(host.http("/api/host/drain/")).body()).get("sessions_left").asInt();
  }

  private long mapsCompleted(HostProcess host) throws IOException, InterruptedException {
    return JSON.readTree(get(host.http("/api/maps/?status=completed&limit=1000")).body())
        .get("count").asLong();
  }

  private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(URI uri, String body)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Ports the system handed out just now; the hosts and nginx bind them next. */
  private static int[] freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  private static void sql(String statement) throws SQLException {
    try (Connection connection = DriverManager.getConnection(DB, "postgres", "");
        Statement s = connection.createStatement()) {
      s.execute(statement);
    }
  }
}
