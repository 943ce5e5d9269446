package dev.orchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A game server whose connection went half-open (the peer neither sends nor answers pings, and
 * no FIN or RST arrives) is dropped by the host's own liveness check and its session ends.
 */
class LivenessTest {

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void shouldDropAConnectionThatAnswersNoPingAfterThreeSeconds() throws IOException {
    try (TestHost host = TestHost.start(b -> b.heartbeatInterval(Duration.ofMillis(500)));
        Socket socket = new Socket()) {
      URI uri = host.ws("mute");
      long connecting = System.nanoTime();
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
      // Handshake by hand, then never read again: pings pile up unanswered in the buffer.
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
          + uri.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(responseHead(socket.getInputStream())).startsWith("HTTP/1.1 101");
      Awaitility.await().atMost(Duration.ofSeconds(5))
          .until(() -> host.metric("orchestrator_ws_sessions") == 1);

      Awaitility.await().atMost(Duration.ofSeconds(15))
          .until(() -> host.metric("orchestrator_ws_sessions") == 0);

      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connecting);
      System.out.printf("liveness: a mute connection was dropped %d ms after connecting%n",
          millis);
      assertThat(millis).as("dropped after 3 s of silence, not before")
          .isGreaterThanOrEqualTo(3_000);
      assertThat(host.metric("orchestrator_ws_liveness_closed_total{cause=\"silent\"}"))
          .isEqualTo(1);
      assertThat(socket.getInputStream().readAllBytes()).as("pings, then the socket closes")
          .isNotEmpty();
    }
  }

  private static String responseHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }
}
