package dev.orchestrator.host.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.host.TestHost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * A client whose TCP connection drops right after the handshake, while its session is being
 * attached, must not leave a session behind. 20 well-behaved servers keep the engine busy; 2,000
 * clients (half without a token) connect and drop without a close frame. Afterwards the session
 * gauge must be back at 20 and no storm server may be anything but offline.
 */
class GhostSessionTest {
  private static final String TOKEN = "ghost-token";

  @RepeatedTest(5)
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void shouldLeaveNoSessionWhenClientsDropRightAfterTheHandshake() throws InterruptedException {
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    List<GoodServer> good = new ArrayList<>();
    try (TestHost host = TestHost.start(b -> b.serverToken(TOKEN).maxAttempts(1000))) {
      for (int i = 0; i < 20; i++) {
        host.createMap("ghost-map-" + i);
        GoodServer server = new GoodServer(host.ws("good-" + i),
            Map.of("Authorization", "Bearer " + TOKEN), Duration.ofMillis(100), () -> "x",
            new ConcurrentHashMap<>());
        assertThat(server.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
        server.startHeartbeats(scheduler, Duration.ofMillis(200));
        good.add(server);
      }
      HttpClient http = HttpClient.newHttpClient();
      Semaphore inFlight = new Semaphore(32);
      List<CompletableFuture<Void>> attempts = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        URI uri = URI.create(host.ws("drop-" + i) + (i % 2 == 0 ? "?token=" + TOKEN : ""));
        inFlight.acquire();
        attempts.add(http.newWebSocketBuilder()
            .buildAsync(uri, new WebSocket.Listener() { })
            .handle((socket, error) -> {
              inFlight.release();
              if (socket != null) {
                socket.abort();
              }
              return null;
            }));
      }
      CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new)).join();

      Awaitility.await().atMost(Duration.ofSeconds(15))
          .until(() -> WebSocketFuzzTest.sessions(host) == 20);
      JsonNode servers = TestHost.json(host.get("/api/servers/")).get("servers");
      for (JsonNode server : servers) {
        if (server.get("server_id").asText().startsWith("drop-")) {
          assertThat(server.get("status").asText()).as(server.toString()).isEqualTo("offline");
        }
      }
    } finally {
      for (GoodServer server : good) {
        server.stopHeartbeats();
        server.closeBlocking();
      }
      scheduler.shutdownNow();
    }
  }
}
