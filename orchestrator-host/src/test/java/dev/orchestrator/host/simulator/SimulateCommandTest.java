package dev.orchestrator.host.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.host.HostMain;
import dev.orchestrator.host.TestHost;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulateCommandTest {
  private final TestHost host = TestHost.start();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @AfterEach
  void stop() {
    host.close();
  }

  @Test
  void shouldRunASmallFleetAndLoseNoJob() throws Exception {
    int code = run("simulate", "--url", "ws://127.0.0.1:" + host.host().wsPort(),
        "--http", "http://127.0.0.1:" + host.host().httpPort(),
        "--servers", "20", "--maps", "20", "--duration", "3s", "--job-duration-ms", "0-20",
        "--failure-rate", "0.1", "--progress", "1s");

    assertThat(code).as(err.toString()).isZero();
    String[] lines = out.toString().strip().split("\n");
    assertThat(lines).hasSize(1);
    JsonNode summary = TestHost.JSON.readTree(lines[0]);
    assertThat(summary.get("ok").asBoolean()).isTrue();
    assertThat(summary.get("servers").asInt()).isEqualTo(20);
    assertThat(summary.get("connections").asInt()).isEqualTo(20);
    assertThat(summary.get("max_connected").asInt()).isEqualTo(20);
    assertThat(summary.get("connect_failures").asInt()).isZero();
    assertThat(summary.get("unexpected_disconnects").asInt()).isZero();
    assertThat(summary.get("lost_jobs").asInt()).isZero();
    assertThat(summary.get("errors").asInt()).isZero();
    assertThat(summary.get("jobs_done").asLong()).isPositive();
    assertThat(summary.get("jobs_failed").asLong()).isPositive();
    assertThat(summary.get("jobs_per_s").asDouble()).isPositive();
    assertThat(summary.get("jobs_done").asLong() + summary.get("jobs_failed").asLong())
        .isEqualTo(summary.get("jobs_assigned").asLong() + summary.get("jobs_resumed").asLong()
            - summary.get("jobs_cancelled").asLong());
    JsonNode ack = summary.get("latency_ms").get("result_to_ack");
    assertThat(ack.get("p50").asDouble()).isLessThanOrEqualTo(ack.get("p99").asDouble());
    assertThat(err.toString()).contains("maps: 20 created").contains("connected 20/20");
    JsonNode servers = TestHost.json(host.get("/api/servers/"));
    assertThat(servers.get("count").asInt()).isEqualTo(20);
  }

  @Test
  void shouldMeasureSchedulingLagAndFailoverWhileKillingServers() throws Exception {
    int code = run("simulate", "--url", "ws://127.0.0.1:" + host.host().wsPort(),
        "--http", "http://127.0.0.1:" + host.host().httpPort(),
        "--servers", "12", "--maps", "6", "--duration", "4s", "--job-duration-ms", "100-300",
        "--next-round", "50ms", "--kill-every", "300ms", "--reconnect-backoff", "100ms",
        "--progress", "1s");

    assertThat(code).as(err.toString()).isZero();
    JsonNode summary = TestHost.JSON.readTree(out.toString().strip());
    assertThat(summary.get("kills").asInt()).isPositive();
    assertThat(summary.get("lost_jobs").asInt()).isZero();
    assertThat(summary.get("unexpected_disconnects").asInt()).isZero();
    assertThat(summary.get("connections").asInt()).isGreaterThan(12);
    JsonNode latency = summary.get("latency_ms");
    assertThat(latency.get("kill_to_reassign").get("count").asInt()).isPositive();
    assertThat(latency.get("due_to_assign").get("count").asInt()).isPositive();
  }

  @Test
  void shouldRefuseAHostThatIsNotOnLoopback() {
    int code = run("simulate", "--url", "ws://192.0.2.1:8765", "--duration", "1s");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--allow-remote");
  }

  @Test
  void shouldRefuseMapsWithoutTheAdminUrl() {
    int code = run("simulate", "--url", "ws://127.0.0.1:1", "--maps", "5");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--maps needs --http");
  }

  private int run(String... args) {
    return HostMain.run(args, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
  }
}
