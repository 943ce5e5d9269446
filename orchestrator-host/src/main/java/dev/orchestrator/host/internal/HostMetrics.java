package dev.orchestrator.host.internal;

import dev.orchestrator.core.EventListener;
import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.QueueSnapshot;
import dev.orchestrator.core.model.EventType;
import dev.orchestrator.core.model.GameServer;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.OrchestratorEvent;
import dev.orchestrator.core.model.ServerStatus;
import dev.orchestrator.core.protocol.ProtocolErrorCode;
import dev.orchestrator.core.protocol.WireTime;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The host's metrics: counters fed by the orchestrator's events and by the WebSocket adapter,
 * and gauges read from the orchestrator at scrape time. Thread-safe.
 *
 * <p>Label values that come from clients (message types) are limited to the protocol's known
 * names, so a hostile client cannot grow the series without bound.
 */
public final class HostMetrics implements EventListener {
  static final Set<String> CLIENT_TYPES = Set.of("hello", "heartbeat", "status_update",
      "job_done", "job_failed", "error", "progress", "disconnect");
  static final Set<String> HOST_TYPES =
      Set.of("welcome", "assign_job", "command", "ack", "protocol_error");
  private static final double[] BUCKETS = {0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
      30, 60, 300, 900, 3600};
  // Finer at the low end, where the targets are (a p99 of 10 or 20 ms).
  private static final double[] LATENCY_BUCKETS = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02,
      0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

  private final Map<EventType, LongAdder> events = new EnumMap<>(EventType.class);
  private final ConcurrentMap<String, LongAdder> received = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, LongAdder> sent = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, LongAdder> protocolErrors = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, LongAdder> staleResults = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, LongAdder> refusals = new ConcurrentHashMap<>();
  private final LongAdder connections = new LongAdder();
  final ReliabilityMetrics reliability = new ReliabilityMetrics();
  private final AtomicInteger sessions = new AtomicInteger();
  private volatile boolean draining;
  private final ConcurrentMap<String, Instant> assignedAt = new ConcurrentHashMap<>();
  // Server id -> System.nanoTime() when its latest heartbeat frame arrived, until handled.
  private final ConcurrentMap<String, Long> heartbeatsArrived = new ConcurrentHashMap<>();
  private final Histogram assignmentLag = new Histogram(LATENCY_BUCKETS);
  private final Histogram heartbeatHandling = new Histogram(LATENCY_BUCKETS);
  private final Histogram jobDuration = new Histogram(BUCKETS);

  /** Creates empty metrics. */
  public HostMetrics() {
    for (EventType type : EventType.values()) {
      events.put(type, new LongAdder());
    }
    for (ProtocolErrorCode code : ProtocolErrorCode.values()) {
      protocolErrors.put(code.wireName(), new LongAdder());
    }
    staleResults.put("websocket", new LongAdder());
    staleResults.put("api", new LongAdder());
  }

  @Override
  public void onEvent(OrchestratorEvent event) {
    events.get(event.type()).increment();
    switch (event.type()) {
      case JOB_ASSIGNED -> assigned(event);
      case SERVER_HEARTBEAT -> heartbeatHandled(event.serverId());
      default -> { }
    }
    if (event.jobId() != null && event.type() != EventType.JOB_ASSIGNED) {
      Instant start = assignedAt.remove(event.jobId());
      if (start != null && event.type() == EventType.JOB_COMPLETED) {
        jobDuration.observe(seconds(start, event.time()));
      }
    }
  }

  private void assigned(OrchestratorEvent event) {
    if (event.jobId() != null) {
      assignedAt.put(event.jobId(), event.time());
    }
    String due = event.details().get("due");
    if (due != null) {
      try {
        assignmentLag.observe(seconds(WireTime.parse(due), event.time()));
      } catch (DateTimeException e) {
        // An embedder's own event without a due time: nothing to measure.
      }
    }
  }

  private void heartbeatHandled(String serverId) {
    Long arrived = serverId == null ? null : heartbeatsArrived.remove(serverId);
    if (arrived != null) {
      heartbeatHandling.observe((System.nanoTime() - arrived) / 1e9);
    }
  }

  /** A heartbeat frame from {@code serverId} arrived; its handling is timed until its event. */
  void heartbeatArrived(String serverId) {
    heartbeatsArrived.put(serverId, System.nanoTime());
  }

  /** A game-server connection passed the handshake. */
  void sessionOpened() {
    connections.increment();
    sessions.incrementAndGet();
  }

  /** An attached game-server connection closed. */
  void sessionClosed() {
    sessions.decrementAndGet();
  }

  /** The host began draining: it takes no new sessions and waits for its servers to leave. */
  void draining(boolean value) {
    draining = value;
  }

  /** A handshake was refused with {@code status}. */
  void refused(int status) {
    count(refusals, String.valueOf(status));
  }

  /** A frame arrived; {@code type} is its declared type or null. */
  void received(String type) {
    count(received, type != null && CLIENT_TYPES.contains(type) ? type : "other");
  }

  /** A frame was sent; for a protocol error, {@code code} is its code. */
  void sent(String type, String code) {
    count(sent, type != null && HOST_TYPES.contains(type) ? type : "other");
    if (code != null) {
      count(protocolErrors, code);
      if ("stale_job".equals(code)) {
        count(staleResults, "websocket");
      }
    }
  }

