package dev.orchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.core.memory.InMemoryStore;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.Command;
import dev.orchestrator.core.protocol.Welcome;
import dev.orchestrator.host.client.GameServerClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/host/drain/} and drain-on-shutdown: new sessions refused, servers sent
 * elsewhere with their jobs, readiness and metrics showing it, and the host stopping by itself.
 */
class DrainTest {
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final Duration WAIT = Duration.ofSeconds(15);
  private final InMemoryStore store = new InMemoryStore();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void shouldSendServersToTheReconnectUrlWhereTheyResumeTheirJobsAndStopOnceTheyLeft()
      throws Exception {
    // Given two hosts on one store and a game server working on a job on the first
    TestHost target = host("host-b", b -> { });
    TestHost draining = host("host-a", b -> { });
    ClientRecorder recorder = new ClientRecorder(null);
    GameServerClient client = client(draining, "mc-1", recorder);
    draining.createMap("world-1");
    await().atMost(WAIT).until(() -> recorder.jobs.size() == 1);
    AssignJob job = recorder.jobs.get(0);

    // When the first host drains towards the second
    JsonNode drain = TestHost.json(draining.post("/api/host/drain/",
        "{\"reconnect_url\":\"ws://127.0.0.1:" + target.host().wsPort() + "/\","
            + "\"timeout\":\"30s\"}"));

    // Then it tells the server, which resumes the same job there, and stops well before 30 s
    assertThat(drain.get("draining").asBoolean()).isTrue();
    assertThat(drain.get("sessions_told").asInt()).isEqualTo(1);
    assertThat(drain.get("reconnect_url").asText())
        .isEqualTo("ws://127.0.0.1:" + target.host().wsPort());
    awaitStop(draining, Duration.ofSeconds(10));
    await().atMost(WAIT).until(() -> recorder.welcomes.size() == 2 && client.isConnected());
    assertThat(recorder.commands).extracting(Command::action).contains("reconnect");
    assertThat(recorder.welcomes.get(1).currentJob()).isEqualTo(job);
    assertThat(recorder.jobs).hasSize(1);
    assertThat(client.jobDone("world-1", job.jobId(), Instant.now())).isTrue();
    await().atMost(WAIT).until(() -> !recorder.acks.isEmpty());
    JsonNode history = TestHost.json(target.get("/api/map/world-1/history/")).get("history");
    assertThat(history).hasSize(1);
    assertThat(history.get(0).get("outcome").asText()).isEqualTo("completed");
    assertThat(history.get(0).get("attempt").asInt()).isEqualTo(1);
  }

  @Test
  void shouldRefuseNewSessionsAndShowTheDrainUntilItsTimeoutThenCloseTheRestWith1001()
      throws Exception {
    // Given a host with a game server that does not know the reconnect command
    TestHost host = host("host-a", b -> { });
    WsClient stubborn = WsClient.connect(host.ws("old-client"));
    stubborn.await(Welcome.class);

    // When the host drains for at most 2 s
    HttpResponse<String> started = host.post("/api/host/drain/", "{\"timeout\":\"2s\"}");

    // Then the server is told to reconnect through its own URL, and the drain is visible
    assertThat(started.statusCode()).isEqualTo(202);
    assertThat(stubborn.await(Command.class).action()).isEqualTo("reconnect");
    assertThat(stubborn.await(Command.class).paramsJson()).isEqualTo("{}");
    HttpResponse<String> ready = host.get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(TestHost.json(ready).get("status").asText()).isEqualTo("draining");
    JsonNode status = TestHost.json(host.get("/api/host/drain/"));
    assertThat(status.get("draining").asBoolean()).isTrue();
    assertThat(status.get("sessions_left").asInt()).isEqualTo(1);
    assertThat(status.get("timeout_ms").asLong()).isEqualTo(2000);
    assertThat(host.get("/metrics").body()).contains("orchestrator_host_draining 1");
    String refusal = handshake(host.host().wsPort(), "newcomer");
    assertThat(refusal).startsWith("HTTP/1.1 503").contains("Retry-After: 1");
    JsonNode again = TestHost.json(host.post("/api/host/drain/", "{\"timeout\":\"1h\"}"));
    assertThat(again.get("started_at")).isEqualTo(status.get("started_at"));
    // and once the timeout has passed, the host closes the rest with 1001 and stops
    assertThat(stubborn.awaitCloseCode()).isEqualTo(1001);
    awaitStop(host, Duration.ofSeconds(10));
  }

