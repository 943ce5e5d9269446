package dev.orchestrator.host.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.core.protocol.Ack;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.ClientMessage;
import dev.orchestrator.core.protocol.Command;
import dev.orchestrator.core.protocol.Disconnect;
import dev.orchestrator.core.protocol.Heartbeat;
import dev.orchestrator.core.protocol.Hello;
import dev.orchestrator.core.protocol.HostMessage;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.JobFailed;
import dev.orchestrator.core.protocol.ProtocolCodec;
import dev.orchestrator.core.protocol.ProtocolError;
import dev.orchestrator.core.protocol.ProtocolException;
import dev.orchestrator.core.protocol.ReportedStatus;
import dev.orchestrator.core.protocol.StatusUpdate;
import dev.orchestrator.core.protocol.Welcome;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A game server's connection to an orchestrator host, following the wire contract (PROTOCOL.md
 * section 1): it connects to {@code ws://HOST:PORT/ws/server/{server_id}/} (or {@code wss://}
 * for a host serving TLS), sends {@code hello},
 * heartbeats on the interval the host's {@code welcome} names, hands each {@code assign_job} to a
 * {@link JobHandler} and sends its result, applies {@code cancel_job}, and reconnects with
 * backoff after a drop, resuming the job the host still leases to it ({@code
 * welcome.current_job}) and re-sending results the host had not acknowledged. A {@code
 * reconnect} command (a host draining for an upgrade) closes the socket without {@code
 * disconnect}, so the job stays leased, and connects at once to the command's {@code url}, or
 * to this client's own URL when it names none; later reconnects use this client's own URL.
 *
 * <pre>{@code
 * GameServerClient client = GameServerClient.builder(URI.create("ws://127.0.0.1:8765"), "mc-1")
 *     .token("secret")
 *     .jobHandler((job, resumed) -> {
 *       game.startRound(job, () -> client.jobDone(job.mapId(), job.jobId(), nextRound()));
 *       return null; // reported later
 *     })
 *     .build();
 * client.start();
 * ...
 * client.close(); // graceful disconnect: the host re-queues an unfinished job at once
 * }</pre>
 *
 * <p>The client runs one job at a time (it announces capacity 1). Its socket is non-blocking,
 * on the threads of a {@link ClientNetwork} that many clients may share (by default one thread
 * of its own); timers (heartbeats, reconnects) run on a scheduler that many clients may share.
 * Callbacks run on the connection's network thread: return quickly. Thread-safe.
 */
public final class GameServerClient implements AutoCloseable {
  private static final ProtocolCodec CODEC = new ProtocolCodec();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SERVER_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
  private static final int CLOSE_NORMAL = 1000;
  private static final int CLOSE_REPLACED = 4000;
  private static final String RECONNECT = "reconnect";
  // A host that has not answered a ping or sent anything for this many heartbeat intervals is
  // taken for gone: TCP alone would wait many minutes before a write to it fails.
  private static final int SILENT_INTERVALS = 3;
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final String serverId;
  private final Map<String, String> headers;
  private final InetAddress localAddress;
  private final SSLContext tls;
  private final ClientNetwork network;
  private final boolean ownNetwork;
  private final Hello hello;
  private final Duration heartbeatOverride;
  private final Supplier<Heartbeat> heartbeats;
  private final Duration backoffStep;
  private final Duration backoffMax;
  private final Duration connectTimeout;
  private final JobHandler jobs;
  private final ClientListener listener;
  private final ScheduledExecutorService scheduler;
  private final boolean ownScheduler;

  private final Object lock = new Object();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final URI uri;
  private Connection connection;
  private boolean started;
  private boolean closing;
  private boolean available = true;
  private int failedAttempts;
  private ScheduledFuture<?> heartbeatTask;
  private ScheduledFuture<?> reconnectTask;
  private final Map<String, AssignJob> running = new LinkedHashMap<>();
  // The connection each running job arrived on: see welcomed().
  private final Map<String, Connection> arrivedOn = new LinkedHashMap<>();
  private final Map<String, ClientMessage> unacked = new LinkedHashMap<>();
  // Job ids of results sent on the current connection, in order: the host answers each with an
  // ack or a protocol_error, in the order received, and protocol_error carries no job id.
  private final ArrayDeque<String> awaitingAnswer = new ArrayDeque<>();

