package dev.orchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.Welcome;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionIdentityTest {
  private final TestHost host = TestHost.start(b -> b.reconnectGrace(Duration.ofSeconds(30)));

  @AfterEach
  void stop() {
    host.close();
  }

  @Test
  void shouldCloseTheOldSessionWith4000AndMoveTheLeaseToTheNewOne() {
    WsClient old = WsClient.connect(host.ws("unity_1"));
    old.await(Welcome.class);
    host.createMap("m");
    AssignJob job = old.await(AssignJob.class);

    WsClient replacement = WsClient.connect(host.ws("unity_1"));

    assertThat(old.awaitCloseCode()).isEqualTo(4000);
    Welcome welcome = replacement.await(Welcome.class);
    assertThat(welcome.currentJob()).isNotNull();
    assertThat(welcome.currentJob().jobId()).isEqualTo(job.jobId());
    replacement.close();
  }

  @Test
  void shouldResumeTheJobWhenTheServerReconnectsWithinTheGrace() {
    WsClient first = WsClient.connect(host.ws("unity_2"));
    first.await(Welcome.class);
    host.createMap("m");
    AssignJob job = first.await(AssignJob.class);

    first.kill();
    first.awaitCloseCode();
    WsClient again = WsClient.connect(host.ws("unity_2"));

    Welcome welcome = again.await(Welcome.class);
    assertThat(welcome.currentJob().jobId()).isEqualTo(job.jobId());
    assertThat(TestHost.json(host.get("/api/map/m")).get("attempt").asInt()).isEqualTo(1);
    again.close();
  }
}
