package dev.orchestrator.host.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.core.memory.InMemoryStore;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.protocol.Ack;
import dev.orchestrator.host.Host;
import dev.orchestrator.host.HostConfig;
import dev.orchestrator.host.HostMain;
import dev.orchestrator.host.Tls;
import dev.orchestrator.host.client.ClientListener;
import dev.orchestrator.host.client.GameServerClient;
import dev.orchestrator.host.client.JobResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GameServerClient} and {@code simulate} against a host serving wss://. */
class ClientTlsTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  @TempDir static Path dir;
  private static Path trustStore;
  private static Host host;

  @BeforeAll
  static void start() throws Exception {
    SelfSignedKeystore keystore = SelfSignedKeystore.create(dir);
    trustStore = keystore.trustStore(dir);
    host = Host.start(HostConfig.builder()
        .bind("127.0.0.1").wsPort(0).httpPort(0)
        .store(new InMemoryStore(), "memory").hostId("tls-client-host")
        .reconnectGrace(Duration.ZERO)
        .serverToken("game-secret")
        .tls(Tls.fromPkcs12(keystore.file(), SelfSignedKeystore.PASSWORD.toCharArray()))
        .build());
  }

  @AfterAll
  static void stop() {
    host.close();
  }

  private static URI wss() {
    return URI.create("wss://127.0.0.1:" + host.wsPort());
  }

  @Test
  void shouldRunJobsOverWssTrustingTheHostFromATrustStore() {
    List<Ack> acks = new CopyOnWriteArrayList<>();
    try (GameServerClient client = GameServerClient.builder(wss(), "tls-game-1")
        .token("game-secret")
        .tls(Tls.trustStore(trustStore, SelfSignedKeystore.PASSWORD.toCharArray()))
        .jobHandler((job, resumed) -> JobResult.completed())
        .listener(new ClientListener() {
          @Override
          public void onAck(Ack ack) {
            acks.add(ack);
          }
        })
        .build()) {
      client.start();
      await().atMost(WAIT).until(client::isConnected);

      host.orchestrator().createMap(NewMap.of("tls-map-1", "s1"));

      await().atMost(WAIT).until(() -> acks.size() == 1);
      assertThat(acks.get(0).mapId()).isEqualTo("tls-map-1");
      assertThat(host.orchestrator().findMap("tls-map-1").orElseThrow().status().wireName())
          .isEqualTo("completed");
    }
  }

  @Test
  void shouldRefuseAHostWhoseCertificateItDoesNotTrust() {
    List<String> failures = new CopyOnWriteArrayList<>();
    try (GameServerClient client = GameServerClient.builder(wss(), "untrusting-game-1")
        .token("game-secret")
        .reconnectBackoff(Duration.ofSeconds(5), Duration.ofSeconds(5))
        .jobHandler((job, resumed) -> null)
        .listener(new ClientListener() {
          @Override
          public void onConnectFailed(String reason, int attempt) {
            failures.add(reason);
          }
        })
        .build()) {
      client.start();

      await().atMost(WAIT).until(() -> !failures.isEmpty());
      assertThat(failures.get(0)).containsIgnoringCase("certificat");
      assertThat(client.isConnected()).isFalse();
      assertThat(host.orchestrator().findServer("untrusting-game-1")).isEmpty();
    }
  }

  @Test
  void shouldSimulateAFleetOverWssWithATrustStoreFromTheCommandLine() throws Exception {
    Path password = Files.writeString(dir.resolve("trust-pw"), SelfSignedKeystore.PASSWORD);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = HostMain.run(new String[] {"simulate", "--url", wss().toString(),
        "--token", "game-secret", "--servers", "5", "--duration", "2s", "--progress", "1s",
        "--trust-store", trustStore.toString(), "--trust-store-password-file",
        password.toString(), "--id-prefix", "tls-sim-"}, Map.of(),
        new PrintWriter(out, true), new PrintWriter(err, true));

    assertThat(code).as(err.toString()).isZero();
    JsonNode summary = new ObjectMapper().readTree(out.toString().strip());
    assertThat(summary.get("connections").asInt()).isEqualTo(5);
    assertThat(summary.get("ok").asBoolean()).isTrue();
  }

  @Test
  void shouldRefuseATrustStoreForAPlainUrl() {
    StringWriter err = new StringWriter();

    int code = HostMain.run(new String[] {"simulate", "--url", "ws://127.0.0.1:1",
        "--trust-store", trustStore.toString()}, Map.of("ORCHESTRATOR_TRUST_STORE_PASSWORD", "x"),
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--trust-store is for a wss:// --url");
  }
}
