package dev.orchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.core.protocol.Ack;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.Heartbeat;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.ProtocolError;
import dev.orchestrator.core.protocol.Welcome;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void shouldExposeCountersGaugesAndHistogramsInPrometheusText() {
    try (TestHost host = TestHost.start()) {
      WsClient server = WsClient.connect(host.ws("s1"));
      server.await(Welcome.class);
      host.createMap("m");
      AssignJob job = server.await(AssignJob.class);
      server.send(new JobDone("m", null, job.jobId()));
      server.await(Ack.class);
      server.send("oops");
      server.await(ProtocolError.class);

      HttpResponse<String> response = host.get("/metrics");

      assertThat(response.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("text/plain; version=0.0.4");
      assertThat(response.body().lines()).contains(
          "orchestrator_jobs_assigned_total 1",
          "orchestrator_jobs_completed_total 1",
          "orchestrator_ws_sessions 1",
          "orchestrator_servers{status=\"idle\"} 1",
          "orchestrator_maps{status=\"completed\"} 1",
          "orchestrator_ws_messages_received_total{type=\"job_done\"} 1",
          "orchestrator_ws_messages_sent_total{type=\"assign_job\"} 1",
          "orchestrator_protocol_errors_total{code=\"invalid_json\"} 1",
          "orchestrator_stale_results_total{source=\"websocket\"} 0",
          "orchestrator_assignment_lag_seconds_count 1",
          "orchestrator_job_duration_seconds_count 1",
          "orchestrator_job_duration_seconds_bucket{le=\"+Inf\"} 1",
          "# TYPE orchestrator_job_duration_seconds histogram",
          "orchestrator_ws_liveness_closed_total{cause=\"silent\"} 0",
          "orchestrator_ws_liveness_closed_total{cause=\"socket_gone\"} 0",
          "orchestrator_ws_accept_failures_total 0",
          "orchestrator_events_dropped_total{where=\"publish\"} 0",
          "orchestrator_events_dropped_total{where=\"subscriber\"} 0",
          "orchestrator_events_unreadable_total 0");
      server.close();
    }
  }

  @Test
  void shouldTimeHowLongAHeartbeatWaitsToBeHandled() {
    try (TestHost host = TestHost.start()) {
      WsClient server = WsClient.connect(host.ws("s1"));
      server.await(Welcome.class);

      server.send(new Heartbeat(10.0, 20.0, null, Map.of()));

      await().atMost(Duration.ofSeconds(10)).until(() -> host.get("/metrics").body().lines()
          .anyMatch("orchestrator_heartbeat_handling_seconds_count 1"::equals));
      assertThat(host.get("/metrics").body().lines()).contains(
          "# TYPE orchestrator_heartbeat_handling_seconds histogram",
          "orchestrator_heartbeat_handling_seconds_bucket{le=\"+Inf\"} 1");
      server.close();
    }
  }
}
