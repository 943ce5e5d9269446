package dev.orchestrator.host.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A host at its open-files limit: connects beyond it are not accepted, the failures are counted
 * in {@code /metrics} and logged, and once descriptors are free again the listener accepts as
 * before (Java-WebSocket alone would have closed its listening socket on the first failed
 * accept, for good).
 */
@EnabledOnOs(OS.LINUX)
class OpenFilesLimitTest {
  private static final int LIMIT = 400;
  private static final int CONNECTS = 600;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void shouldCountAcceptFailuresAtTheLimitAndAcceptAgainAfterwards() throws Exception {
    try (HostProcess host = HostProcess.startWithOpenFilesLimit(LIMIT,
        List.of("--store", "memory", "--handshake-timeout", "30s"))) {
      URI ws = host.ws("s1");
      List<Socket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < CONNECTS; i++) {
          Socket socket = new Socket();
          socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), 5_000);
          sockets.add(socket);
        }
        await().atMost(Duration.ofSeconds(30))
            .until(() -> host.log().contains("cannot accept game-server connections"));
      } finally {
        for (Socket socket : sockets) {
          socket.close();
        }
      }

      HttpClient http = HttpClient.newHttpClient();
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> get(http, host.http("/readyz")).statusCode() == 200);
      String metrics = get(http, host.http("/metrics")).body();
      System.out.println("open files: " + metrics.lines()
          .filter(line -> line.startsWith("orchestrator_ws_accept_failures_total")).toList());
      assertThat(metrics.lines()
          .filter(line -> line.startsWith("orchestrator_ws_accept_failures_total "))
          .map(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
          .findFirst()).hasValueSatisfying(failures -> assertThat(failures).isPositive());
      assertThat(host.log()).doesNotContain("stopped accepting connections");
      assertThat(welcome(http, ws).get(20, TimeUnit.SECONDS)).contains("\"welcome\"");
    }
  }

  private static HttpResponse<String> get(HttpClient http, URI uri)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static CompletableFuture<String> welcome(HttpClient http, URI ws) {
    CompletableFuture<String> first = new CompletableFuture<>();
    http.newWebSocketBuilder().buildAsync(ws, new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        first.complete(data.toString());
        socket.abort();
        return null;
      }
    }).whenComplete((socket, error) -> {
      if (error != null) {
        first.completeExceptionally(error);
      }
    });
    return first;
  }
}
