package dev.orchestrator.examples.backend;

import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.ServerSession;
import dev.orchestrator.core.SessionHandle;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend's own game-server endpoint on Java-WebSocket: {@code
 * ws://127.0.0.1:PORT/ws/server/{server_id}/}. Each connection becomes a {@link ServerSession}
 * attached to the orchestrator, and its frames and close go to the returned {@link SessionHandle}.
 * The orchestrator never sees a socket: this class is all the transport there is.
 */
final class GameServerEndpoint extends WebSocketServer {
  private static final Logger log = LoggerFactory.getLogger(GameServerEndpoint.class);
  private static final Pattern PATH =
      Pattern.compile("/ws/server/([A-Za-z0-9_.:-]{1,128})/?(?:\\?(.*))?");
  private static final String BEARER = "Bearer ";

  private final Orchestrator orchestrator;
  private final byte[] token;
  private final CompletableFuture<Void> started = new CompletableFuture<>();

  private GameServerEndpoint(InetSocketAddress address, Orchestrator orchestrator, String token) {
    // Java-WebSocket refuses oversized frames itself (close 1009) before buffering them, so the
    // orchestrator's own size check only ever sees frames that fit.
    super(
        address,
        List.<Draft>of(new Draft_6455(List.of(), orchestrator.settings().maxFrameBytes())));
    this.orchestrator = orchestrator;
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    // A restarted backend binds the same port while the old sockets linger in TIME_WAIT.
    setReuseAddr(true);
  }

  /**
   * Binds {@code address} and returns once the endpoint accepts connections.
   *
   * @throws IllegalStateException if the port cannot be bound within 10 s
   */
  static GameServerEndpoint start(
      InetSocketAddress address, Orchestrator orchestrator, String token) {
    GameServerEndpoint endpoint = new GameServerEndpoint(address, orchestrator, token);
    endpoint.start();
    try {
      endpoint.started.get(10, TimeUnit.SECONDS);
      return endpoint;
    } catch (ExecutionException | TimeoutException e) {
      endpoint.stopQuietly(Duration.ZERO);
      throw new IllegalStateException("cannot listen for game servers on " + address, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      endpoint.stopQuietly(Duration.ZERO);
      throw new IllegalStateException("interrupted while binding " + address, e);
    }
  }

  /** Closes the listener and any connection still open (with 1001), waiting up to {@code wait}. */
  void stopQuietly(Duration wait) {
    try {
      stop((int) wait.toMillis(), "host shutting down");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
      WebSocket conn, Draft draft, ClientHandshake request) throws InvalidDataException {
    ServerHandshakeBuilder response =
        super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
    Matcher path = PATH.matcher(request.getResourceDescriptor());
    if (!path.matches()) {
      throw new InvalidDataException(
          CloseFrame.POLICY_VALIDATION, "path must be /ws/server/{server_id}/");
    }
    // Java-WebSocket can refuse a handshake only with HTTP 404; the wire contract's 401 needs an
    // HTTP layer of its own in front, which an example does not need to show.
    if (token != null && !tokenMatches(request, path.group(2))) {
      throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "missing or wrong token");
    }
    return response;
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    Matcher path = PATH.matcher(handshake.getResourceDescriptor());
    if (!path.matches()) {
      conn.close(CloseFrame.POLICY_VALIDATION, "path must be /ws/server/{server_id}/");
      return;
    }
    try {
      conn.setAttachment(orchestrator.attach(new Connection(conn, path.group(1))));
    } catch (IllegalStateException e) {
      // The orchestrator is closing: the server should come back when the host is up again.
      conn.close(CloseFrame.GOING_AWAY, "host shutting down");
    }
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    SessionHandle handle = conn.getAttachment();
    if (handle != null) {
      handle.onText(message);
    }
  }

  @Override
  public void onMessage(WebSocket conn, ByteBuffer message) {
    conn.close(CloseFrame.REFUSE, "the protocol uses text frames only");
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    SessionHandle handle = conn.getAttachment();
    if (handle != null) {
      handle.onClose(code, reason == null ? "" : reason);
    }
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {
    if (conn == null && !started.isDone()) {
      started.completeExceptionally(ex);
      return;
    }
    log.warn("game-server connection {}: {}", conn == null ? "listener" : conn, ex.toString());
  }

  @Override
  public void onStart() {
    started.complete(null);
  }

  private boolean tokenMatches(ClientHandshake request, String query) {
    String header = request.getFieldValue("Authorization");
    String presented = null;
    if (header != null && header.startsWith(BEARER)) {
      presented = header.substring(BEARER.length()).strip();
    } else if (query != null) {
      presented = queryToken(query);
    }
    // Constant-time, so the comparison does not leak how much of a guessed token was right.
    return presented != null
        && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
  }

  private static String queryToken(String query) {
    for (String pair : query.split("&")) {
      if (pair.startsWith("token=")) {
        return URLDecoder.decode(pair.substring("token=".length()), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** One game-server connection as the orchestrator sees it. */
  private static final class Connection implements ServerSession {
    private final WebSocket socket;
    private final String serverId;

    Connection(WebSocket socket, String serverId) {
      this.socket = socket;
      this.serverId = serverId;
    }

    @Override
    public String serverId() {
      return serverId;
    }

    @Override
    public String remoteAddress() {
      InetSocketAddress peer = socket.getRemoteSocketAddress();
      return peer == null || peer.getAddress() == null ? null : peer.getAddress().getHostAddress();
    }

    @Override
    public void send(String frame) {
      try {
        socket.send(frame);
      } catch (WebsocketNotConnectedException e) {
        log.debug("dropped a frame to {}: the connection closed", serverId);
      }
    }

    @Override
    public void close(int code, String reason) {
      socket.close(code, reason);
    }
  }
}
