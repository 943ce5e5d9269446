package dev.orchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.protocol.Ack;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.ProtocolError;
import dev.orchestrator.core.protocol.Welcome;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProtocolErrorsOverTheWireTest {
  private final TestHost host = TestHost.start(b -> b.customize(o -> o.rateLimit(1000, 1000)));

  @AfterEach
  void stop() {
    host.close();
  }

  private WsClient connected(String id) {
    WsClient client = WsClient.connect(host.ws(id));
    client.await(Welcome.class);
    return client;
  }

  private static String codeOf(WsClient client, String frame, int index) {
    client.send(frame);
    return client.await(ProtocolError.class, index).code().wireName();
  }

  @Test
  void shouldAnswerEachMalformedFrameWithItsCodeAndKeepTheConnectionOpen() {
    WsClient client = connected("s1");
    assertThat(codeOf(client, "not json", 0)).isEqualTo("invalid_json");
    assertThat(codeOf(client, "{\"type\":\"teleport\"}", 1)).isEqualTo("unknown_type");
    assertThat(codeOf(client, "{\"type\":\"job_done\"}", 2)).isEqualTo("missing_field");
    assertThat(codeOf(client, "{\"type\":\"heartbeat\",\"cpu_usage\":\"hot\"}", 3))
        .isEqualTo("invalid_field");
    assertThat(codeOf(client, "{\"type\":\"job_done\",\"map_id\":\"nowhere\"}", 4))
        .isEqualTo("unknown_map");
    assertThat(client.isOpen()).isTrue();
    client.close();
  }

  @Test
  void shouldRefuseAStaleCompletionAndAcknowledgeADuplicateOnce() {
    WsClient client = connected("s1");
    host.createMap("m");
    AssignJob job = client.await(AssignJob.class);

    client.send(new JobDone("m", Instant.now().plusSeconds(3600), "some-other-job"));
    assertThat(client.await(ProtocolError.class).code().wireName()).isEqualTo("stale_job");

    client.send(new JobDone("m", Instant.now().plusSeconds(3600), job.jobId()));
    client.send(new JobDone("m", Instant.now().plusSeconds(3600), job.jobId()));
    assertThat(client.await(Ack.class, 1).jobId()).isEqualTo(job.jobId());
    assertThat(TestHost.json(host.get("/api/map/m")).get("current_round_number").asLong())
        .isEqualTo(1);
    assertThat(TestHost.json(host.get("/api/map/m/history")).get("history")).hasSize(1);
    client.close();
  }

  @Test
  void shouldCloseWith1009WhenAFrameIsLargerThan64KiB() {
    WsClient client = connected("big");
    client.send("{\"type\":\"heartbeat\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}");
    assertThat(client.awaitCloseCode()).isEqualTo(1009);
  }

  @Test
  void shouldCloseWith1009WhenAFrameIsOverSixtyFourKibibytes() {
    WsClient client = connected("big");
    client.send("x".repeat(64 * 1024 + 1));
    assertThat(client.awaitCloseCode()).isEqualTo(1009);
  }

  @Test
  void shouldRefuseATenMegabyteFrameBeforeBufferingIt() {
    WsClient client = connected("huge");
    client.send("x".repeat(10 * 1024 * 1024));
    // The host closes while the client is still writing: the client reads the 1009 close
    // frame, or, if the host's close reset the socket first, sees an abnormal close (1006).
    assertThat(client.awaitCloseCode()).isIn(1009, 1006);
    WsClient next = connected("after-huge");
    assertThat(next.await(Welcome.class)).isNotNull();
  }

  @Test
  void shouldCloseWith1003WhenAFrameIsBinary() {
    WsClient client = connected("bin");
    client.send(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    assertThat(client.awaitCloseCode()).isEqualTo(1003);
  }
}
