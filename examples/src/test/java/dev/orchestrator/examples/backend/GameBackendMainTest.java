package dev.orchestrator.examples.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.protocol.Ack;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.Hello;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.Welcome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GameBackendMainTest {
  private static final String TOKEN = "backend-test-token";
  private static final String SERVER_ID = "unity_127_0_0_1";

  @TempDir Path dataDir;
  private GameBackendMain backend;

  @AfterEach
  void stopBackend() {
    if (backend != null) {
      backend.close();
    }
  }

  @Test
  void shouldAssignTheNextRoundOnceAGameServerReportsItsJobDone() throws Exception {
    // Given a running backend and a game server connected to its WebSocket endpoint
    backend = GameBackendMain.start(options());
    try (WebSocketGameServer server = connect(TOKEN)) {
      assertThat(server.next(Welcome.class).currentJob()).isNull();
      server.send(new Hello("127.0.0.1", 1, Map.of("region", "eu"), "test"));

      // When a map is created through the REST call
      assertThat(postMap("{\"map_id\":\"planet_1\",\"season_id\":\"s1\"}").statusCode())
          .isEqualTo(201);

      // Then the server is handed its first round, and after job_done the next one
      AssignJob first = server.next(AssignJob.class);
      assertThat(first.mapId()).isEqualTo("planet_1");
      assertThat(first.currentRoundNumber()).isZero();
      server.send(new JobDone("planet_1", Instant.now(), first.jobId()));
      assertThat(server.next(Ack.class)).isEqualTo(new Ack("job_done", "planet_1", first.jobId()));
      AssignJob second = server.next(AssignJob.class);
      assertThat(second.currentRoundNumber()).isEqualTo(1);
      assertThat(second.jobId()).isNotEqualTo(first.jobId());
      assertThat(backend.orchestrator().history("planet_1", 10))
          .extracting(TaskRecord::jobId, TaskRecord::outcome)
          .containsExactly(tuple(first.jobId(), TaskOutcome.COMPLETED));

      // And shutting the backend down closes the game server with 1001 (going away)
      backend.close();
      assertThat(server.awaitCloseCode()).isEqualTo(1001);
    }
  }

  @Test
  void shouldHandBackTheLeasedJobAfterARestartOnTheSameDataFolder() throws Exception {
    // Given a game server holding a job when the backend stops
    backend = GameBackendMain.start(options());
    int port = backend.webSocketPort();
    AssignJob held;
    try (WebSocketGameServer server = connect(TOKEN)) {
      server.next(Welcome.class);
      postMap("{\"map_id\":\"planet_2\",\"season_id\":\"s1\"}");
      held = server.next(AssignJob.class);
      backend.close();
      server.awaitCloseCode();
    }

    // When the backend starts again on the same port and folder and the server reconnects
    backend = GameBackendMain.start(options().withPorts(port, 0));
    try (WebSocketGameServer server = connect(TOKEN)) {
      // Then the welcome carries the job it still holds, and finishing it is acknowledged
      assertThat(server.next(Welcome.class).currentJob()).isEqualTo(held);
      server.send(new JobDone("planet_2", null, held.jobId()));
      assertThat(server.next(Ack.class).jobId()).isEqualTo(held.jobId());
    }
  }

  @Test
  void shouldRefuseAGameServerWithoutTheRightToken() {
    // Given a backend that requires a token
    backend = GameBackendMain.start(options());

    // When a game server connects with a wrong one, then the handshake is refused
    assertThatThrownBy(() -> WebSocketGameServer.connect(endpoint(), "wrong").join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(WebSocketHandshakeException.class);
  }

  @Test
  void shouldAnswerConflictForAMapThatExistsAndBadRequestForAnIncompleteOne() throws Exception {
    // Given a backend with one map
    backend = GameBackendMain.start(options());
    postMap("{\"map_id\":\"planet_3\",\"season_id\":\"s1\"}");

    // When the same map is created again, or one without a season
    HttpResponse<String> again = postMap("{\"map_id\":\"planet_3\",\"season_id\":\"s1\"}");
    HttpResponse<String> incomplete = postMap("{\"map_id\":\"planet_4\"}");

    // Then the answers say why
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(incomplete.statusCode()).isEqualTo(400);
    assertThat(incomplete.body()).contains("season_id is required");
  }

  private BackendOptions options() {
    return BackendOptions.inDirectory(dataDir)
        .withServerToken(TOKEN)
        .withHeartbeatInterval(Duration.ofSeconds(1));
  }

  private WebSocketGameServer connect(String token) {
    return WebSocketGameServer.connect(endpoint(), token).join();
  }

  private URI endpoint() {
    return URI.create(
        "ws://127.0.0.1:" + backend.webSocketPort() + "/ws/server/" + SERVER_ID + "/");
  }

  private HttpResponse<String> postMap(String json) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + backend.httpPort() + "/maps"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
