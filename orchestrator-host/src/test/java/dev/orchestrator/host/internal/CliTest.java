package dev.orchestrator.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.host.HostMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    return HostMain.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void shouldPrintVersionAndHelpWithExitZero() {
    assertThat(run(Map.of(), "--version")).isZero();
    assertThat(out.toString()).contains("orchestrator-host").contains("wire protocol 1");
    assertThat(run(Map.of(), "serve", "--help")).isZero();
    assertThat(out.toString()).contains("--ws-port").contains("ORCHESTRATOR_<NAME>");
  }

  @Test
  void shouldExitTwoWithASuggestionForAMistypedOption() {
    assertThat(run(Map.of(), "serve", "--ws-prot", "9000")).isEqualTo(2);
    assertThat(err.toString()).contains("--ws-port").contains("serve --help");
  }

  @Test
  void shouldExitTwoAndShowTheAcceptedFormsForABadDurationOrPort() {
    assertThat(run(Map.of(), "serve", "--heartbeat-interval", "5 seconds")).isEqualTo(2);
    assertThat(err.toString()).contains("500ms, 5s, 2m or 1h");
    assertThat(run(Map.of(), "serve", "--http-port", "99999")).isEqualTo(2);
    assertThat(err.toString()).contains("0 to pick a free port");
    assertThat(run(Map.of(), "serve", "--max-attempts", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--max-attempts");
  }

  @Test
  void shouldExitTwoWhenAStoreOptionIsMissingOrMalformed() {
    assertThat(run(Map.of(), "serve", "--store", "postgres")).isEqualTo(2);
    assertThat(err.toString()).contains("--jdbc-url is required");
    assertThat(run(Map.of(), "serve", "--store", "redis", "--redis-uri", "http://x")).isEqualTo(2);
    assertThat(err.toString()).contains("--redis-uri must start with redis");
  }

  @Test
  void shouldExitOneNamingTheStoreWhenItCannotBeReached() {
    assertThat(run(Map.of(), "serve", "--store", "redis", "--redis-uri",
        "redis://127.0.0.1:1/0")).isEqualTo(1);
    assertThat(err.toString()).startsWith("error: ").contains("127.0.0.1:1");
  }

  @Test
  void shouldExitOneWithAClearMessageWhenThePortIsInUse() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(run(Map.of(), "serve", "--store", "memory", "--bind", "127.0.0.1", "--ws-port", "0",
          "--http-port", String.valueOf(taken.getLocalPort()))).isEqualTo(1);
      assertThat(err.toString()).contains("admin api cannot listen on 127.0.0.1:"
          + taken.getLocalPort());
    }
  }

  @Test
  void shouldTakeCommandLineOverEnvironmentOverConfigFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("orchestrator.conf");
    Files.writeString(file, "# test\nws-port=7001\nhttp-port=7002\nlease-timeout=2m\n"
        + "server-token=from-file\n");
    Set<String> keys = Set.of("ws-port", "http-port", "lease-timeout", "server-token");
    ConfigDefaults defaults = new ConfigDefaults(
        Map.of("ORCHESTRATOR_HTTP_PORT", "7003", "ORCHESTRATOR_SERVER_TOKEN", "a,b"),
        ConfigDefaults.readFile(file, keys));
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).setCaseInsensitiveEnumValuesAllowed(true)
        .setDefaultValueProvider(defaults).parseArgs("--ws-port", "7000");

    assertThat(serve.wsPort).isEqualTo(7000);
    assertThat(serve.httpPort).isEqualTo(7003);
    assertThat(serve.leaseTimeout).isEqualTo(Duration.ofMinutes(2));
    assertThat(serve.serverTokens).isEqualTo(List.of("a", "b"));
    assertThat(serve.heartbeatInterval).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void shouldReadTheDrainOptionsFromEnvironmentAndFileAndRefuseBadOnes() {
    ConfigDefaults defaults = new ConfigDefaults(
        Map.of("ORCHESTRATOR_DRAIN_ON_SHUTDOWN", "true",
            "ORCHESTRATOR_RECONNECT_URL", "ws://lb.example:8765"),
        Map.of("drain-timeout", "45s"));
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).setCaseInsensitiveEnumValuesAllowed(true)
        .setDefaultValueProvider(defaults).parseArgs();

    assertThat(serve.drainOnShutdown).isTrue();
    assertThat(serve.drainTimeout).isEqualTo(Duration.ofSeconds(45));
    assertThat(serve.reconnectUrl).isEqualTo("ws://lb.example:8765");
    assertThat(run(Map.of(), "serve", "--store", "memory", "--drain-timeout", "0s"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--drain-timeout must be more than 0");
    assertThat(run(Map.of(), "serve", "--store", "memory", "--reconnect-url",
        "http://lb.example/")).isEqualTo(2);
    assertThat(err.toString()).contains("--reconnect-url must be ws://HOST[:PORT]");
  }

  @Test
  void shouldReportEveryProblemOfAConfigFileAtOnce(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.conf");
    Files.writeString(file, "ws-prot=1\njust words\n");
    assertThat(run(Map.of(), "serve", "--config", file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("unknown key 'ws-prot'").contains("line 2");
  }

  @Test
  void shouldRedactPasswordsInUrls() {
    assertThat(StoreFactory.redactUrl("jdbc:postgresql://db/x?user=u&password=s3cret"))
        .doesNotContain("s3cret");
    assertThat(StoreFactory.redactUrl("redis://user:s3cret@host:6379")).doesNotContain("s3cret");
  }
}
