package dev.orchestrator.host;

import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.OrchestratorBuilder;
import dev.orchestrator.core.memory.InMemoryEventLog;
import dev.orchestrator.host.internal.AdminSecurity;
import dev.orchestrator.host.internal.AdminServer;
import dev.orchestrator.host.internal.BaseUrls;
import dev.orchestrator.host.internal.GameServerListener;
import dev.orchestrator.host.internal.HostDrain;
import dev.orchestrator.host.internal.HandshakePolicy;
import dev.orchestrator.host.internal.HostMetrics;
import dev.orchestrator.host.internal.OpenFiles;
import dev.orchestrator.host.internal.TokenCheck;
import dev.orchestrator.host.internal.dashboard.Dashboard;
import dev.orchestrator.host.internal.dashboard.EventStreamSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running host: one {@link Orchestrator}, the game-server WebSocket listener and the admin
 * HTTP API. Start one with {@link #start(HostConfig)}; stop it with {@link #close()}, which is
 * what the command line's SIGTERM hook calls. Thread-safe.
 */
public final class Host implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Host.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration LISTENER_STOP_WAIT = Duration.ofSeconds(2);

  private final HostConfig config;
  private final Orchestrator orchestrator;
  private final GameServerListener listener;
  private final AdminServer admin;
  private final HostDrain drain;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private boolean closed;

  private Host(HostConfig config, Orchestrator orchestrator, GameServerListener listener,
      AdminServer admin, HostDrain drain) {
    this.config = config;
    this.orchestrator = orchestrator;
    this.listener = listener;
    this.admin = admin;
    this.drain = drain;
  }

  /**
   * Starts the orchestrator and both listeners, and logs one line per listener.
   *
   * @throws HostStartException if a port cannot be bound or the orchestrator does not start;
   *     whatever had started is stopped again and the store closed
   */
  public static Host start(HostConfig config) {
    HostMetrics metrics = new HostMetrics();
    OrchestratorBuilder builder = Orchestrator.builder()
        .store(config.store())
        .hostId(config.hostId())
        .heartbeatInterval(config.heartbeatInterval())
        .reconnectGrace(config.reconnectGrace())
        .leaseTimeout(config.leaseTimeout())
        .maxAttempts(config.maxAttempts())
        .listener(metrics);
    config.customizer().accept(builder);
    Orchestrator orchestrator = builder.build();
    GameServerListener listener = null;
    try {
      orchestrator.start();
      Dashboard dashboard = dashboard(config, orchestrator);
      metrics.eventCounts(dashboard::publishDropped, dashboard::subscriberDropped,
          dashboard::unknownTypesSkipped);
      listener = new GameServerListener(new InetSocketAddress(config.bind(), config.wsPort()),
          orchestrator, TokenCheck.scoped(config.serverTokens()), metrics,
          new HandshakePolicy(config.tls(), config.allowedOrigins(), config.handshakeTimeout()),
          dashboard.sockets());
      listener.startAndWait(START_TIMEOUT);
      HostDrain drain = new HostDrain(orchestrator, listener, metrics, Clock.systemUTC(),
          config.reconnectUrl(), config.drainTimeout());
      AdminServer admin = admin(config, orchestrator, metrics, listener, dashboard, drain);
      admin.start();
      Host host = new Host(config, orchestrator, listener, admin, drain);
      drain.finished().thenRun(host::close);
      host.logListeners();
      return host;
    } catch (RuntimeException e) {
      stopQuietly(listener);
      orchestrator.close();
      config.store().close();
      throw e instanceof HostStartException ? e : new HostStartException(e.getMessage(), e);
    }
  }

  private static TokenCheck adminToken(HostConfig config) {
    return new TokenCheck(config.adminToken() == null ? List.of() : List.of(config.adminToken()));
  }

  /** Events travel through the store's shared log, so every host streams the whole fleet. */
  private static Dashboard dashboard(HostConfig config, Orchestrator orchestrator) {
    return new Dashboard(orchestrator,
        config.store().eventLog().orElseGet(InMemoryEventLog::startingNow), adminToken(config),
        EventStreamSettings.defaults());
  }

  private static AdminServer admin(HostConfig config, Orchestrator orchestrator,
      HostMetrics metrics, GameServerListener listener, Dashboard dashboard, HostDrain drain) {
    InetSocketAddress address = new InetSocketAddress(config.bind(), config.httpPort());
    try {
      return new AdminServer(address, orchestrator, metrics, adminToken(config),
          listener::isListening, dashboard,
          new AdminSecurity(config.tls(), config.allowedOrigins()), drain);
    } catch (IOException e) {
      throw new HostStartException("admin api cannot listen on " + config.bind() + ":"
          + config.httpPort() + ": " + e.getMessage(), e);
    }
  }

  private void logListeners() {
    boolean tls = config.tls() != null;
    log.info("game servers: {}://{}:{}/ws/server/{server_id}/{}", tls ? "wss" : "ws",
        config.bind(), wsPort(), serverTokenNote());
    log.info("admin api: {}://{}:{}/api/{}{}", tls ? "https" : "http", config.bind(),
        httpPort(), config.adminToken() == null ? " (no token required)" : " (token required)",
        config.allowedOrigins().isEmpty() ? ""
            : " (browser origins allowed: " + String.join(", ", config.allowedOrigins()) + ")");
    log.info("store: {}; host id: {}", config.storeDescription(), config.hostId());
    log.info("{}", OpenFiles.current().describe());
  }

  /** Says whether tokens are needed and how many are scoped, never what they are. */
  private String serverTokenNote() {
    if (config.serverTokens().isEmpty()) {
      return " (no token required)";
    }
    long scoped = config.serverTokens().stream()
        .filter(t -> !t.serverIdPrefix().isEmpty()).count();
    return scoped == 0 ? " (token required)"
        : " (token required; " + scoped + " of " + config.serverTokens().size()
            + " tokens limited to server id prefixes)";
  }

  /** The game-server WebSocket port actually bound. */
  public int wsPort() {
    return listener.boundPort();
  }

  /** The admin HTTP port actually bound. */
  public int httpPort() {
    return admin.boundPort();
  }

  /** The orchestrator this host runs. */
  public Orchestrator orchestrator() {
    return orchestrator;
  }

  /** Whether the listener is up and the orchestrator ready (what {@code /readyz} reports). */
  public boolean isReady() {
    return listener.isListening() && orchestrator.isReady();
  }

  /**
   * Begins a drain, for an upgrade without downtime: new game-server sessions are refused (503)
   * and {@code /readyz} answers 503, every attached game server gets a {@code command} {@code
   * reconnect} (params {@code {"url": ...}}, or {@code {}} without a URL) and keeps its leases
   * when it leaves, and once all have left or {@code timeout} has passed the host stops as
   * {@link #close()} does. Returns at once; a second call returns the drain under way.
   *
   * @param reconnectUrl {@code ws://HOST:PORT} to send servers to, or null for the configured
   *     {@link HostConfig#reconnectUrl()}
   * @param timeout how long to wait, or null for {@link HostConfig#drainTimeout()}
   * @throws IllegalArgumentException naming the parameter if the URL or timeout is invalid
   */
  public DrainStatus drain(String reconnectUrl, Duration timeout) {
    String url = reconnectUrl == null ? null
        : BaseUrls.reconnectUrl("reconnectUrl", reconnectUrl);
    return drain.start(url, timeout == null ? null : HostDrain.checkTimeout("timeout", timeout));
  }

  /** Where the drain stands; not draining until {@link #drain} or a drain-on-shutdown. */
  public DrainStatus drainStatus() {
    return drain.status();
  }

  /**
   * What SIGTERM runs: with {@link HostConfig#drainOnShutdown()} a {@link #drain} with the
   * configured URL and timeout, waiting until the host has stopped; otherwise {@link #close()}.
   *
   * @throws InterruptedException if interrupted while waiting for the drain
   */
  public void shutdown() throws InterruptedException {
    if (!config.drainOnShutdown()) {
      close();
      return;
    }
    drain.start(null, null);
    awaitStop();
  }

  /**
   * Waits until {@link #close()} has finished.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops accepting (admin API closed, new WebSocket handshakes refused with 503), then closes
   * the orchestrator, which closes every session with 1001 after the frames it already
   * received, then stops the listener and closes the store. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    log.info("stopping: closing listeners and sessions");
    admin.stop();
    listener.stopAccepting();
    orchestrator.close();
    stopQuietly(listener);
    config.store().close();
    log.info("stopped");
    stopped.countDown();
  }

  private static void stopQuietly(GameServerListener listener) {
    if (listener == null) {
      return;
    }
    try {
      listener.stop((int) LISTENER_STOP_WAIT.toMillis(), "host stopped");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The host could not start; the message says which listener or part failed and why. */
  public static final class HostStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with what failed. */
    public HostStartException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
