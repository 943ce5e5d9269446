package dev.orchestrator.host.internal.simulator;

import dev.orchestrator.core.protocol.Ack;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.Command;
import dev.orchestrator.core.protocol.Heartbeat;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.ProtocolError;
import dev.orchestrator.core.protocol.Welcome;
import dev.orchestrator.host.client.ClientListener;
import dev.orchestrator.host.client.ClientNetwork;
import dev.orchestrator.host.client.GameServerClient;
import dev.orchestrator.host.client.JobHandler;
import dev.orchestrator.host.client.JobResult;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;

/**
 * Runs N {@link GameServerClient}s against one host for a bounded time, then drains them (no new
 * work, finish and get acks for what is running), disconnects them gracefully and summarises.
 * All clients share one {@link ClientNetwork} (a selector thread per core) and one small
 * scheduler, so the thread count does not grow with the fleet.
 */
public final class FleetSimulator {
  // Handshakes in flight at once: enough to connect thousands of servers in seconds without
  // overrunning the host's accept backlog.
  private static final int CONNECTING_AT_ONCE = 200;
  private static final int SCHEDULER_THREADS = 2;
  // A host busy accepting thousands of connections answers handshakes late; giving up early
  // would only add a retry to its queue.
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  private static final int CLOSING_AT_ONCE = 64;
  // Time allowed per server for the close handshakes at the end, on top of the drain timeout.
  private static final long CLOSE_MS_PER_SERVER = 2;
  // Lines about single servers (failures, commands) printed before the rest are only counted.
  private static final int NOTES_PRINTED = 50;
  // A time (System.nanoTime()) not known or already used.
  private static final long NONE = Long.MIN_VALUE;

  /**
   * What one run does; validated by the command.
   *
   * @param tls the context for a {@code wss://} URL, null for the JVM's default
   * @param nextRound when a finished map's next round is due, counted from its {@code job_done}
   *     (zero: at once)
   * @param killEvery how often to drop the connection of a random server that is running a job,
   *     as a crash would (null: never); the server forgets that job and reconnects
   */
  public record Settings(URI url, int servers, Duration duration, JobDurations jobDurations,
      double failureRate, String token, Duration heartbeat, Duration backoffStep,
      Duration drainTimeout, Duration progressEvery, String idPrefix, boolean spreadSources,
      SSLContext tls, Duration nextRound, Duration killEvery) { }

  private final Settings settings;
  private final PrintWriter progress;
  private final ScheduledExecutorService scheduler;
  private final ClientNetwork network;
  private final List<SimServer> servers = new ArrayList<>();
  private final Semaphore connecting = new Semaphore(CONNECTING_AT_ONCE);
  private final CountDownLatch stopRequested = new CountDownLatch(1);

  private final AtomicInteger connected = new AtomicInteger();
  // Servers that have connected at least once: the ramp is over when it reaches the fleet size.
  private final AtomicInteger arrived = new AtomicInteger();
  private final AtomicInteger maxConnected = new AtomicInteger();
  private final LongAdder connections = new LongAdder();
  private final LongAdder connectFailures = new LongAdder();
  private final LongAdder unexpectedDisconnects = new LongAdder();
  private final LongAdder jobsAssigned = new LongAdder();
  private final LongAdder jobsResumed = new LongAdder();
  private final LongAdder jobsDone = new LongAdder();
  private final LongAdder jobsFailed = new LongAdder();
  private final LongAdder jobsCancelled = new LongAdder();
  private final LongAdder resultsRefused = new LongAdder();
  private final LongAdder protocolErrors = new LongAdder();
  private final LongAdder heartbeats = new LongAdder();
  private final LongAdder commands = new LongAdder();
  private final LongAdder reconnectCommands = new LongAdder();
  private final LongAdder kills = new LongAdder();
  private final LatencyRecorder ackLatency = new LatencyRecorder();
  private final LatencyRecorder cycleLatency = new LatencyRecorder();
  private final LatencyRecorder reassignLatency = new LatencyRecorder();
  private final LatencyRecorder dueToAssign = new LatencyRecorder();
  private final LatencyRecorder heartbeatRoundTrip = new LatencyRecorder();
  private final LatencyRecorder failover = new LatencyRecorder();
  // Map id -> System.nanoTime() when its next round is due (the job_done this fleet sent), or
  // NONE once its assignment took it. Entries stay: the socket threads then only replace
  // values, and do not contend on the map's size counter as adding and removing them did.
  private final Map<String, Long> dueAt = new ConcurrentHashMap<>();
  // Map id -> System.nanoTime() when the server running it was killed.
  private final Map<String, Long> killedAt = new ConcurrentHashMap<>();
  private final AtomicInteger peakThreads = new AtomicInteger();
  private final AtomicInteger notes = new AtomicInteger();
  private final AtomicInteger connectNotes = new AtomicInteger();