  @Test
  void shouldRefuseABadReconnectUrlOrTimeoutNamingTheFieldAndNotDrain() {
    TestHost host = host("host-a", b -> { });

    assertBadField(host, "{\"reconnect_url\":\"http://other:8765\"}", "reconnect_url");
    assertBadField(host, "{\"reconnect_url\":\"ws://other:8765/ws/server/x/\"}",
        "reconnect_url");
    assertBadField(host, "{\"timeout\":\"soon\"}", "timeout");
    assertBadField(host, "{\"timeout\":\"0s\"}", "timeout");
    assertBadField(host, "{\"timeout\":\"2h\"}", "timeout");
    assertBadField(host, "{\"timeout\":30}", "timeout");

    assertThat(TestHost.json(host.get("/api/host/drain/")).get("draining").asBoolean())
        .isFalse();
    assertThat(host.get("/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldDrainToTheConfiguredUrlOnShutdownWhenAsked() throws Exception {
    // Given a host that drains on shutdown towards another, and a server working on it
    TestHost target = host("host-b", b -> { });
    TestHost draining = host("host-a", b -> b.drainOnShutdown(true)
        .reconnectUrl("ws://127.0.0.1:" + target.host().wsPort()));
    ClientRecorder recorder = new ClientRecorder(null);
    GameServerClient client = client(draining, "mc-1", recorder);
    draining.createMap("world-1");
    await().atMost(WAIT).until(() -> recorder.jobs.size() == 1);

    // When it is shut down (what SIGTERM runs)
    CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> {
      try {
        draining.host().shutdown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });

    // Then the server moved to the other host with its job before the host stopped
    shutdown.get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> recorder.welcomes.size() == 2 && client.isConnected());
    assertThat(recorder.welcomes.get(1).currentJob().jobId())
        .isEqualTo(recorder.jobs.get(0).jobId());
    assertThat(recorder.jobs).hasSize(1);
  }

  private static void assertBadField(TestHost host, String body, String field) {
    HttpResponse<String> response = host.post("/api/host/drain/", body);
    assertThat(response.statusCode()).as(body).isEqualTo(400);
    assertThat(TestHost.json(response).get("field").asText()).as(body).isEqualTo(field);
    assertThat(TestHost.json(response).get("message").asText()).as(body).contains(field);
  }

  private TestHost host(String id, Consumer<HostConfig.Builder> settings) {
    TestHost host = TestHost.start(b -> {
      b.store(store, "memory").hostId(id).reconnectGrace(GRACE);
      settings.accept(b);
    });
    open.add(host);
    return host;
  }

  /** A client whose own reconnects wait long, so only the reconnect command moves it fast. */
  private GameServerClient client(TestHost host, String id, ClientRecorder recorder) {
    GameServerClient client = GameServerClient.builder(
            URI.create("ws://127.0.0.1:" + host.host().wsPort()), id)
        .jobHandler(recorder)
        .listener(recorder)
        .reconnectBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30))
        .build();
    open.add(client);
    client.start();
    return client;
  }

  private static void awaitStop(TestHost host, Duration limit) throws Exception {
    CompletableFuture.runAsync(() -> {
      try {
        host.host().awaitStop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }).get(limit.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A WebSocket handshake by hand, so the refusal's status line and headers can be read. */
  private static String handshake(int port, String serverId) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /ws/server/" + serverId + "/ HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != -1) {
        head.write(b);
        if (head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
          break;
        }
      }
      return head.toString(StandardCharsets.US_ASCII);
    }
  }
}
