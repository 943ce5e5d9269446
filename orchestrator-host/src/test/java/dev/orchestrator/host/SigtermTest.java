package dev.orchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.protocol.Command;
import dev.orchestrator.core.protocol.Welcome;
import dev.orchestrator.host.crash.HostProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigtermTest {
  private static final Pattern WS_LINE =
      Pattern.compile("game servers: ws://127\\.0\\.0\\.1:(\\d+)/ws/server/");

  @Test
  void shouldCloseSessionsWith1001AndExitZeroWithinTenSecondsOnSigterm(@TempDir Path dataDir)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        HostMain.class.getName(), "serve", "--bind", "127.0.0.1", "--ws-port", "0",
        "--http-port", "0", "--admin-token", "do-not-log-me", "--server-token", "game-token",
        "--data-dir", dataDir.toString())
        .redirectErrorStream(true)
        .start();
    List<String> output = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> collect(process, output));
    reader.setDaemon(true);
    reader.start();
    try {
      String port = Awaitility.await().atMost(Duration.ofSeconds(20))
          .failFast(() -> !process.isAlive())
          .until(() -> wsPort(output), Optional::isPresent).orElseThrow();
      WsClient client = WsClient.connect(
          URI.create("ws://127.0.0.1:" + port + "/ws/server/s1/?token=game-token"));
      client.await(Welcome.class);

      process.destroy();

      assertThat(client.awaitCloseCode()).isEqualTo(1001);
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isZero();
      assertThat(String.join("\n", output))
          .contains("admin api: http://127.0.0.1:")
          .contains("store: h2 jdbc:h2:file:" + dataDir.toAbsolutePath())
          .doesNotContain("do-not-log-me")
          .doesNotContain("game-token");
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void shouldDrainFirstOnSigtermWithDrainOnShutdownAndExitZeroOnceTheServersLeft()
      throws Exception {
    try (HostProcess host = HostProcess.start(List.of("--store", "memory",
        "--drain-on-shutdown", "--drain-timeout", "30s", "--reconnect-url",
        "ws://127.0.0.1:9"))) {
      WsClient client = WsClient.connect(host.ws("s1"));
      client.await(Welcome.class);

      host.terminate();

      Command command = client.await(Command.class);
      assertThat(command.action()).isEqualTo("reconnect");
      assertThat(command.paramsJson()).isEqualTo("{\"url\":\"ws://127.0.0.1:9\"}");
      client.closeBlocking();
      assertThat(host.awaitExit(Duration.ofSeconds(15))).as(host.log()).isZero();
      assertThat(host.log()).contains("drained: every game server left");
    }
  }

  private static Optional<String> wsPort(List<String> output) {
    for (String line : output) {
      Matcher m = WS_LINE.matcher(line);
      if (m.find()) {
        return Optional.of(m.group(1));
      }
    }
    return Optional.empty();
  }

  private static void collect(Process process, List<String> output) {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      in.lines().forEach(output::add);
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      output.add("output closed: " + e.getMessage());
    }
  }
}
