package dev.orchestrator.host.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.Protocol;

/**
 * RFC 6455 with a frame-size limit, and able to refuse a handshake with any HTTP status.
 *
 * <p>Java-WebSocket 1.6.0 answers a refused handshake only with 404 or 500, but game servers
 * must see 401 for a bad token. So the listener marks the response with the status it wants,
 * and this draft writes that status line (and a small JSON body) instead of the 101 upgrade.
 */
final class RefusingDraft extends Draft_6455 {

  RefusingDraft(int maxFrameBytes) {
    super(Collections.emptyList(), Collections.singletonList(new Protocol("")), maxFrameBytes);
  }

  @Override
  public Draft copyInstance() {
    return new RefusingDraft(getMaxFrameSize());
  }

  @Override
  public List<ByteBuffer> createHandshake(Handshakedata handshake) {
    return refusal(handshake).orElseGet(() -> super.createHandshake(handshake));
  }

  @Override
  public List<ByteBuffer> createHandshake(Handshakedata handshake, boolean withContent) {
    return refusal(handshake).orElseGet(() -> super.createHandshake(handshake, withContent));
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 503 -> "Service Unavailable";
      default -> "Refused";
    };
  }

  private static java.util.Optional<List<ByteBuffer>> refusal(Handshakedata handshake) {
    if (!(handshake instanceof ServerHandshake response) || response.getHttpStatus() < 400) {
      return java.util.Optional.empty();
    }
    byte[] body = handshake.getContent() == null ? new byte[0] : handshake.getContent();
    StringBuilder head = new StringBuilder(160)
        .append("HTTP/1.1 ").append(response.getHttpStatus()).append(' ')
        .append(reason(response.getHttpStatus())).append("\r\n")
        .append("Content-Type: application/json\r\n")
        .append("Content-Length: ").append(body.length).append("\r\n")
        .append("Cache-Control: no-store\r\n")
        .append("Connection: close\r\n");
    if (response.getHttpStatus() == 401) {
      head.append("WWW-Authenticate: Bearer\r\n");
    }
    if (response.getHttpStatus() == 503) {
      // A stopping or draining host: try again (through the balancer, another host) at once.
      head.append("Retry-After: 1\r\n");
    }
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
    ByteBuffer bytes = ByteBuffer.allocate(headBytes.length + body.length);
    bytes.put(headBytes).put(body).flip();
    return java.util.Optional.of(Collections.singletonList(bytes));
  }
}