  /** A fleet that reports progress to {@code progress}; {@link #run()} starts it. */
  public FleetSimulator(Settings settings, PrintWriter progress) {
    this.settings = settings;
    this.progress = progress;
    this.network = ClientNetwork.create(Math.max(1, Runtime.getRuntime().availableProcessors()));
    AtomicInteger n = new AtomicInteger();
    this.scheduler = Executors.newScheduledThreadPool(SCHEDULER_THREADS, r -> {
      Thread t = new Thread(r, "simulator-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Runs the fleet and returns the summary; blocks for about the duration (or until {@link
   * #stop()}) plus the drain.
   */
  public Map<String, Object> run() throws InterruptedException {
    long start = System.nanoTime();
    long end = start + settings.duration().toNanos();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] lastDone = {0};
    long[] lastAt = {start};
    var reporter = scheduler.scheduleAtFixedRate(() -> {
      peakThreads.accumulateAndGet(threads.getThreadCount(), Math::max);
      long now = System.nanoTime();
      long done = jobsDone.sum() + jobsFailed.sum();
      double rate = (done - lastDone[0]) / Math.max(1e-9, (now - lastAt[0]) / 1e9);
      lastDone[0] = done;
      lastAt[0] = now;
      progress.printf(Locale.ROOT, "[simulate] %3ds connected %d/%d, jobs done %d, failed %d,"
              + " %.0f jobs/s, threads %d%n", TimeUnit.NANOSECONDS.toSeconds(now - start),
          connected.get(), settings.servers(), jobsDone.sum(), jobsFailed.sum(), rate,
          threads.getThreadCount());
      progress.flush();
    }, settings.progressEvery().toMillis(), settings.progressEvery().toMillis(),
        TimeUnit.MILLISECONDS);
    if (settings.killEvery() != null) {
      long every = settings.killEvery().toNanos();
      scheduler.scheduleAtFixedRate(this::killOne, every, every, TimeUnit.NANOSECONDS);
    }
    try {
      for (int i = 0; i < settings.servers() && stopRequested.getCount() > 0; i++) {
        long left = end - System.nanoTime();
        if (left <= 0 || !connecting.tryAcquire(left, TimeUnit.NANOSECONDS)) {
          break;
        }
        SimServer server = new SimServer(i);
        synchronized (servers) {
          servers.add(server);
        }
        server.client.start();
      }
      long left = end - System.nanoTime();
      if (left > 0) {
        stopRequested.await(left, TimeUnit.NANOSECONDS);
      }
      long measured = System.nanoTime() - start;
      long completedInWindow = jobsDone.sum() + jobsFailed.sum();
      peakThreads.accumulateAndGet(threads.getThreadCount(), Math::max);
      int lost = drain();
      reporter.cancel(false);
      return summary(measured, completedInWindow, lost);
    } finally {
      reporter.cancel(false);
      scheduler.shutdownNow();
      network.close();
    }
  }

  /** Ends the run early: {@link #run()} drains and returns its summary. */
  public void stop() {
    stopRequested.countDown();
  }

  /** Drops the connection of one random server that runs a job and has no result in flight. */
  private void killOne() {
    // Not while connecting (a killed round would also wait for servers not there yet), nor
    // while draining (a kill then would leave a job to count as lost).
    if (!rampDone() || stopRequested.getCount() == 0) {
      return;
    }
    List<SimServer> busy = new ArrayList<>();
    synchronized (servers) {
      for (SimServer server : servers) {
        if (server.online && server.client.runningJobs().size() == 1
            && server.client.unacknowledgedResults().isEmpty()) {
          busy.add(server);
        }
      }
    }
    if (!busy.isEmpty()) {
      busy.get(ThreadLocalRandom.current().nextInt(busy.size())).crash();
    }
  }

  /**
   * Stops new work (status busy), waits for running jobs to finish and be acknowledged, then
   * disconnects every client. Returns the jobs still unfinished or unacknowledged: lost.
   */
  private int drain() throws InterruptedException {
    stopRequested.countDown();
    for (SimServer server : servers) {
      server.client.setAvailable(false);
    }
    long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
    while (System.nanoTime() < deadline && outstanding() > 0) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
    int lost = outstanding();
    // Each disconnect waits for its close handshake; one after another, thousands of them
    // would take longer than the run.
    ExecutorService closers = Executors.newFixedThreadPool(CLOSING_AT_ONCE);
    for (SimServer server : servers) {
      closers.execute(() -> server.client.disconnect("simulation over"));
    }
    closers.shutdown();
    closers.awaitTermination(settings.drainTimeout().toMillis()
        + settings.servers() * CLOSE_MS_PER_SERVER, TimeUnit.MILLISECONDS);
    return lost;
  }

  private int outstanding() {
    int total = 0;
    for (SimServer server : servers) {
      total += server.client.runningJobs().size() + server.client.unacknowledgedResults().size();
    }
    return total;
  }

  private Map<String, Object> summary(long measuredNanos, long completedInWindow, int lost) {
    double seconds = measuredNanos / 1e9;
    int neverConnected = 0;
    for (SimServer server : servers) {
      if (!server.everConnected.get()) {
        neverConnected++;
      }
    }
    neverConnected += settings.servers() - servers.size();
    // Connects that timed out or did not finish within the run measure capacity, not
    // correctness: they are reported, and fail the run only if nothing connected at all.
    long errors = unexpectedDisconnects.sum() + resultsRefused.sum() + protocolErrors.sum()
        + (connections.sum() == 0 ? 1 : 0);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("servers", settings.servers());
    out.put("duration_s", round(seconds));
    out.put("connections", connections.sum());
    out.put("max_connected", maxConnected.get());
    out.put("never_connected", neverConnected);
    out.put("connect_failures", connectFailures.sum());
    out.put("unexpected_disconnects", unexpectedDisconnects.sum());
    out.put("jobs_assigned", jobsAssigned.sum());
    out.put("jobs_resumed", jobsResumed.sum());
    out.put("jobs_done", jobsDone.sum());
    out.put("jobs_failed", jobsFailed.sum());
    out.put("jobs_cancelled", jobsCancelled.sum());
    out.put("results_refused", resultsRefused.sum());
    out.put("protocol_errors", protocolErrors.sum());
    out.put("lost_jobs", lost);
    out.put("heartbeats_sent", heartbeats.sum());
    out.put("commands", commands.sum());
    out.put("reconnect_commands", reconnectCommands.sum());
    out.put("kills", kills.sum());
    out.put("jobs_per_s", round(completedInWindow / seconds));
    Map<String, Object> latency = new LinkedHashMap<>();
    latency.put("result_to_ack", ackLatency.summary());
    latency.put("assign_to_ack", cycleLatency.summary());
    latency.put("result_to_next_assign", reassignLatency.summary());
    latency.put("due_to_assign", dueToAssign.summary());
    latency.put("kill_to_reassign", failover.summary());
    latency.put("heartbeat_round_trip", heartbeatRoundTrip.summary());
    out.put("latency_ms", latency);
    out.put("peak_threads", peakThreads.get());
    out.put("errors", errors);
    out.put("ok", errors == 0 && lost == 0);
    return out;
  }

  private boolean rampDone() {
    return arrived.get() == settings.servers();
  }

  /** Prints a line about one server, up to a limit, so a mass failure does not flood. */
  private void note(String line) {
    note(notes, line);
  }

  /** Connect failures have their own limit, so that they do not hide the other lines. */
  private void note(AtomicInteger printed, String line) {
    int n = printed.incrementAndGet();
    if (n <= NOTES_PRINTED) {
      progress.println("[simulate] " + line);
    } else if (n == NOTES_PRINTED + 1) {
      progress.println("[simulate] (further lines about single servers are only counted)");
    }
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private InetAddress sourceAddress(int index) {
    if (!settings.spreadSources()) {
      return null;
    }
    // 127.0.0.1 is left to the host; each loopback address has its own ephemeral port range.
    byte last = (byte) (2 + index % 250);
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, last});
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a 4-byte address is always valid", e);
    }
  }

  /** When a job was assigned and reported ({@link System#nanoTime()}), NONE if not. */
  private static final class Timing {
    final long assignedAt;
    volatile long reportedAt = NONE;

    Timing(long assignedAt) {
      this.assignedAt = assignedAt;
    }

    Timing reported(long at) {
      reportedAt = at;
      return this;
    }
  }

  /** One simulated game server and its timings. */
  private final class SimServer implements JobHandler, ClientListener {
    final GameServerClient client;
    final AtomicBoolean everConnected = new AtomicBoolean();
    final AtomicBoolean released = new AtomicBoolean();
    // Job id -> when it was assigned and reported, until its ack.
    final Map<String, Timing> timings = new ConcurrentHashMap<>();
    // Jobs this server was running when it was killed: a crashed server never reports them.
    final Set<String> forgotten = ConcurrentHashMap.newKeySet();
    volatile AssignJob current;
    volatile long lastReportAt;
    volatile boolean online;

    SimServer(int index) {
      String id = String.format(Locale.ROOT, "%s%05d", settings.idPrefix(), index);
      GameServerClient.Builder builder = GameServerClient.builder(settings.url(), id)
          .jobHandler(this)
          .listener(this)
          .network(network)
          .scheduler(scheduler)
          .version("simulator")
          .connectTimeout(CONNECT_TIMEOUT)
          .reconnectBackoff(settings.backoffStep(),
              settings.backoffStep().multipliedBy(6))
          .heartbeats(() -> {
            heartbeats.increment();
            return new Heartbeat(
                ThreadLocalRandom.current().nextDouble(5, 60),
                ThreadLocalRandom.current().nextDouble(20, 70), 40.0, Map.of());
          });
      InetAddress source = sourceAddress(index);
      if (source != null) {
        builder.localAddress(source).serverIp(source.getHostAddress());
      }
      if (settings.token() != null) {
        builder.token(settings.token());
      }
      if (settings.tls() != null) {
        builder.tls(settings.tls());
      }
      if (settings.heartbeat() != null) {
        builder.heartbeatInterval(settings.heartbeat());
      }
      client = builder.build();
    }

    @Override
    public JobResult onJob(AssignJob job, boolean resumed) {
      long now = System.nanoTime();
      long previous = lastReportAt;
      if (previous != 0) {
        reassignLatency.recordNanos(now - previous);
        lastReportAt = 0;
      }
      (resumed ? jobsResumed : jobsAssigned).increment();
      timings.put(job.jobId(), new Timing(now));
      current = job;
      Long due = dueAt.replace(job.mapId(), NONE);
      // While the fleet is still connecting, rounds also wait for servers that are not there
      // yet; the lag is the host's only once every server is in.
      if (due != null && due != NONE && !resumed && rampDone()) {
        dueToAssign.recordNanos(now - due);
      }
      Long killed = killedAt.remove(job.mapId());
      if (killed != null) {
        failover.recordNanos(now - killed);
      }
      long ms = settings.jobDurations().next();
      if (ms == 0) {
        return result(job);
      }
      scheduler.schedule(() -> {
        if (forgotten.remove(job.jobId())) {
          return;
        }
        JobResult result = result(job);
        if (result.isSuccess()) {
          client.jobDone(job.mapId(), job.jobId(), result.nextRoundTime());
        } else {
          client.jobFailed(job.mapId(), job.jobId(), result.message(), result.retryable());
        }
      }, ms, TimeUnit.MILLISECONDS);
      return null;
    }

    private JobResult result(AssignJob job) {
      long now = System.nanoTime();
      Timing timing = timings.get(job.jobId());
      if (timing == null) {
        timings.put(job.jobId(), new Timing(NONE).reported(now));
      } else {
        timing.reported(now);
      }
      lastReportAt = now;
      if (settings.failureRate() > 0
          && ThreadLocalRandom.current().nextDouble() < settings.failureRate()) {
        return JobResult.failed("simulated failure", true);
      }
      dueAt.put(job.mapId(), now + settings.nextRound().toNanos());
      return JobResult.done(Instant.now().plus(settings.nextRound()));
    }

    /** Drops the connection as a crash would and forgets the running job. */
    void crash() {
      long now = System.nanoTime();
      AssignJob job = current;
      if (job != null && client.runningJobs().contains(job.jobId())) {
        forgotten.add(job.jobId());
        killedAt.put(job.mapId(), now);
      }
      kills.increment();
      client.dropConnection();
    }

    @Override
    public void onCancel(AssignJob job, String reason) {
      jobsCancelled.increment();
      timings.remove(job.jobId());
    }

    @Override
    public void onConnected(Welcome welcome) {
      connections.increment();
      if (everConnected.compareAndSet(false, true)) {
        arrived.incrementAndGet();
      }
      online = true;
      maxConnected.accumulateAndGet(connected.incrementAndGet(), Math::max);
      release();
    }

    @Override
    public void onConnectFailed(String reason, int attempt) {
      connectFailures.increment();
      release();
      note(connectNotes, client.serverId() + " could not connect (attempt " + attempt + "): "
          + reason);
    }

    @Override
    public void onDisconnected(int code, String reason, boolean byClient, boolean willReconnect) {
      if (online) {
        online = false;
        connected.decrementAndGet();
      }
      if (!byClient) {
        unexpectedDisconnects.increment();
        note(client.serverId() + " disconnected: " + code + " " + reason
            + (willReconnect ? "; reconnecting" : ""));
      }
    }

    @Override
    public void onAck(Ack ack) {
      long now = System.nanoTime();
      (JobDone.TYPE.equals(ack.refType()) ? jobsDone : jobsFailed).increment();
      if (ack.jobId() == null) {
        return;
      }
      Timing timing = timings.remove(ack.jobId());
      if (timing == null) {
        return;
      }
      if (timing.reportedAt != NONE) {
        ackLatency.recordNanos(now - timing.reportedAt);
      }
      if (timing.assignedAt != NONE) {
        cycleLatency.recordNanos(now - timing.assignedAt);
      }
    }

    @Override
    public void onResultRefused(String jobId, ProtocolError error) {
      resultsRefused.increment();
      note(client.serverId() + " result for " + jobId + " refused: " + error.code() + " "
          + error.message());
    }

    @Override
    public void onProtocolError(ProtocolError error) {
      protocolErrors.increment();
      note(client.serverId() + " protocol_error: " + error.code() + " " + error.message());
    }

    @Override
    public void onCommand(Command command) {
      commands.increment();
      if ("reconnect".equals(command.action())) {
        reconnectCommands.increment();
      }
      note(client.serverId() + " command " + command.action());
    }

    @Override
    public void onHeartbeatRoundTrip(Duration roundTrip) {
      heartbeatRoundTrip.recordNanos(roundTrip.toNanos());
    }

    private void release() {
      if (released.compareAndSet(false, true)) {
        connecting.release();
      }
    }
  }
}
