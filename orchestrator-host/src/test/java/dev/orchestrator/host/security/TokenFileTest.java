package dev.orchestrator.host.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.protocol.Welcome;
import dev.orchestrator.host.Host;
import dev.orchestrator.host.HostConfig;
import dev.orchestrator.host.HostMain;
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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TokenFileTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return HostMain.run(args, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private static Host start(String... args) {
    ServeCommand serve = new ServeCommand(Map.of());
    new CommandLine(serve).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(
        concat(new String[] {"--store", "memory", "--bind", "127.0.0.1", "--ws-port", "0",
            "--http-port", "0", "--host-id", "token-file-host"}, args));
    return Host.start(serve.toConfig());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static int adminStatus(Host host, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + host.httpPort() + "/api/maps/"));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(request.build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static URI ws(Host host, String serverId, String token) {
    return URI.create("ws://127.0.0.1:" + host.wsPort() + "/ws/server/" + serverId + "/?token="
        + token);
  }

  @Test
  void shouldTakeServerAndAdminTokensFromFilesWithCommentsAndBlankLines(@TempDir Path dir)
      throws Exception {
    Path fleetA = Files.writeString(dir.resolve("a.tokens"),
        "# fleet a\n\n  plain-secret  \nscoped-secret@eu-\n");
    Path fleetB = Files.writeString(dir.resolve("b.tokens"), "b-secret@us-\r\n");
    Path admin = Files.writeString(dir.resolve("admin.token"), "# rotated monthly\nadm1n\n");
    try (Host host = start("--server-token-file", fleetA.toString(),
        "--server-token-file", fleetB.toString(), "--admin-token-file", admin.toString())) {
      assertThat(adminStatus(host, null)).isEqualTo(401);
      assertThat(adminStatus(host, "# rotated monthly")).isEqualTo(401);
      assertThat(adminStatus(host, "adm1n")).isEqualTo(200);

      WsClient plain = WsClient.connect(ws(host, "anything-1", "plain-secret"));
      WsClient eu = WsClient.connect(ws(host, "eu-7", "scoped-secret"));
      WsClient us = WsClient.connect(ws(host, "us-3", "b-secret"));
      assertThat(plain.await(Welcome.class).serverId()).isEqualTo("anything-1");
      assertThat(eu.await(Welcome.class).serverId()).isEqualTo("eu-7");
      assertThat(us.await(Welcome.class).serverId()).isEqualTo("us-3");
      plain.close();
      eu.close();
      us.close();
    }
  }

  @Test
  void shouldExitTwoNamingTheFileWhenATokenFileIsMissingEmptyOrMalformed(@TempDir Path dir)
      throws IOException {
    Path missing = dir.resolve("missing.tokens");
    assertThat(run("serve", "--store", "memory", "--server-token-file", missing.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains(missing.toString()).contains("NoSuchFileException");

    Path onlyComments = Files.writeString(dir.resolve("comments.tokens"), "# none yet\n\n");
    assertThat(run("serve", "--store", "memory", "--server-token-file",
        onlyComments.toString())).isEqualTo(2);
    assertThat(err.toString()).contains(onlyComments.toString()).contains("holds no token");

    Path badPrefix = Files.writeString(dir.resolve("bad.tokens"), "t0p-secret@eu west\n");
    assertThat(run("serve", "--store", "memory", "--server-token-file", badPrefix.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains(badPrefix.toString()).contains("line 1")
        .doesNotContain("t0p-secret");

    Path emptyAdmin = Files.writeString(dir.resolve("admin.token"), "");
    assertThat(run("serve", "--store", "memory", "--admin-token-file", emptyAdmin.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains(emptyAdmin.toString()).contains("exactly one");

    Path twoAdmins = Files.writeString(dir.resolve("two.token"), "s3cret-one\ns3cret-two\n");
    assertThat(run("serve", "--store", "memory", "--admin-token-file", twoAdmins.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains(twoAdmins.toString()).doesNotContain("s3cret");
  }

  @Test
  void shouldRefuseAnAdminTokenOnTheCommandLineAndInAFileTogether(@TempDir Path dir)
      throws IOException {
    Path admin = Files.writeString(dir.resolve("admin.token"), "from-file\n");
    assertThat(run("serve", "--store", "memory", "--admin-token", "x", "--admin-token-file",
        admin.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("exclusive");
  }

  @Test
  void shouldListTheNewOptionsInTheHelp() {
    assertThat(run("serve", "--help")).isZero();
    assertThat(out.toString()).contains("--server-token-file").contains("--admin-token-file")
        .contains("--tls-keystore").contains("--tls-keystore-password-file")
        .contains("--allowed-origin").contains("ORCHESTRATOR_TLS_KEYSTORE_PASSWORD");
  }

  @Test
  void shouldKeepTokenFileContentsOutOfTheConfigDescription(@TempDir Path dir)
      throws IOException {
    Path tokens = Files.writeString(dir.resolve("t.tokens"), "very-secret-token@eu-\n");
    ServeCommand serve = new ServeCommand(Map.of());
    new CommandLine(serve).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("--store",
        "memory", "--server-token-file", tokens.toString());
    HostConfig config = serve.toConfig();
    assertThat(config.toString() + config.serverTokens()).doesNotContain("very-secret-token")
        .contains("eu-");
  }
}
