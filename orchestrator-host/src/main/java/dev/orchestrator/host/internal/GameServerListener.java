package dev.orchestrator.host.internal;

import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.SessionHandle;
import dev.orchestrator.host.internal.dashboard.EventSockets;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.DefaultWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The game-server WebSocket endpoint {@code /ws/server/{server_id}/}. Checks the URL and token
 * during the handshake, then feeds each connection's frames to the orchestrator's {@link
 * SessionHandle}, which queues them on its own threads, so the decoder threads never block.
 * Handshakes on {@code /ws/events/} go to the event subscriptions instead, which check the
 * admin token, not the game-server token.
 *
 * <p>Binary frames are not part of the protocol: the connection is closed with 1003
 * (unsupported data) rather than answered, since a client that sends them is not speaking the
 * protocol at all.
 */
public final class GameServerListener extends WebSocketServer {
  private static final Logger log = LoggerFactory.getLogger(GameServerListener.class);
  private static final int CLOSE_UNSUPPORTED_DATA = 1003;
  private static final int ACCEPT_BACKLOG = 4096;
  private static final int CLOSE_SUPERSEDED = 4000;

  private final Orchestrator orchestrator;
  private final TokenCheck tokens;
  private final HostMetrics metrics;
  private final EventSockets events;
  private final OriginPolicy origins;
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final ConnectionLiveness<WebSocket> liveness;
  private final Duration sweepEvery;
  private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
      runnable -> {
        Thread thread = new Thread(runnable, "ws-liveness");
        thread.setDaemon(true);
        return thread;
      });
  private final AcceptGuard accepts;
  private volatile boolean accepting = true;
  // Handshakes in the order they arrived, and the newest per server id that opened. A client
  // that gave up on a slow handshake and reconnected leaves the old connection behind it; if
  // that one opened after its successor it would replace the live session with a dead one.
  private final AtomicLong arrivals = new AtomicLong();
  private final ConcurrentHashMap<String, Long> newestArrival = new ConcurrentHashMap<>();

  /** A listener on {@code address} without event subscriptions. */
  public GameServerListener(InetSocketAddress address, Orchestrator orchestrator,
      TokenCheck tokens, HostMetrics metrics, HandshakePolicy handshake) {
    this(address, orchestrator, tokens, metrics, handshake, null);
  }

  /**
   * A listener on {@code address}; call {@link #startAndWait(Duration)} next.
   *
   * @param handshake TLS, allowed origins and the handshake deadline
   * @param events where {@code /ws/events/} handshakes go, or null to answer them 404
   */
  public GameServerListener(InetSocketAddress address, Orchestrator orchestrator,
      TokenCheck tokens, HostMetrics metrics, HandshakePolicy handshake, EventSockets events) {
    super(address, List.of(new RefusingDraft(orchestrator.settings().maxFrameBytes())));
    this.orchestrator = orchestrator;
    this.tokens = tokens;
    this.metrics = metrics;
    this.events = events;
    this.origins = new OriginPolicy(handshake.allowedOrigins());
    WebSocketServerFactory sockets = handshake.tls() == null
        ? new DefaultWebSocketServerFactory()
        : new DefaultSSLWebSocketServerFactory(handshake.tls());
    // A handshake that never finishes is refused as 408, like an HTTP request that times out.
    setWebSocketFactory(new HandshakeDeadline(sockets, handshake.timeout(),
        () -> metrics.refused(408)));
    // Silent connections are pinged and dropped by our own check (ConnectionLiveness), which
    // is how a half-open TCP connection (a crashed machine, a partition) gets noticed; the
    // library's check would ping a second time and missed about one partition in 200.
    Duration heartbeat = orchestrator.settings().heartbeatInterval();
    this.liveness = new ConnectionLiveness<>(heartbeat, System::nanoTime, new Sweep());
    this.sweepEvery = ConnectionLiveness.sweepEvery(heartbeat);
    this.accepts = new AcceptGuard(sweeper, metrics.reliability::acceptFailed);
    setConnectionLostTimeout(0);
    // A host restarted on its port (a rolling upgrade) must bind while the sockets of its
    // previous run linger in TIME_WAIT; Java-WebSocket turns SO_REUSEADDR off by default.
    setReuseAddr(true);
    // After a drain or a host failure a whole fleet reconnects at once; the JDK's default
    // accept backlog of 50 would drop the rest of the connects, and a load balancer would
    // take the timeouts for a dead host.
    setMaxPendingConnections(ACCEPT_BACKLOG);
    setDaemon(true);
  }

  /**
   * Starts listening and waits until the port is bound.
   *
   * @throws IllegalStateException naming the address if it cannot listen
   */
  public void startAndWait(Duration timeout) {
    start();
    try {
      started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("game-server listener cannot listen on "
          + getAddress().getHostString() + ":" + getAddress().getPort() + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("game-server listener did not start in " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the listener", e);
    }
  }

  /** Whether the listener has bound its port and takes connections. */
  public boolean isListening() {
    return started.isDone() && !started.isCompletedExceptionally() && accepting
        && !accepts.lost();
  }

  /** Refuses new connections (503) from now on; open ones are untouched. */
  public void stopAccepting() {
    accepting = false;
  }

  /** The bound port. */
  public int boundPort() {
    return getPort();
  }

  @Override
  public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
      WebSocket conn, Draft draft, ClientHandshake request) throws InvalidDataException {
    ServerHandshakeBuilder response = super.onWebsocketHandshakeReceivedAsServer(conn, draft,
        request);
    if (!accepting) {
      return refuse(conn, response, 503, "shutting_down",
          "the host is shutting down; reconnect to another host or retry later");
    }
    if (events != null && EventSockets.handles(request.getResourceDescriptor())) {
      EventSockets.Refused refused = events.check(conn, request);
      return refused == null ? response
          : refuse(conn, response, refused.status(), refused.body());
    }
    ServerPath path = ServerPath.parse(request.getResourceDescriptor());
    if (path.status() != 0) {
      return refuse(conn, response, path.status(), "invalid_path", path.problem());
    }
    if (!origins.allows(request.hasFieldValue("Origin") ? request.getFieldValue("Origin")
        : null)) {
      // Game servers are programs and send no Origin; a page in a browser always does.
      return refuse(conn, response, 403, "origin_not_allowed",
          "WebSocket connections from this Origin are not allowed; the host lists allowed"
              + " origins with --allowed-origin");
    }
    String presented = TokenCheck.bearer(request.getFieldValue("Authorization"));
    if (presented == null) {
      presented = path.queryToken();
    }
    if (!tokens.accepts(presented, path.serverId())) {
      // A token scoped to other server ids gets the same answer as a wrong one, so a probe
      // cannot tell a valid token of another fleet from a guess.
      return refuse(conn, response, 401, "unauthorized",
          "a valid token is required: send Authorization: Bearer <token> or ?token=<token>");
    }
    conn.setAttachment(new Connection(path.serverId(), arrivals.incrementAndGet()));
    return response;
  }

  private ServerHandshakeBuilder refuse(WebSocket conn, ServerHandshakeBuilder response,
      int status, String error, String message) {
    return refuse(conn, response, status,
        "{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}");
  }

  private ServerHandshakeBuilder refuse(WebSocket conn, ServerHandshakeBuilder response,
      int status, String body) {
    metrics.refused(status);
    conn.setAttachment(Connection.REFUSED);
    response.setHttpStatus((short) status);
    response.setContent(body.getBytes(StandardCharsets.UTF_8));
    return response;
  }

  @Override
  protected boolean onConnect(SelectionKey key) {
    return accepts.mayAccept(key);
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    liveness.opened(conn);
    if (EventSockets.owns(conn.getAttachment())) {
      events.opened(conn);
      return;
    }
    Connection state = conn.getAttachment();
    if (state == null || state == Connection.REFUSED) {
      liveness.forget(conn);
      // The refusal response is already queued; 1006 closes the socket after flushing it
      // without a WebSocket close frame, since no WebSocket was ever opened.
      conn.close(CloseFrame.ABNORMAL_CLOSE, "handshake refused");
      return;
    }
    if (newestArrival.merge(state.serverId, state.arrival, Math::max) != state.arrival) {
      liveness.forget(conn);
      conn.close(CLOSE_SUPERSEDED, "superseded: a newer connection with this server_id is open");
      return;
    }
    SessionHandle handle;
    try {
      handle = orchestrator.attach(new WsSession(conn, state.serverId, metrics));
    } catch (IllegalStateException stopped) {
      liveness.forget(conn);
      conn.close(CloseFrame.GOING_AWAY, "host is shutting down");
      return;
    }
    // The socket may have closed on another thread while attaching; whichever side sees the
    // close second passes it on, so no session outlives its socket. A socket that dies while
    // its handshake is answered gets no onClose at all: Java-WebSocket 1.6.0 closes it while
    // it is not yet registered as a connection, then opens it anyway (WebSocketImpl.open sets
    // OPEN over CLOSED), so isOpen() says true for a socket already closed.
    synchronized (state) {
      if (!state.closed && conn.isOpen() && !socketGone(conn)) {
        state.handle = handle;
        metrics.sessionOpened();
        return;
      }
      state.closed = true;
    }
    newestArrival.remove(state.serverId, state.arrival);
    liveness.forget(conn);
    removeConnection(conn);
    handle.onClose(CloseFrame.ABNORMAL_CLOSE, "closed while opening");
  }

  /**
   * Whether the socket under {@code conn} was closed: its selection key is cancelled before
   * anything else when Java-WebSocket closes a connection, whatever its state says.
   */
  private static boolean socketGone(WebSocket conn) {
    if (!(conn instanceof WebSocketImpl socket)) {
      return false;
    }
    return socket.getReadyState() == ReadyState.CLOSED || socket.getSelectionKey() == null
        || !socket.getSelectionKey().isValid();
  }

  @Override
  public void onMessage(WebSocket conn, String frame) {
    liveness.heard(conn);
    if (!(conn.getAttachment() instanceof Connection state)) {
      return;
    }
    if (state.handle != null) {
      String type = FrameTypes.field(frame, "type");
      metrics.received(type);
      if ("heartbeat".equals(type)) {
        metrics.heartbeatArrived(state.serverId);
      }
      state.handle.onText(frame);
    }
  }

  @Override
  public void onMessage(WebSocket conn, ByteBuffer bytes) {
    liveness.heard(conn);
    metrics.received(null);
    conn.close(CLOSE_UNSUPPORTED_DATA, "binary frames are not supported; send JSON text frames");
  }

  @Override
  public void onWebsocketPing(WebSocket conn, Framedata ping) {
    liveness.heard(conn);
    super.onWebsocketPing(conn, ping);
  }

  @Override
  public void onWebsocketPong(WebSocket conn, Framedata pong) {
    liveness.heard(conn);
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    boolean tracked = liveness.forget(conn);
    if (EventSockets.owns(conn.getAttachment())) {
      if (tracked) {
        events.closed(conn);
      }
      return;
    }
    ended(conn, code, reason == null ? "" : reason);
  }

  /** Ends the session on {@code conn}, if it has one that has not ended yet. */
  private void ended(WebSocket conn, int code, String reason) {
    if (!(conn.getAttachment() instanceof Connection state) || state == Connection.REFUSED) {
      return;
    }
    newestArrival.remove(state.serverId, state.arrival);
    SessionHandle handle;
    synchronized (state) {
      if (state.closed) {
        return;
      }
      state.closed = true;
      handle = state.handle;
    }
    if (handle != null) {
      metrics.sessionClosed();
      handle.onClose(code, reason);
    }
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {
    if (conn == null) {
      if (!started.completeExceptionally(ex)) {
        log.error("game-server listener failed", ex);
      }
      return;
    }
    log.debug("connection error from {}", conn.getRemoteSocketAddress(), ex);
  }

  @Override
  public void onStart() {
    long period = sweepEvery.toMillis();
    sweeper.scheduleWithFixedDelay(() -> {
      try {
        liveness.sweep();
        accepts.lost();
      } catch (RuntimeException e) {
        // A failed pass must not end the schedule: the next one tries again.
        log.warn("liveness sweep failed", e);
      }
    }, period, period, TimeUnit.MILLISECONDS);
    started.complete(null);
  }

  /** Stops the liveness check too. */
  @Override
  public void stop(int timeout, String closeMessage) throws InterruptedException {
    accepts.stop();
    sweeper.shutdownNow();
    super.stop(timeout, closeMessage);
  }

  /** What the liveness check does to this listener's connections. */
  private final class Sweep implements ConnectionLiveness.Actions<WebSocket> {
    @Override
    public boolean gone(WebSocket conn) {
      return socketGone(conn);
    }

    @Override
    public void ping(WebSocket conn) {
      try {
        conn.sendPing();
      } catch (WebsocketNotConnectedException closing) {
        // Closed since the sweep looked at it; its close is reported on its own.
      }
    }

    @Override
    public void drop(WebSocket conn, String reason) {
      conn.closeConnection(CloseFrame.ABNORMAL_CLOSE, reason);
    }

    @Override
    public void ended(WebSocket conn, String cause) {
      metrics.reliability.livenessEnded(cause);
      // Java-WebSocket reports the close only for connections in its registry, and only once;
      // a session is ended here whether or not that report came, and only once either way.
      removeConnection(conn);
      if (EventSockets.owns(conn.getAttachment())) {
        events.closed(conn);
      } else {
        GameServerListener.this.ended(conn, CloseFrame.ABNORMAL_CLOSE, "connection lost ("
            + cause + ")");
      }
    }
  }

  /** What the listener knows about one connection. */
  private static final class Connection {
    static final Connection REFUSED = new Connection(null, 0);
    final String serverId;
    final long arrival;
    volatile SessionHandle handle;
    boolean closed;

    Connection(String serverId, long arrival) {
      this.serverId = serverId;
      this.arrival = arrival;
    }
  }
}
