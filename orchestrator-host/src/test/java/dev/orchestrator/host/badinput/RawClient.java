package dev.orchestrator.host.badinput;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.BinaryFrame;
import org.java_websocket.framing.TextFrame;
import org.java_websocket.handshake.ServerHandshake;

/** A WebSocket client that sends whatever it is given, including frames no real client sends. */
final class RawClient extends WebSocketClient {
  private final List<String> received = new CopyOnWriteArrayList<>();
  private volatile int closeCode = -1;

  RawClient(URI uri, Map<String, String> headers) {
    super(uri, headers);
  }

  static RawClient connect(URI uri) {
    RawClient client = new RawClient(uri, Map.of());
    try {
      if (!client.connectBlocking(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("could not connect to " + uri);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return client;
  }

  /** Sends a text frame whose payload is the given bytes, valid UTF-8 or not. */
  void sendRawText(byte[] payload) {
    TextFrame frame = new TextFrame();
    frame.setPayload(ByteBuffer.wrap(payload));
    frame.setFin(true);
    sendFrame(frame);
  }

  void sendBinary(byte[] payload) {
    BinaryFrame frame = new BinaryFrame();
    frame.setPayload(ByteBuffer.wrap(payload));
    frame.setFin(true);
    sendFrame(frame);
  }

  int awaitCloseCode() {
    Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
        .atMost(Duration.ofSeconds(10)).until(() -> closeCode != -1);
    return closeCode;
  }

  int closeCode() {
    return closeCode;
  }

  List<String> received() {
    return received;
  }

  @Override
  public void onOpen(ServerHandshake handshake) { }

  @Override
  public void onMessage(String message) {
    received.add(message);
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {
    closeCode = code;
  }

  @Override
  public void onError(Exception ex) { }
}
