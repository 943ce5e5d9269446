package dev.orchestrator.examples.backend;

import static org.awaitility.Awaitility.await;

import dev.orchestrator.core.protocol.ClientMessage;
import dev.orchestrator.core.protocol.HostMessage;
import dev.orchestrator.core.protocol.ProtocolCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A game server for tests, on the JDK's own WebSocket client, so the backend is checked against a
 * WebSocket implementation other than the one it is built on.
 */
final class WebSocketGameServer implements WebSocket.Listener, AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ProtocolCodec CODEC = new ProtocolCodec();

  private final List<HostMessage> received = new ArrayList<>();
  private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;

  private WebSocketGameServer() {}

  /** Connects to {@code uri}, sending {@code token} as a bearer token unless it is null. */
  static CompletableFuture<WebSocketGameServer> connect(URI uri, String token) {
    WebSocketGameServer server = new WebSocketGameServer();
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder
        .buildAsync(uri, server)
        .thenApply(
            socket -> {
              server.socket = socket;
              return server;
            });
  }

  /**
   * Waits for the next frame of {@code type} and takes it; frames of other types stay queued,
   * because the contract orders frames of one kind (jobs, acks) but not across kinds.
   */
  <T extends HostMessage> T next(Class<T> type) {
    return type.cast(await().atMost(WAIT).until(() -> take(type), Objects::nonNull));
  }

  private synchronized HostMessage take(Class<? extends HostMessage> type) {
    Iterator<HostMessage> queued = received.iterator();
    while (queued.hasNext()) {
      HostMessage message = queued.next();
      if (type.isInstance(message)) {
        queued.remove();
        return message;
      }
    }
    return null;
  }

  /** Sends one message. */
  void send(ClientMessage message) {
    socket.sendText(CODEC.encode(message), true).join();
  }

  /** Waits for the host to close the connection and returns its close code. */
  int awaitCloseCode() {
    return await().atMost(WAIT).until(() -> closeCode.getNow(null), Objects::nonNull);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      HostMessage message = CODEC.decodeHost(partial.toString());
      synchronized (this) {
        received.add(message);
      }
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeCode.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closeCode.completeExceptionally(error);
  }

  @Override
  public void close() {
    if (socket != null && !socket.isOutputClosed()) {
      // The host may have closed first; then there is nothing left to say goodbye to.
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "test done").exceptionally(e -> null).join();
    }
  }
}
