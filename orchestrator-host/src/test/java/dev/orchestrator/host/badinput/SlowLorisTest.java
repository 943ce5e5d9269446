package dev.orchestrator.host.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.host.TestHost;
import dev.orchestrator.host.crash.HostProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Slow-loris clients on both listeners: connections that send their request a byte at a time
 * and never finish the headers, or send nothing. The host keeps serving well-behaved clients
 * and drops each slow one once the handshake timeout has passed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowLorisTest {
  private static final int LORISES = 40;
  private static final Duration DRIBBLE = Duration.ofMillis(100);
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final List<SlowLoris> lorises = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (SlowLoris loris : lorises) {
      loris.close();
    }
    scheduler.shutdownNow();
  }

  @Test
  void shouldDropUnfinishedGameServerHandshakesAfterTheTimeoutWhileServingOthers()
      throws Exception {
    Duration timeout = Duration.ofSeconds(1);
    try (TestHost host = TestHost.start(b -> b.handshakeTimeout(timeout))) {
      int port = host.host().wsPort();
      for (int i = 0; i < LORISES; i++) {
        String head = i % 2 == 0 ? ""
            : "GET /ws/server/loris-" + i + "/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
        lorises.add(new SlowLoris(port, head, DRIBBLE, scheduler));
      }

      host.createMap("loris-map");
      GoodServer good = new GoodServer(host.ws("good-1"), Map.of(), Duration.ofHours(1),
          () -> "loris", new ConcurrentHashMap<>());
      assertThat(good.connectBlocking(5, TimeUnit.SECONDS)).isTrue();
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> good.completed() == 1);

      Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> lorises.stream().allMatch(SlowLoris::isClosedByServer));
      assertHeldBetween(timeout.minusMillis(100), timeout.plusSeconds(3));
      assertThat(host.metric("orchestrator_ws_handshakes_refused_total{status=\"408\"}"))
          .isEqualTo(LORISES);
      assertThat(good.isOpen()).as("a session is not subject to the handshake timeout").isTrue();
      good.closeBlocking();
    }
  }

  @Test
  void shouldDropUnfinishedAdminRequestsAfterTheTimeoutSoTheApiAnswersAgain() throws Exception {
    try (HostProcess host = HostProcess.start(List.of("--store", "memory",
        "--handshake-timeout", "2s"))) {
      int port = host.http("/").getPort();
      // More slow clients than the admin API has threads: each holds one while it reads.
      for (int i = 0; i < 10; i++) {
        String head = i % 2 == 0 ? "" : "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
        lorises.add(new SlowLoris(port, head, DRIBBLE, scheduler));
      }

      long started = System.nanoTime();
      HttpResponse<String> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
              .timeout(Duration.ofSeconds(15)).build(),
          HttpResponse.BodyHandlers.ofString());
      Duration answeredIn = Duration.ofNanos(System.nanoTime() - started);
      System.out.printf("admin /healthz with 10 slow clients answered in %d ms%n",
          answeredIn.toMillis());

      assertThat(health.statusCode()).isEqualTo(200);
      Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> lorises.stream().allMatch(SlowLoris::isClosedByServer));
      assertHeldBetween(Duration.ofMillis(1900), Duration.ofSeconds(6));
    }
  }

  private void assertHeldBetween(Duration least, Duration most) {
    for (SlowLoris loris : lorises) {
      assertThat(loris.heldFor()).isBetween(least, most);
    }
    System.out.printf("slow clients held open for %d to %d ms%n",
        lorises.stream().mapToLong(l -> l.heldFor().toMillis()).min().orElseThrow(),
        lorises.stream().mapToLong(l -> l.heldFor().toMillis()).max().orElseThrow());
  }
}
