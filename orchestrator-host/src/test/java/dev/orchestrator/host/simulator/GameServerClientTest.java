package dev.orchestrator.host.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.Command;
import dev.orchestrator.host.ClientRecorder;
import dev.orchestrator.host.TestHost;
import dev.orchestrator.host.client.GameServerClient;
import dev.orchestrator.host.client.JobResult;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GameServerClientTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final TestHost host = TestHost.start(b -> b.reconnectGrace(Duration.ofSeconds(10)));
  private final List<GameServerClient> clients = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    clients.forEach(GameServerClient::close);
    host.close();
  }

  @Test
  void shouldTakeAJobFinishItAndGetTheNextRound() {
    ClientRecorder recorder = new ClientRecorder(null);
    GameServerClient client = start(url(host.host().wsPort()), "mc-1", recorder);
    await().atMost(WAIT).until(client::isConnected);

    host.createMap("world-1");
    await().atMost(WAIT).until(() -> recorder.jobs.size() == 1);
    AssignJob first = recorder.jobs.get(0);
    assertThat(first.mapId()).isEqualTo("world-1");
    assertThat(recorder.resumed).containsExactly(false);

    assertThat(client.jobDone("world-1", first.jobId(), Instant.now())).isTrue();

    await().atMost(WAIT).until(() -> recorder.acks.size() == 1 && recorder.jobs.size() == 2);
    assertThat(recorder.acks.get(0).jobId()).isEqualTo(first.jobId());
    AssignJob second = recorder.jobs.get(1);
    assertThat(second.currentRoundNumber()).isEqualTo(first.currentRoundNumber() + 1);
    assertThat(client.unacknowledgedResults()).isEmpty();
    assertThat(client.runningJobs()).containsExactly(second.jobId());
  }

  @Test
  void shouldSendTheResultTheHandlerReturnsAndReportFailures() {
    ClientRecorder recorder = new ClientRecorder(JobResult.failed("crashed", false));
    start(url(host.host().wsPort()), "mc-1", recorder);

    host.createMap("world-1");

    await().atMost(WAIT).until(() -> recorder.acks.size() == 1);
    assertThat(recorder.acks.get(0).refType()).isEqualTo("job_failed");
    await().atMost(WAIT).until(() -> TestHost.json(host.get("/api/map/world-1/"))
        .get("status").asText().equals("error"));
  }

  @Test
  void shouldReconnectAfterTheConnectionDropsAndKeepItsJobFromWelcome() throws Exception {
    try (TcpProxy proxy = new TcpProxy(host.host().wsPort())) {
      ClientRecorder recorder = new ClientRecorder(null);
      GameServerClient client = start(url(proxy.port()), "mc-1", recorder);
      host.createMap("world-1");
      await().atMost(WAIT).until(() -> recorder.jobs.size() == 1);
      AssignJob job = recorder.jobs.get(0);

      proxy.dropAll();

      await().atMost(WAIT).until(() -> recorder.welcomes.size() == 2 && client.isConnected());
      assertThat(recorder.disconnects).isNotEmpty();
      assertThat(recorder.welcomes.get(1).currentJob().jobId()).isEqualTo(job.jobId());
      assertThat(recorder.jobs).hasSize(1);
      assertThat(client.runningJobs()).containsExactly(job.jobId());

      assertThat(client.jobDone("world-1", job.jobId(), Instant.now())).isTrue();

      await().atMost(WAIT).until(() -> recorder.acks.size() == 1 && recorder.jobs.size() == 2);
      assertThat(recorder.acks.get(0).jobId()).isEqualTo(job.jobId());
      JsonNode history = TestHost.json(host.get("/api/map/world-1/history/")).get("history");
      assertThat(history).hasSize(1);
      assertThat(history.get(0).get("outcome").asText()).isEqualTo("completed");
      assertThat(history.get(0).get("attempt").asInt()).isEqualTo(1);
    }
  }

  @Test
  void shouldResumeTheJobFromWelcomeInANewProcessWithTheSameId() throws Exception {
    try (TcpProxy proxy = new TcpProxy(host.host().wsPort())) {
      ClientRecorder before = new ClientRecorder(null);
      start(url(proxy.port()), "mc-1", before);
      host.createMap("world-1");
      await().atMost(WAIT).until(() -> before.jobs.size() == 1);
      AssignJob job = before.jobs.get(0);
      proxy.stopAccepting();
      proxy.dropAll();

      ClientRecorder after = new ClientRecorder(JobResult.done(Instant.now()));
      start(url(host.host().wsPort()), "mc-1", after);

      await().atMost(WAIT).until(() -> !after.acks.isEmpty());
      assertThat(after.jobs.get(0).jobId()).isEqualTo(job.jobId());
      assertThat(after.resumed.get(0)).isTrue();
      assertThat(after.acks.get(0).jobId()).isEqualTo(job.jobId());
    }
  }

  @Test
  void shouldStopTheJobWhenTheHostCancelsIt() {
    ClientRecorder recorder = new ClientRecorder(null);
    GameServerClient client = start(url(host.host().wsPort()), "mc-1", recorder);
    host.createMap("world-1");
    await().atMost(WAIT).until(() -> recorder.jobs.size() == 1);
    AssignJob job = recorder.jobs.get(0);

    host.post("/api/command/", "{\"server_id\":\"mc-1\",\"action\":\"cancel_job\","
        + "\"params\":{\"job_id\":\"" + job.jobId() + "\"}}");

    await().atMost(WAIT).until(() -> recorder.cancelled.size() == 1);
    assertThat(recorder.cancelled.get(0).jobId()).isEqualTo(job.jobId());
    assertThat(recorder.commands).extracting(Command::action).contains("cancel_job");
    assertThat(client.runningJobs()).doesNotContain(job.jobId());
    assertThat(client.jobDone("world-1", job.jobId(), Instant.now())).isFalse();
  }

  @Test
  void shouldLeaveGracefullySoTheHostRequeuesTheJobAtOnce() {
    ClientRecorder recorder = new ClientRecorder(null);
    GameServerClient client = start(url(host.host().wsPort()), "mc-1", recorder);
    host.createMap("world-1");
    await().atMost(WAIT).until(() -> recorder.jobs.size() == 1);

    client.close();

    assertThat(recorder.disconnects).containsExactly(1000);
    await().atMost(WAIT).until(() -> TestHost.json(host.get("/api/server/mc-1/"))
        .get("status").asText().equals("offline"));
    assertThat(TestHost.json(host.get("/api/map/world-1/")).get("status").asText())
        .isEqualTo("queued");
  }

  @Test
  void shouldReconnectAtOnceWithoutLeavingWhenTheHostSaysReconnectAndKeepItsJob() {
    ClientRecorder recorder = new ClientRecorder(null);
    GameServerClient client = start(url(host.host().wsPort()), "mc-1", recorder);
    host.createMap("world-1");
    await().atMost(WAIT).until(() -> recorder.jobs.size() == 1);
    AssignJob job = recorder.jobs.get(0);

    command("mc-1", "reconnect", "{}");

    await().atMost(WAIT).until(() -> recorder.welcomes.size() == 2 && client.isConnected());
    assertThat(recorder.disconnects).containsExactly(1000);
    assertThat(recorder.welcomes.get(1).currentJob().jobId()).isEqualTo(job.jobId());
    assertThat(client.runningJobs()).containsExactly(job.jobId());
    assertThat(client.jobDone("world-1", job.jobId(), Instant.now())).isTrue();
    await().atMost(WAIT).until(() -> recorder.acks.size() == 1);
    JsonNode history = TestHost.json(host.get("/api/map/world-1/history/")).get("history");
    assertThat(history).hasSize(1);
    assertThat(history.get(0).get("outcome").asText()).isEqualTo("completed");
  }

  @Test
  void shouldMoveToTheUrlTheReconnectCommandNames() throws Exception {
    try (TcpProxy elsewhere = new TcpProxy(host.host().wsPort())) {
      ClientRecorder recorder = new ClientRecorder(null);
      GameServerClient client = start(url(host.host().wsPort()), "mc-1", recorder);
      await().atMost(WAIT).until(client::isConnected);

      command("mc-1", "reconnect", "{\"url\":\"ws://127.0.0.1:" + elsewhere.port() + "\"}");

      await().atMost(WAIT).until(() -> recorder.welcomes.size() == 2 && client.isConnected());
      assertThat(elsewhere.connections()).isEqualTo(1);

      // A later drop reconnects through the client's own URL, not the one it was sent to.
      client.dropConnection();
      await().atMost(WAIT).until(() -> recorder.welcomes.size() == 3 && client.isConnected());
      assertThat(elsewhere.connections()).isEqualTo(1);
    }
  }

  @Test
  void shouldReconnectThroughItsOwnUrlWhenTheCommandNamesOneItCannotUse() {
    ClientRecorder recorder = new ClientRecorder(null);
    GameServerClient client = start(url(host.host().wsPort()), "mc-1", recorder);
    await().atMost(WAIT).until(client::isConnected);

    command("mc-1", "reconnect", "{\"url\":\"ftp://127.0.0.1:21\"}");

    await().atMost(WAIT).until(() -> recorder.welcomes.size() == 2 && client.isConnected());
    assertThat(recorder.disconnects).containsExactly(1000);
    assertThat(client.uri()).isEqualTo(
        URI.create("ws://127.0.0.1:" + host.host().wsPort() + "/ws/server/mc-1/"));
  }

  @Test
  void shouldReconnectAfterDroppingItsOwnConnectionAndFindTheJobGoneWithoutGrace() {
    try (TestHost noGrace = TestHost.start()) {
      ClientRecorder recorder = new ClientRecorder(null);
      GameServerClient client = start(url(noGrace.host().wsPort()), "mc-1", recorder);
      noGrace.createMap("world-1");
      await().atMost(WAIT).until(() -> recorder.jobs.size() == 1);

      client.dropConnection();

      await().atMost(WAIT).until(() -> recorder.welcomes.size() == 2 && client.isConnected());
      assertThat(recorder.disconnects).containsExactly(1006);
      assertThat(recorder.cancelled).extracting(AssignJob::jobId)
          .contains(recorder.jobs.get(0).jobId());
    }
  }

  private void command(String serverId, String action, String params) {
    assertThat(host.post("/api/command/", "{\"server_id\":\"" + serverId + "\",\"action\":\""
        + action + "\",\"params\":" + params + "}").statusCode()).isEqualTo(202);
  }

  private static URI url(int port) {
    return URI.create("ws://127.0.0.1:" + port);
  }

  private GameServerClient start(URI url, String id, ClientRecorder recorder) {
    GameServerClient client = GameServerClient.builder(url, id)
        .jobHandler(recorder)
        .listener(recorder)
        .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
        .build();
    clients.add(client);
    client.start();
    return client;
  }
}
