package dev.orchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.Disconnect;
import dev.orchestrator.core.protocol.Welcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FailoverTest {
  private final TestHost host = TestHost.start();

  @AfterEach
  void stop() {
    host.close();
  }

  @Test
  void shouldMoveTheJobToAnotherServerWhenItsServerSaysDisconnect() {
    WsClient first = WsClient.connect(host.ws("a"));
    first.await(Welcome.class);
    host.createMap("m");
    AssignJob job = first.await(AssignJob.class);
    WsClient second = WsClient.connect(host.ws("b"));
    second.await(Welcome.class);

    first.send(new Disconnect("maintenance"));

    AssignJob moved = second.await(AssignJob.class);
    assertThat(moved.mapId()).isEqualTo("m");
    assertThat(moved.attempt()).isEqualTo(2);
    assertThat(moved.jobId()).isNotEqualTo(job.jobId());
    assertThat(first.awaitCloseCode()).isEqualTo(1000);
    second.close();
  }

  @Test
  void shouldMoveTheJobToAnotherServerWhenItsSocketDiesWithoutAClose() {
    WsClient first = WsClient.connect(host.ws("a"));
    first.await(Welcome.class);
    host.createMap("m");
    first.await(AssignJob.class);
    WsClient second = WsClient.connect(host.ws("b"));
    second.await(Welcome.class);

    first.kill();

    AssignJob moved = second.await(AssignJob.class);
    assertThat(moved.attempt()).isEqualTo(2);
    assertThat(TestHost.json(host.get("/api/map/m/history")).get("history").get(0)
        .get("outcome").asText()).isEqualTo("failed");
    second.close();
  }
}
