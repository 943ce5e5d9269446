package dev.orchestrator.host.internal.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;

/**
 * A WebSocket subscription: one text message per event, the same JSON as an SSE message's
 * {@code data}, and {@code {"type":"reset",...}} for a reset. Sending only queues on the
 * connection, so it never blocks a writer; while the connection still has unsent data no more
 * is queued there, so a reader that stops reading fills this subscriber's bounded queue and is
 * reset, instead of growing the connection's buffer.
 */
final class SocketSubscriber extends Subscriber {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final WebSocket connection;
  private final long position;

  SocketSubscriber(EventFilter filter, int capacity, WebSocket connection, long position) {
    super(filter, capacity);
    this.connection = connection;
    this.position = position;
  }

  /** The position the subscriber asked to go on from. */
  long position() {
    return position;
  }

  @Override
  boolean ready() {
    return !connection.hasBufferedData();
  }

  @Override
  void send(Batch batch) throws IOException {
    if (!connection.isOpen()) {
      throw new IOException("event socket closed");
    }
    if (batch.resetTo() >= 0) {
      connection.send(JSON.createObjectNode().put("type", "reset")
          .put("latest_id", batch.resetTo())
          .put("message", "this subscription fell behind the host's buffer; re-read the lists")
          .toString());
    }
    for (StreamEvent event : batch.events()) {
      connection.send(event.json());
    }
  }

  @Override
  void end() {
    if (connection.isOpen()) {
      connection.close(CloseFrame.GOING_AWAY, "event subscription ended");
    }
  }
}
