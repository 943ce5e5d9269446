package dev.orchestrator.host.internal;

import dev.orchestrator.core.ServerSession;
import java.net.InetSocketAddress;
import org.java_websocket.WebSocket;
import org.java_websocket.exceptions.WebsocketNotConnectedException;

/** Adapts one Java-WebSocket connection to the core's {@link ServerSession}. */
final class WsSession implements ServerSession {
  private final WebSocket conn;
  private final String serverId;
  private final HostMetrics metrics;

  WsSession(WebSocket conn, String serverId, HostMetrics metrics) {
    this.conn = conn;
    this.serverId = serverId;
    this.metrics = metrics;
  }

  @Override
  public String serverId() {
    return serverId;
  }

  @Override
  public String remoteAddress() {
    InetSocketAddress remote = conn.getRemoteSocketAddress();
    return remote == null || remote.getAddress() == null
        ? null
        : remote.getAddress().getHostAddress();
  }

  @Override
  public void send(String frame) {
    String type = FrameTypes.field(frame, "type");
    metrics.sent(type, "protocol_error".equals(type) ? FrameTypes.field(frame, "code") : null);
    try {
      conn.send(frame);
    } catch (WebsocketNotConnectedException closed) {
      // The contract says frames for a closed connection are dropped; the close event follows.
    }
  }

  @Override
  public void close(int code, String reason) {
    conn.close(code, reason);
  }
}
