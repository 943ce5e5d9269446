package dev.orchestrator.host;

import dev.orchestrator.core.protocol.ClientMessage;
import dev.orchestrator.core.protocol.HostMessage;
import dev.orchestrator.core.protocol.ProtocolCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/** A game server over a real socket, on Java-WebSocket's client. */
public final class WsClient extends WebSocketClient {
  public static final ProtocolCodec CODEC = new ProtocolCodec();
  private final List<HostMessage> received = new CopyOnWriteArrayList<>();
  private volatile int closeCode = -1;
  private volatile String closeReason;

  public WsClient(URI uri, Map<String, String> headers) {
    super(uri, headers);
  }

  /** Connects and waits for the handshake. */
  public static WsClient connect(URI uri) {
    return connect(uri, Map.of());
  }

  public static WsClient connect(URI uri, Map<String, String> headers) {
    WsClient client = new WsClient(uri, headers);
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

  public void send(ClientMessage message) {
    send(CODEC.encode(message));
  }

  /** Waits for the {@code index}th (0-based) received message of {@code type}. */
  public <T extends HostMessage> T await(Class<T> type, int index) {
    return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> nth(type, index), m -> m != null);
  }

  public <T extends HostMessage> T await(Class<T> type) {
    return await(type, 0);
  }

  private <T extends HostMessage> T nth(Class<T> type, int index) {
    int seen = 0;
    for (HostMessage message : received) {
      if (type.isInstance(message) && seen++ == index) {
        return type.cast(message);
      }
    }
    return null;
  }

  public List<HostMessage> received() {
    return received;
  }

  /** Waits until the connection is closed and returns the close code. */
  public int awaitCloseCode() {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> closeCode != -1);
    return closeCode;
  }

  public String closeReason() {
    return closeReason;
  }

  /** Drops the TCP connection without a close frame, as a crashed machine would. */
  public void kill() {
    try {
      getSocket().close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void onOpen(ServerHandshake handshake) { }

  @Override
  public void onMessage(String message) {
    received.add(CODEC.decodeHost(message));
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {
    closeReason = reason;
    closeCode = code;
  }

  @Override
  public void onError(Exception ex) { }
}
