package dev.orchestrator.host.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.core.memory.InMemoryStore;
import dev.orchestrator.core.protocol.Ack;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.Welcome;
import dev.orchestrator.host.Host;
import dev.orchestrator.host.HostConfig;
import dev.orchestrator.host.HostMain;
import dev.orchestrator.host.Tls;
import dev.orchestrator.host.WsClient;
import dev.orchestrator.host.internal.ServeCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TlsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static SelfSignedKeystore keystore;
  private static SSLContext client;
  private static Host host;
  private static HttpClient https;

  @BeforeAll
  static void start() throws Exception {
    keystore = SelfSignedKeystore.create(dir);
    client = keystore.clientContext();
    https = HttpClient.newBuilder().sslContext(client).build();
    host = Host.start(HostConfig.builder()
        .bind("127.0.0.1").wsPort(0).httpPort(0)
        .store(new InMemoryStore(), "memory").hostId("tls-host")
        .reconnectGrace(Duration.ZERO)
        .adminToken("admin-secret").serverToken("game-secret")
        .tls(Tls.fromPkcs12(keystore.file(), SelfSignedKeystore.PASSWORD.toCharArray()))
        .customize(b -> b.sweepInterval(Duration.ofMillis(50))
            .retryBackoff(Duration.ZERO, Duration.ZERO))
        .build());
  }

  @AfterAll
  static void stop() {
    host.close();
  }

  private static HttpResponse<String> call(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("https://127.0.0.1:" + host.httpPort() + path))
        .header("Authorization", "Bearer admin-secret")
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body))
        .build();
    return https.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static WsClient wss(String serverId, SSLContext context) throws InterruptedException {
    WsClient socket = new WsClient(URI.create("wss://127.0.0.1:" + host.wsPort()
        + "/ws/server/" + serverId + "/"), Map.of("Authorization", "Bearer game-secret"));
    socket.setSocketFactory(context.getSocketFactory());
    assertThat(socket.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
    return socket;
  }

  @Test
  void shouldRunAJobLifecycleOverWssAndHttps() throws Exception {
    WsClient server = wss("tls-server-1", client);
    assertThat(server.await(Welcome.class).serverId()).isEqualTo("tls-server-1");

    HttpResponse<String> created = call("POST", "/api/map/create/",
        "{\"map_id\":\"secure-map\",\"season_id\":1}");
    assertThat(created.statusCode()).isEqualTo(201);
    AssignJob job = server.await(AssignJob.class);
    assertThat(job.mapId()).isEqualTo("secure-map");
    server.send(new JobDone("secure-map", Instant.now(), job.jobId()));
    assertThat(server.await(Ack.class).jobId()).isEqualTo(job.jobId());

    JsonNode history = JSON.readTree(call("GET", "/api/map/secure-map/history/", null).body());
    assertThat(history.get("history").get(0).get("outcome").asText()).isEqualTo("completed");
    assertThat(call("GET", "/healthz", null).statusCode()).isEqualTo(200);
    server.close();
  }

  @Test
  void shouldNotTalkToPlainTextClients() {
    HttpRequest plain = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + host.httpPort() + "/healthz")).build();
    assertThatThrownBy(() -> HttpClient.newHttpClient().send(plain,
        HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> WsClient.connect(URI.create("ws://127.0.0.1:" + host.wsPort()
        + "/ws/server/plain-1/?token=game-secret")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(host.orchestrator().findServer("plain-1")).isEmpty();
  }

  @Test
  void shouldRefuseClientsThatDoNotTrustTheCertificate() throws Exception {
    WsClient untrusting = new WsClient(URI.create("wss://127.0.0.1:" + host.wsPort()
        + "/ws/server/untrusting-1/"), Map.of("Authorization", "Bearer game-secret"));
    untrusting.setSocketFactory(SSLContext.getDefault().getSocketFactory());
    assertThat(untrusting.connectBlocking(10, TimeUnit.SECONDS)).isFalse();
    assertThat(host.orchestrator().findServer("untrusting-1")).isEmpty();
  }

  @Test
  void shouldBuildTlsFromTheCommandLineWithThePasswordInAFileOrTheEnvironment()
      throws Exception {
    Path passwordFile = Files.writeString(dir.resolve("pw"), SelfSignedKeystore.PASSWORD + "\n");
    ServeCommand fromFile = new ServeCommand(Map.of());
    new CommandLine(fromFile).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("--store",
        "memory", "--bind", "127.0.0.1",
        "--ws-port", "0", "--http-port", "0", "--tls-keystore", keystore.file().toString(),
        "--tls-keystore-password-file", passwordFile.toString());
    try (Host started = Host.start(fromFile.toConfig())) {
      HttpResponse<String> health = https.send(HttpRequest.newBuilder(URI.create(
              "https://127.0.0.1:" + started.httpPort() + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    }

    ServeCommand fromEnv = new ServeCommand(
        Map.of(ServeCommand.TLS_PASSWORD_ENV, SelfSignedKeystore.PASSWORD));
    new CommandLine(fromEnv).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("--store",
        "memory", "--tls-keystore",
        keystore.file().toString());
    HostConfig config = fromEnv.toConfig();
    assertThat(config.tls()).isNotNull();
    assertThat(config.toString()).contains("tls=on").doesNotContain(SelfSignedKeystore.PASSWORD);
    config.store().close();
  }

  @Test
  void shouldExitTwoNamingTheKeystoreForAWrongOrMissingPassword() throws IOException {
    StringWriter err = new StringWriter();
    Path wrong = Files.writeString(dir.resolve("wrong-pw"), "not-the-password\n");
    int code = HostMain.run(new String[] {"serve", "--store", "memory", "--tls-keystore",
        keystore.file().toString(), "--tls-keystore-password-file", wrong.toString()},
        Map.of(), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains(keystore.file().toString())
        .doesNotContain("not-the-password");

    StringWriter noPassword = new StringWriter();
    assertThat(HostMain.run(new String[] {"serve", "--store", "memory", "--tls-keystore",
        keystore.file().toString()}, Map.of(), new PrintWriter(new StringWriter(), true),
        new PrintWriter(noPassword, true))).isEqualTo(2);
    assertThat(noPassword.toString()).contains("ORCHESTRATOR_TLS_KEYSTORE_PASSWORD");

    StringWriter missing = new StringWriter();
    Path nowhere = dir.resolve("nowhere.p12");
    assertThat(HostMain.run(new String[] {"serve", "--store", "memory", "--tls-keystore",
        nowhere.toString()}, Map.of(ServeCommand.TLS_PASSWORD_ENV, "x"),
        new PrintWriter(new StringWriter(), true), new PrintWriter(missing, true)))
        .isEqualTo(2);
    assertThat(missing.toString()).contains(nowhere.toString());
  }
}
