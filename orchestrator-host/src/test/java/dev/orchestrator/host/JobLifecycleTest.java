package dev.orchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.core.protocol.Ack;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.Welcome;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobLifecycleTest {
  private final TestHost host = TestHost.start();

  @AfterEach
  void stop() {
    host.close();
  }

  @Test
  void shouldRunRoundsOfAMapCreatedOverHttpOnAWebSocketServer() {
    WsClient server = WsClient.connect(host.ws("unity_127_0_0_1"));
    assertThat(server.await(Welcome.class).currentJob()).isNull();

    assertThat(host.createMap("planet-1").get("status").asText()).isEqualTo("queued");
    AssignJob first = server.await(AssignJob.class, 0);
    assertThat(first.mapId()).isEqualTo("planet-1");
    assertThat(first.currentRoundNumber()).isZero();

    server.send(new JobDone("planet-1", Instant.now(), first.jobId()));
    assertThat(server.await(Ack.class).jobId()).isEqualTo(first.jobId());
    AssignJob second = server.await(AssignJob.class, 1);
    assertThat(second.currentRoundNumber()).isEqualTo(1);
    assertThat(second.jobId()).isNotEqualTo(first.jobId());

    JsonNode history = TestHost.json(host.get("/api/map/planet-1/history/"));
    assertThat(history.get("history")).hasSize(1);
    assertThat(history.get("history").get(0).get("job_id").asText()).isEqualTo(first.jobId());
    assertThat(history.get("history").get(0).get("outcome").asText()).isEqualTo("completed");
    JsonNode map = TestHost.json(host.get("/api/map/planet-1"));
    assertThat(map.get("job_id").asText()).isEqualTo(second.jobId());
    assertThat(map.get("processing_server_id").asText()).isEqualTo("unity_127_0_0_1");
    server.close();
  }

  @Test
  void shouldServeASeedClientThatSendsNoJobIdAndReportsIdleAfterEachRound() throws Exception {
    List<String> frames = new CopyOnWriteArrayList<>();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(host.ws("unity_10_0_0_7"), new Collecting(frames))
        .get();
    await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() >= 1);
    host.createMap("arena");
    await().atMost(Duration.ofSeconds(10))
        .until(() -> frames.stream().anyMatch(f -> f.contains("\"assign_job\"")));

    socket.sendText("{\"type\":\"job_done\",\"map_id\":\"arena\",\"next_round_time\":null}", true)
        .get();
    socket.sendText("{\"type\":\"status_update\",\"status\":\"idle\"}", true).get();

    await().atMost(Duration.ofSeconds(10)).until(
        () -> TestHost.json(host.get("/api/map/arena/")).get("status").asText(),
        "completed"::equals);
    assertThat(frames).anyMatch(f -> f.contains("\"ack\""));
    JsonNode server = TestHost.json(host.get("/api/server/unity_10_0_0_7/"));
    assertThat(server.get("total_completed_map").asLong()).isEqualTo(1);
    assertThat(server.get("status").asText()).isEqualTo("idle");
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get();
  }

  /** Collects text frames of a {@code java.net.http} WebSocket. */
  static final class Collecting implements WebSocket.Listener {
    private final List<String> frames;
    private final StringBuilder partial = new StringBuilder();

    Collecting(List<String> frames) {
      this.frames = frames;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