  private GameServerClient(Builder b) {
    this.serverId = b.serverId;
    this.uri = serverUrl(b.hostUrl, b.serverId);
    Map<String, String> h = new LinkedHashMap<>();
    if (b.token != null) {
      h.put("Authorization", "Bearer " + b.token);
    }
    this.headers = Map.copyOf(h);
    this.localAddress = b.localAddress;
    this.ownNetwork = b.network == null;
    this.network = ownNetwork ? ClientNetwork.create(1) : b.network;
    this.hello = new Hello(b.serverIp, 1, b.labels, b.version);
    this.heartbeatOverride = b.heartbeatInterval;
    this.heartbeats = b.heartbeats;
    this.backoffStep = b.backoffStep;
    this.backoffMax = b.backoffMax;
    this.connectTimeout = b.connectTimeout;
    this.jobs = b.jobs;
    this.listener = b.listener;
    this.tls = b.tls;
    this.ownScheduler = b.scheduler == null;
    this.scheduler = ownScheduler ? Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "game-server-client-" + b.serverId);
      t.setDaemon(true);
      return t;
    }) : b.scheduler;
  }

  /**
   * A builder for a client of the host at {@code hostUrl}.
   *
   * @param hostUrl the host's game-server listener, {@code ws://HOST:PORT} or {@code
   *     wss://HOST:PORT}; the path {@code /ws/server/{serverId}/} is added
   * @param serverId this game server's id, 1-128 characters of {@code [A-Za-z0-9_.:-]}
   * @throws IllegalArgumentException if the URL is not {@code ws://} or {@code wss://}, or the
   *     id is invalid
   */
  public static Builder builder(URI hostUrl, String serverId) {
    return new Builder(hostUrl, serverId);
  }

  /** This game server's id. */
  public String serverId() {
    return serverId;
  }

  /**
   * This client's own WebSocket URL, where it connects and reconnects; a {@code reconnect}
   * command's {@code url} is used for the one reconnect it asks for.
   */
  public URI uri() {
    return uri;
  }

  /**
   * Connects in the background; from now on the client reconnects after every drop until
   * {@link #close()}.
   *
   * @throws IllegalStateException if already started
   */
  public void start() {
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("already started");
      }
      started = true;
      connectNow(uri);
    }
  }

  /** Whether a session is open (the host's {@code welcome} arrived and the socket is up). */
  public boolean isConnected() {
    synchronized (lock) {
      return connection != null && connection.welcomed;
    }
  }

  /** Ids of jobs handed to the {@link JobHandler} whose result has not been reported yet. */
  public Set<String> runningJobs() {
    synchronized (lock) {
      return Set.copyOf(running.keySet());
    }
  }

  /** Ids of jobs whose result was reported but not yet acknowledged by the host. */
  public Set<String> unacknowledgedResults() {
    synchronized (lock) {
      return Set.copyOf(unacked.keySet());
    }
  }

  /**
   * Reports a finished round ({@code job_done}); sent now, or after the reconnect if the
   * connection is down, and again after a reconnect until the host acknowledges it.
   *
   * @param nextRoundTime when the map's next round is due; null when the map has no further
   *     round
   * @return false if this client is not running that job (unknown, already reported or
   *     cancelled); nothing is sent then
   */
  public boolean jobDone(String mapId, String jobId, Instant nextRoundTime) {
    return report(mapId, jobId,
        nextRoundTime == null ? JobResult.completed() : JobResult.done(nextRoundTime));
  }

  /**
   * Reports a failed round ({@code job_failed}), delivered like {@link #jobDone}.
   *
   * @param retryable false sends the map to {@code error} at once instead of retrying
   * @return false if this client is not running that job; nothing is sent then
   */
  public boolean jobFailed(String mapId, String jobId, String message, boolean retryable) {
    return report(mapId, jobId, JobResult.failed(message, retryable));
  }

  /**
   * Says whether this server takes new work ({@code status_update idle|busy}); kept across
   * reconnects. A running job is unaffected.
   */
  public void setAvailable(boolean takesWork) {
    synchronized (lock) {
      available = takesWork;
      if (connection != null && connection.welcomed) {
        send(connection, statusUpdate());
      }
    }
  }

  /**
   * Leaves gracefully: sends {@code disconnect} (the host re-queues an unfinished job at once
   * instead of waiting for a reconnect), closes the socket with 1000 and stops reconnecting.
   * Waits up to 5 s for the close unless called from a callback. Idempotent.
   */
  @Override
  public void close() {
    disconnect("client closed");
  }

  /**
   * Like {@link #close()}, with the reason sent to the host.
   *
   * @param reason why this server leaves; shown to operators
   */
  public void disconnect(String reason) {
    Connection open;
    synchronized (lock) {
      if (closing) {
        return;
      }
      closing = true;
      cancel(reconnectTask);
      cancel(heartbeatTask);
      open = connection;
      if (open == null) {
        stopped.complete(null);
      } else if (open.socket.isOpen()) {
        send(open, new Disconnect(reason));
      }
    }
    if (open != null) {
      open.socket.close(CLOSE_NORMAL, reason);
    }
    // A network thread must not wait: the close it waits for may need that very thread.
    if (open != null && !network.isNetworkThread()) {
      try {
        stopped.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        open.socket.abort("close timed out");
      }
    }
    if (ownScheduler) {
      scheduler.shutdownNow();
    }
    if (ownNetwork && !network.isNetworkThread()) {
      network.close();
    }
  }

  /**
   * Drops the connection without a close frame or {@code disconnect}, as a crash or a network
   * failure would; the host keeps this server's job for its reconnect grace, and the client
   * reconnects with backoff as after any drop. For failover drills and simulations.
   */
  public void dropConnection() {
    Connection open;
    synchronized (lock) {
      open = connection;
      if (open == null || closing) {
        return;
      }
      open.dropped = true;
    }
    open.socket.abort("dropped by the client");
  }

  private boolean report(String mapId, String jobId, JobResult result) {
    Objects.requireNonNull(mapId, "mapId");
    Objects.requireNonNull(jobId, "jobId");
    synchronized (lock) {
      AssignJob job = running.get(jobId);
      if (job == null) {
        return false;
      }
      if (!job.mapId().equals(mapId)) {
        throw new IllegalArgumentException("job " + jobId + " is for map " + job.mapId()
            + ", not " + mapId);
      }
      running.remove(jobId);
      arrivedOn.remove(jobId);
      ClientMessage message = result.isSuccess()
          ? new JobDone(mapId, result.nextRoundTime(), jobId)
          : new JobFailed(mapId, jobId, result.message(), result.retryable());
      unacked.put(jobId, message);
      if (connection != null && connection.welcomed && send(connection, message)) {
        awaitingAnswer.add(jobId);
      }
      return true;
    }
  }

  private void connectNow(URI target) {
    Connection next = new Connection();
    connection = next;
    SSLContext context =
        "wss".equals(target.getScheme()) ? (tls != null ? tls : defaultTls()) : null;
    next.socket = WebSocketConnection.connect(network, target, headers, localAddress, context,
        connectTimeout, next);
  }

  private void opened(Connection c) {
    synchronized (lock) {
      if (c != connection) {
        return;
      }
      c.lastHeard = System.nanoTime();
      send(c, hello);
    }
  }

  private void received(Connection c, String frame) {
    c.lastHeard = System.nanoTime();
    HostMessage message;
    try {
      message = CODEC.decodeHost(frame);
    } catch (ProtocolException e) {
      // A frame this client cannot read is the host's bug; the session carries on.
      return;
    }
    if (message instanceof Welcome welcome) {
      welcomed(c, welcome);
    } else if (message instanceof AssignJob job) {
      assigned(c, job);
    } else if (message instanceof Ack ack) {
      acked(c, ack);
    } else if (message instanceof ProtocolError error) {
      refused(c, error);
    } else if (message instanceof Command command) {
      commanded(c, command);
    }
  }

  private void welcomed(Connection c, Welcome welcome) {
    List<AssignJob> lost = new ArrayList<>();
    AssignJob resume = null;
    synchronized (lock) {
      if (c != connection || closing) {
        return;
      }
      c.welcomed = true;
      failedAttempts = 0;
      Duration interval = heartbeatOverride != null ? heartbeatOverride
          : Duration.ofSeconds(welcome.heartbeatIntervalS());
      c.heartbeatNanos = interval.toNanos();
      cancel(heartbeatTask);
      heartbeatTask = scheduler.scheduleAtFixedRate(() -> heartbeat(c), interval.toMillis(),
          interval.toMillis(), TimeUnit.MILLISECONDS);
      if (!available) {
        send(c, statusUpdate());
      }
      awaitingAnswer.clear();
      for (Map.Entry<String, ClientMessage> result : unacked.entrySet()) {
        if (send(c, result.getValue())) {
          awaitingAnswer.add(result.getKey());
        }
      }
      AssignJob current = welcome.currentJob();
      String currentId = current == null ? null : current.jobId();
      // A job from an earlier connection that welcome does not name has lost its lease. One
      // that arrived on this connection is kept: the host may send an assign_job just ahead
      // of the welcome that does not name it yet.
      running.values().removeIf(job -> {
        if (job.jobId().equals(currentId) || arrivedOn.get(job.jobId()) == c) {
          return false;
        }
        arrivedOn.remove(job.jobId());
        lost.add(job);
        return true;
      });
      if (current != null && !running.containsKey(currentId)
          && !unacked.containsKey(currentId)) {
        running.put(currentId, current);
        arrivedOn.put(currentId, c);
        resume = current;
      }
    }
    listener.onConnected(welcome);
    for (AssignJob job : lost) {
      jobs.onCancel(job, "the lease ended while disconnected");
    }
    if (resume != null) {
      run(resume, true);
    }
  }

  private void assigned(Connection c, AssignJob job) {
    synchronized (lock) {
      if (c != connection || running.containsKey(job.jobId())
          || unacked.containsKey(job.jobId())) {
        return;
      }
      running.put(job.jobId(), job);
      arrivedOn.put(job.jobId(), c);
    }
    run(job, false);
  }

  private void run(AssignJob job, boolean resumed) {
    JobResult result;
    try {
      result = jobs.onJob(job, resumed);
    } catch (RuntimeException e) {
      result = JobResult.failed("job handler threw " + e, true);
    }
    if (result != null) {
      report(job.mapId(), job.jobId(), result);
    }
  }

  private void acked(Connection c, Ack ack) {
    synchronized (lock) {
      if (ack.jobId() != null) {
        unacked.remove(ack.jobId());
        if (c == connection) {
          awaitingAnswer.remove(ack.jobId());
        }
      }
    }
    listener.onAck(ack);
  }

  private void refused(Connection c, ProtocolError error) {
    boolean aboutResult = JobDone.TYPE.equals(error.refType())
        || JobFailed.TYPE.equals(error.refType());
    String jobId = null;
    if (aboutResult) {
      synchronized (lock) {
        if (c == connection) {
          jobId = awaitingAnswer.poll();
          if (jobId != null) {
            unacked.remove(jobId);
          }
        }
      }
    }
    if (jobId != null) {
      listener.onResultRefused(jobId, error);
    } else {
      listener.onProtocolError(error);
    }
  }

  private void commanded(Connection c, Command command) {
    AssignJob cancelled = null;
    String reason = "";
    if ("cancel_job".equals(command.action())) {
      JsonNode params = params(command);
      String jobId = params.path("job_id").asText(null);
      reason = params.path("reason").asText("cancel_job");
      if (jobId != null) {
        synchronized (lock) {
          cancelled = running.remove(jobId);
          arrivedOn.remove(jobId);
        }
      }
    }
    if (cancelled != null) {
      jobs.onCancel(cancelled, reason);
    }
    listener.onCommand(command);
    if (RECONNECT.equals(command.action())) {
      reconnectElsewhere(c, params(command).path("url").asText(null));
    }
  }

  /**
   * Leaves without {@code disconnect}, so the host keeps this server's job for its reconnect
   * grace, and comes back at once through {@code url} or, without a usable one, this client's
   * own URL (normally a load balancer, which routes around the draining host).
   */
  private void reconnectElsewhere(Connection c, String url) {
    URI target = uri;
    if (url != null) {
      try {
        target = serverUrl(new URI(url), serverId);
      } catch (URISyntaxException | IllegalArgumentException e) {
        // An unusable URL falls back to this client's own, which still reaches a live host.
      }
    }
    synchronized (lock) {
      if (c != connection || closing) {
        return;
      }
      c.reconnectTo = target;
    }
    c.socket.close(CLOSE_NORMAL, RECONNECT);
  }

  private static JsonNode params(Command command) {
    try {
      return JSON.readTree(command.paramsJson());
    } catch (JsonProcessingException e) {
      return JSON.createObjectNode();
    }
  }

  private void heartbeat(Connection c) {
    long silent;
    synchronized (lock) {
      if (c != connection || !c.welcomed) {
        return;
      }
      silent = System.nanoTime() - c.lastHeard;
      if (silent <= SILENT_INTERVALS * c.heartbeatNanos) {
        if (send(c, heartbeats.get())) {
          c.socket.ping();
        }
        return;
      }
    }
    c.socket.abort("no frame from the host for " + TimeUnit.NANOSECONDS.toMillis(silent)
        + " ms");
  }

  private void closed(Connection c, int code, String reason) {
    boolean wasOpen;
    boolean reconnect;
    boolean byClient;
    int attempt;
    synchronized (lock) {
      if (c != connection) {
        return;
      }
      connection = null;
      wasOpen = c.welcomed;
      byClient = closing || c.dropped || c.reconnectTo != null;
      cancel(heartbeatTask);
      awaitingAnswer.clear();
      // 4000 means another connection took this server id; reconnecting would take it back
      // and start a tug of war between the two.
      reconnect = !closing && code != CLOSE_REPLACED;
      if (!wasOpen) {
        failedAttempts++;
      }
      attempt = failedAttempts;
      if (reconnect && c.reconnectTo != null) {
        connectNow(c.reconnectTo);
      } else if (reconnect) {
        long step = backoffStep.toMillis() * Math.max(1, failedAttempts);
        long delay = Math.min(step, backoffMax.toMillis());
        try {
          reconnectTask = scheduler.schedule(this::reconnect, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
          // A shared scheduler stopped by its owner: nothing will run a reconnect any more.
          reconnect = false;
          stopped.complete(null);
        }
      } else {
        stopped.complete(null);
      }
    }
    if (wasOpen || byClient) {
      listener.onDisconnected(code, reason == null ? "" : reason, byClient, reconnect);
    } else {
      listener.onConnectFailed(reason == null || reason.isEmpty() ? "close " + code : reason,
          attempt);
    }
  }

  private void reconnect() {
    synchronized (lock) {
      if (!closing && connection == null) {
        connectNow(uri);
      }
    }
  }

  private ClientMessage statusUpdate() {
    return new StatusUpdate(available ? ReportedStatus.IDLE : ReportedStatus.BUSY);
  }

  private static boolean send(Connection c, ClientMessage message) {
    return c.socket.send(CODEC.encode(message));
  }

  /** {@code hostUrl} with the server path, unless it already has a path of its own. */
  private static URI serverUrl(URI hostUrl, String serverId) {
    String scheme = hostUrl.getScheme();
    if (!("ws".equals(scheme) || "wss".equals(scheme)) || hostUrl.getHost() == null) {
      throw new IllegalArgumentException("host URL must be ws://HOST:PORT or wss://HOST:PORT,"
          + " got " + hostUrl);
    }
    String path = hostUrl.getRawPath();
    return path == null || path.isEmpty() || "/".equals(path)
        ? hostUrl.resolve("/ws/server/" + serverId + "/") : hostUrl;
  }

  private static SSLContext defaultTls() {
    try {
      return SSLContext.getDefault();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no default TLS context", e);
    }
  }

  private static void cancel(ScheduledFuture<?> task) {
    if (task != null) {
      task.cancel(false);
    }
  }

  /** One connection attempt and what this client knows about it; a reconnect makes a new one. */
  private final class Connection implements WebSocketConnection.Events {
    // Set by connectNow() under the client's lock, which every callback takes before using it.
    WebSocketConnection socket;
    volatile long lastHeard;
    // Set when the host said reconnect: where to go next, at once.
    URI reconnectTo;
    boolean welcomed;
    long heartbeatNanos;
    // Closed on purpose without a disconnect: dropConnection().
    volatile boolean dropped;

    @Override
    public void opened() {
      GameServerClient.this.opened(this);
    }

    @Override
    public void text(String frame) {
      received(this, frame);
    }

    @Override
    public void pong(long sentNanos) {
      long now = System.nanoTime();
      lastHeard = now;
      listener.onHeartbeatRoundTrip(Duration.ofNanos(now - sentNanos));
    }

    @Override
    public void closed(int code, String reason) {
      GameServerClient.this.closed(this, code, reason);
    }
  }

  /** Configures a {@link GameServerClient}; only the job handler is required. */
  public static final class Builder {
    private final URI hostUrl;
    private final String serverId;
    private String token;
    private SSLContext tls;
    private ClientNetwork network;
    private InetAddress localAddress;
    private String serverIp;
    private Map<String, String> labels = Map.of();
    private String version;
    private Duration heartbeatInterval;
    private Supplier<Heartbeat> heartbeats = () -> new Heartbeat(null, null, null, Map.of());
    private Duration backoffStep = Duration.ofSeconds(5);
    private Duration backoffMax = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private JobHandler jobs;
    private ClientListener listener = new ClientListener() { };
    private ScheduledExecutorService scheduler;

    private Builder(URI hostUrl, String serverId) {
      Objects.requireNonNull(hostUrl, "hostUrl");
      serverUrl(hostUrl, "check");
      if (serverId == null || !SERVER_ID.matcher(serverId).matches()) {
        throw new IllegalArgumentException("server id must be 1-128 characters of"
            + " [A-Za-z0-9_.:-], got " + serverId);
      }
      this.hostUrl = hostUrl;
      this.serverId = serverId;
    }

    /** Sends {@code Authorization: Bearer <token>}; needed when the host checks tokens. */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /**
     * The TLS context for a {@code wss://} host: its trust managers decide which certificates
     * are accepted (see {@code Tls.trustStore} for one from a PKCS#12 trust store). Default: the
     * JVM's default context, which trusts the JDK's CA certificates. The host name is checked
     * against the certificate either way.
     */
    public Builder tls(SSLContext context) {
      this.tls = Objects.requireNonNull(context, "context");
      return this;
    }

    /**
     * Does socket I/O on these shared network threads, which the client does not stop.
     * Default: one thread of its own, stopped when the client closes.
     */
    public Builder network(ClientNetwork network) {
      this.network = Objects.requireNonNull(network, "network");
      return this;
    }

    /** Binds the client's socket to this local address (default: chosen by the system). */
    public Builder localAddress(InetAddress address) {
      this.localAddress = address;
      return this;
    }

    /** {@code hello.server_ip}: the address the server reports for itself. */
    public Builder serverIp(String serverIp) {
      this.serverIp = serverIp;
      return this;
    }

    /** {@code hello.labels}, used by assignment policies for affinity. */
    public Builder labels(Map<String, String> labels) {
      this.labels = Map.copyOf(labels);
      return this;
    }

    /** {@code hello.version}: the game server's own version. */
    public Builder version(String version) {
      this.version = version;
      return this;
    }

    /**
     * Heartbeats at this interval instead of the one the host's {@code welcome} names (the
     * host marks a server not responding after 3 of its own intervals without one).
     */
    public Builder heartbeatInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("heartbeat interval must be positive: " + interval);
      }
      this.heartbeatInterval = interval;
      return this;
    }

    /** Builds each heartbeat, for example with CPU and RAM use (default: empty heartbeats). */
    public Builder heartbeats(Supplier<Heartbeat> heartbeats) {
      this.heartbeats = Objects.requireNonNull(heartbeats, "heartbeats");
      return this;
    }

    /**
     * Waits {@code step} times the number of failed attempts in a row (at least once) before
     * reconnecting, at most {@code max}. Default 5 s and 30 s.
     */
    public Builder reconnectBackoff(Duration step, Duration max) {
      if (step.isNegative() || max.compareTo(step) < 0) {
        throw new IllegalArgumentException("backoff needs 0 <= step <= max, got " + step
            + " and " + max);
      }
      this.backoffStep = step;
      this.backoffMax = max;
      return this;
    }

    /** How long one TCP connect may take (default 10 s). */
    public Builder connectTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("connect timeout must be positive: " + timeout);
      }
      this.connectTimeout = timeout;
      return this;
    }

    /** Runs the jobs; required. */
    public Builder jobHandler(JobHandler handler) {
      this.jobs = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /** Hears about connections, acks, refusals and commands. */
    public Builder listener(ClientListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Runs heartbeats and reconnects on this scheduler, which many clients may share; the
     * client does not shut it down. Default: one daemon thread of its own.
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Builds the client; call {@link GameServerClient#start()} to connect.
     *
     * @throws IllegalStateException if no job handler was set
     */
    public GameServerClient build() {
      if (jobs == null) {
        throw new IllegalStateException("a job handler is required");
      }
      return new GameServerClient(this);
    }
  }
}
