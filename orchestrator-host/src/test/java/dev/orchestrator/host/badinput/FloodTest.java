package dev.orchestrator.host.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.protocol.ProtocolError;
import dev.orchestrator.host.TestHost;
import dev.orchestrator.host.internal.StoreFactory;
import dev.orchestrator.host.internal.StoreFactory.Kind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Floods on loopback while 20 well-behaved servers heartbeat every 200 ms and complete jobs: a
 * storm of 2,000 connection attempts (half without a token; the others open and close at once with
 * a close frame), and 20,000 frames on one connection.
 * Asserts behaviour only; the job_done-to-ack latencies of the well-behaved servers are printed
 * per phase (baseline, during the flood) for docs/RELIABILITY.md. Runs on the in-memory store;
 * subclasses run the same floods on the shared stores.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FloodTest {
  private static final String TOKEN = "server-token-for-floods";
  private static final int GOOD_SERVERS = 20;
  private static final Duration HEARTBEAT = Duration.ofMillis(200);
  private static final Duration NEXT_ROUND = Duration.ofMillis(100);
  private static final int STORM_ATTEMPTS = 2_000;
  private static final int STORM_IN_FLIGHT = 32;
  private static final int FLOOD_FRAMES = 20_000;

  private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
  private volatile String phase = "baseline";
  private String storeKind;
  private TestHost host;
  private ScheduledExecutorService scheduler;
  private final List<GoodServer> good = new ArrayList<>();

  /** The store the host runs on; called once per test, before the host starts. */
  protected StoreFactory.Options storeOptions() throws Exception {
    return new StoreFactory.Options(Kind.MEMORY, null, null, null, null, null, null);
  }

  /** Removes what {@link #storeOptions()} created, after the host stopped. */
  protected void dropStore() throws Exception { }

  @BeforeEach
  void startFleet() throws Exception {
    StoreFactory.Options options = storeOptions();
    storeKind = options.kind().name().toLowerCase(Locale.ROOT);
    StoreFactory.Opened store = StoreFactory.open(options);
    host = TestHost.start(b -> b.serverToken(TOKEN).maxAttempts(1000)
        .store(store.store(), store.description())
        .customize(c -> c.clock(store.clock()).sweepInterval(Duration.ofMillis(50))
            .retryBackoff(Duration.ZERO, Duration.ZERO)));
    scheduler = Executors.newScheduledThreadPool(2);
    for (int i = 0; i < GOOD_SERVERS; i++) {
      host.createMap("flood-map-" + i);
    }
    for (int i = 0; i < GOOD_SERVERS; i++) {
      GoodServer server = new GoodServer(host.ws("good-" + i),
          Map.of("Authorization", "Bearer " + TOKEN), NEXT_ROUND, () -> phase, latencies);
      assertThat(server.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
      server.startHeartbeats(scheduler, HEARTBEAT);
      good.add(server);
    }
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> completions() >= 200);
  }

  @AfterEach
  void stopFleet() throws Exception {
    for (GoodServer server : good) {
      server.stopHeartbeats();
      server.closeBlocking();
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    if (host != null) {
      host.close();
    }
    dropStore();
  }

  @Test
  void shouldRefuseUnauthorizedHalfOfAConnectionStormWhileGoodServersKeepWorking()
      throws InterruptedException {
    int before = completions();
    phase = "storm";
    AtomicInteger unauthorized = new AtomicInteger();
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    Semaphore inFlight = new Semaphore(STORM_IN_FLIGHT);
    HttpClient http = HttpClient.newHttpClient();
    long started = System.nanoTime();
    List<CompletableFuture<Void>> attempts = new ArrayList<>();
    for (int i = 0; i < STORM_ATTEMPTS; i++) {
      boolean withToken = i % 2 == 0;
      URI uri = URI.create(host.ws("storm-" + i) + (withToken ? "?token=" + TOKEN : ""));
      inFlight.acquire();
      ClosingListener listener = new ClosingListener();
      attempts.add(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
          .buildAsync(uri, listener)
          .handle((socket, error) -> {
            if (socket != null) {
              opened.incrementAndGet();
              return socket.sendClose(WebSocket.NORMAL_CLOSURE, "storm")
                  .thenCompose(s -> listener.closed);
            }
            if (unwrap(error) instanceof WebSocketHandshakeException refused
                && refused.getResponse().statusCode() == 401) {
              unauthorized.incrementAndGet();
            } else {
              other.incrementAndGet();
            }
            return CompletableFuture.<Void>completedFuture(null);
          })
          .thenCompose(done -> done)
          .orTimeout(20, TimeUnit.SECONDS)
          .whenComplete((done, error) -> inFlight.release()));
    }
    CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new)).join();
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    System.out.printf("[%s] storm: %d attempts in %d ms: %d opened, %d refused 401, %d other%n",
        storeKind, STORM_ATTEMPTS, elapsedMs, opened.get(), unauthorized.get(), other.get());
    int during = completions() - before;
    phase = "after-storm";

    assertThat(unauthorized.get()).isEqualTo(STORM_ATTEMPTS / 2);
    assertThat(host.metric("orchestrator_ws_handshakes_refused_total{status=\"401\"}"))
        .isEqualTo(STORM_ATTEMPTS / 2);
    assertThat(opened.get()).isEqualTo(STORM_ATTEMPTS / 2);
    assertThat(during).isPositive();
    assertFleetHealthy();
    printLatencies();
  }

  @Test
  void shouldRateLimitThenCloseAFlooderWhileGoodServersKeepWorking() throws InterruptedException {
    int before = completions();
    phase = "flood";
    long started = System.nanoTime();
    int sent = 0;
    int connections = 0;
    long rateLimited = 0;
    List<Integer> codes = new ArrayList<>();
    while (sent < FLOOD_FRAMES) {
      RawClient flooder = new RawClient(host.ws("flooder"),
          Map.of("Authorization", "Bearer " + TOKEN));
      assertThat(flooder.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
      connections++;
      flooder.send("{\"type\":\"status_update\",\"status\":\"busy\"}");
      sent++;
      // A flooder keeps going until the host pushes back: past the frame budget the last
      // connection floods on until it is answered rate_limited (a slow sender stays within the
      // refilled rate for longer) or closed, within a bounded time.
      long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (flooder.isOpen()
          && (sent < FLOOD_FRAMES || !answeredRateLimited(flooder))
          && System.nanoTime() < giveUpAt) {
        try {
          flooder.send("{\"type\":\"heartbeat\",\"cpu_usage\":99}");
          sent++;
        } catch (WebsocketNotConnectedException closedMeanwhile) {
          break;
        }
      }
      if (flooder.isOpen()) {
        assertThat(answeredRateLimited(flooder)).as("rate_limited before the flood ended")
            .isTrue();
        flooder.closeBlocking();
      } else {
        codes.add(flooder.awaitCloseCode());
      }
      rateLimited += flooder.received().stream()
          .filter(f -> f.contains("\"rate_limited\"")).count();
    }
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    int during = completions() - before;
    phase = "after-flood";
    System.out.printf("[%s] flood: %d frames on %d successive connections in %d ms; closes by"
        + " the host %s; %d rate_limited answers seen; %d jobs completed by the fleet meanwhile%n",
        storeKind, sent, connections, elapsedMs, codes, rateLimited, during);

    assertThat(rateLimited).isPositive();
    assertThat(host.metric("orchestrator_protocol_errors_total{code=\"rate_limited\"}"))
        .isGreaterThanOrEqualTo(50.0 * codes.size());
    assertThat(codes).as("1008, or 1006 when the reset of a socket closed with unread flood "
        + "frames overtakes the close frame").isNotEmpty().allMatch(c -> c == 1008 || c == 1006);
    assertThat(during).isPositive();
    assertFleetHealthy();
    printLatencies();
  }

  private static boolean answeredRateLimited(RawClient flooder) {
    return flooder.received().stream().anyMatch(f -> f.contains("\"rate_limited\""));
  }

  private void assertFleetHealthy() {
    int before = completions();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> completions() >= before + 50);
    for (GoodServer server : good) {
      assertThat(server.isOpen()).as("%s open", server.getURI()).isTrue();
      assertThat(server.closeCode()).isEqualTo(-1);
      assertThat(server.errors()).extracting(ProtocolError::code).isEmpty();
    }
    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> WebSocketFuzzTest.sessions(host) == GOOD_SERVERS);
    assertThat(host.get("/healthz").statusCode()).isEqualTo(200);
  }

  private int completions() {
    return good.stream().mapToInt(GoodServer::completed).sum();
  }

  private void printLatencies() {
    for (String name : List.of("baseline", "storm", "flood")) {
      List<Long> samples = latencies.get(name);
      if (samples == null || samples.isEmpty()) {
        continue;
      }
      List<Long> sorted = new ArrayList<>(samples);
      sorted.sort(null);
      System.out.printf(
          "[%s] latency job_done->ack [%s]: n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms%n",
          storeKind, name, sorted.size(), millis(sorted, 0.50), millis(sorted, 0.99),
          sorted.get(sorted.size() - 1) / 1e6);
    }
  }

  private static double millis(List<Long> sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.size()) - 1;
    return sorted.get(Math.max(0, index)) / 1e6;
  }

  /** Completes when the host has answered the client's close, or the connection failed. */
  private static final class ClosingListener implements WebSocket.Listener {
    final CompletableFuture<Void> closed = new CompletableFuture<>();

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
      closed.complete(null);
      return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      closed.complete(null);
    }
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
  }
}