  /** The admin result call was refused as stale. */
  void staleApiResult() {
    count(staleResults, "api");
  }

  /** Counts the event stream's drops and unreadable events at each scrape from now on. */
  public void eventCounts(LongSupplier publishDropped, LongSupplier subscriberDropped,
      LongSupplier unknownTypes) {
    reliability.events(new ReliabilityMetrics.EventCounts(publishDropped, subscriberDropped,
        unknownTypes));
  }

  /** Open game-server sessions. */
  public int openSessions() {
    return sessions.get();
  }

  private static void count(ConcurrentMap<String, LongAdder> counters, String key) {
    counters.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }

  /** The exposition text, with gauges read from {@code orchestrator} now. */
  public String scrape(Orchestrator orchestrator) {
    PrometheusText out = new PrometheusText();
    gauges(out, orchestrator);
    counter(out, "orchestrator_jobs_assigned_total", "Jobs handed to game servers.",
        EventType.JOB_ASSIGNED);
    counter(out, "orchestrator_jobs_completed_total", "Jobs reported done.",
        EventType.JOB_COMPLETED);
    counter(out, "orchestrator_jobs_failed_total", "Jobs that failed or were lost with their"
        + " server.", EventType.JOB_FAILED);
    counter(out, "orchestrator_jobs_timed_out_total", "Leases that passed their deadline.",
        EventType.JOB_TIMED_OUT);
    counter(out, "orchestrator_jobs_requeued_total", "Jobs put back on the schedule.",
        EventType.JOB_REQUEUED);
    counter(out, "orchestrator_jobs_revoked_total", "Leases revoked by an operator.",
        EventType.JOB_REVOKED);
    counter(out, "orchestrator_maps_errored_total", "Maps moved to error.", EventType.MAP_ERROR);
    labelled(out, "orchestrator_stale_results_total", "counter",
        "Job results refused because they did not match the current lease.", "source",
        staleResults);
    out.type("orchestrator_ws_connections_total", "counter",
        "Game-server connections that passed the handshake.");
    out.sample("orchestrator_ws_connections_total", connections.sum());
    labelled(out, "orchestrator_ws_handshakes_refused_total", "counter",
        "Game-server handshakes refused, by HTTP status.", "status", refusals);
    out.type("orchestrator_ws_sessions", "gauge", "Open game-server sessions.");
    out.sample("orchestrator_ws_sessions", sessions.get());
    out.type("orchestrator_host_draining", "gauge", "1 while this host drains: it refuses new"
        + " game-server sessions and waits for its servers to reconnect elsewhere.");
    out.sample("orchestrator_host_draining", draining ? 1 : 0);
    reliability.write(out);
    labelled(out, "orchestrator_ws_messages_received_total", "counter",
        "Frames received from game servers, by type.", "type", received);
    labelled(out, "orchestrator_ws_messages_sent_total", "counter",
        "Frames sent to game servers, by type.", "type", sent);
    labelled(out, "orchestrator_protocol_errors_total", "counter",
        "protocol_error answers, by code.", "code", protocolErrors);
    assignmentLag.write(out, "orchestrator_assignment_lag_seconds",
        "Time from a map's next_round_time to its assignment.");
    heartbeatHandling.write(out, "orchestrator_heartbeat_handling_seconds",
        "Time from a heartbeat frame's arrival to the engine having applied it.");
    jobDuration.write(out, "orchestrator_job_duration_seconds",
        "Time from assignment to job_done.");
    return out.toString();
  }

  private void gauges(PrometheusText out, Orchestrator orchestrator) {
    Map<String, Long> servers = new TreeMap<>();
    for (ServerStatus status : ServerStatus.values()) {
      servers.put(status.wireName(), 0L);
    }
    for (GameServer server : orchestrator.listServers(null)) {
      servers.merge(server.status().wireName(), 1L, Long::sum);
    }
    out.type("orchestrator_servers", "gauge", "Game servers in the registry, by status.");
    out.samples("orchestrator_servers", "status", servers);
    QueueSnapshot queue = orchestrator.queue();
    Map<String, Long> maps = new TreeMap<>();
    for (MapStatus status : MapStatus.values()) {
      maps.put(status.wireName(), queue.stats().byStatus().getOrDefault(status, 0L));
    }
    out.type("orchestrator_maps", "gauge", "Maps by status.");
    out.samples("orchestrator_maps", "status", maps);
    out.type("orchestrator_maps_due", "gauge", "Queued maps whose time has come.");
    out.sample("orchestrator_maps_due", queue.stats().dueNow());
    out.type("orchestrator_oldest_due_age_seconds", "gauge",
        "How long the oldest due map has waited.");
    out.sample("orchestrator_oldest_due_age_seconds", queue.oldestDueAge().toMillis() / 1000.0);
  }

  private void counter(PrometheusText out, String name, String help, EventType type) {
    out.type(name, "counter", help);
    out.sample(name, events.get(type).sum());
  }

  private static void labelled(PrometheusText out, String name, String type, String help,
      String label, ConcurrentMap<String, LongAdder> values) {
    out.type(name, type, help);
    Map<String, Long> sorted = new TreeMap<>();
    values.forEach((key, adder) -> sorted.put(key, adder.sum()));
    out.samples(name, label, sorted);
  }
}
