package dev.orchestrator.host.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The counters of things that go wrong quietly: connections the liveness check ended, accept
 * failures of the game-server listener, events dropped on their way to readers and stored
 * events this host cannot read. Part of {@link HostMetrics}. Thread-safe.
 */
final class ReliabilityMetrics {
  private final LongAdder silentDrops = new LongAdder();
  private final LongAdder socketsGone = new LongAdder();
  private final LongAdder acceptFailures = new LongAdder();
  private volatile EventCounts events = EventCounts.NONE;

  /** What the event stream counts, read at each scrape. */
  record EventCounts(LongSupplier publishDropped, LongSupplier subscriberDropped,
      LongSupplier unreadable) {
    static final EventCounts NONE = new EventCounts(() -> 0, () -> 0, () -> 0);
  }

  /** Wires the event stream's counters in; called once while the host is put together. */
  void events(EventCounts counts) {
    events = counts;
  }

  /** The liveness check ended a connection; {@code cause} is one of ConnectionLiveness's. */
  void livenessEnded(String cause) {
    (ConnectionLiveness.SILENT.equals(cause) ? silentDrops : socketsGone).increment();
  }

  /** The game-server listener could not accept a connection. */
  void acceptFailed() {
    acceptFailures.increment();
  }

  long acceptFailures() {
    return acceptFailures.sum();
  }

  void write(PrometheusText out) {
    Map<String, Long> ended = new TreeMap<>();
    ended.put(ConnectionLiveness.SILENT, silentDrops.sum());
    ended.put(ConnectionLiveness.SOCKET_GONE, socketsGone.sum());
    out.type("orchestrator_ws_liveness_closed_total", "counter", "WebSocket connections ended"
        + " by the host's liveness check: silent (nothing received for 3 heartbeat intervals,"
        + " at least 3 s) or socket_gone (closed without a close event).");
    out.samples("orchestrator_ws_liveness_closed_total", "cause", ended);
    out.type("orchestrator_ws_accept_failures_total", "counter", "Game-server connections the"
        + " listener failed to accept, e.g. at the open-files limit.");
    out.sample("orchestrator_ws_accept_failures_total", acceptFailures.sum());
    EventCounts counts = events;
    Map<String, Long> dropped = new TreeMap<>();
    dropped.put("publish", counts.publishDropped().getAsLong());
    dropped.put("subscriber", counts.subscriberDropped().getAsLong());
    out.type("orchestrator_events_dropped_total", "counter", "Events dropped: publish (this"
        + " host's queue to the event log was full or an append failed) or subscriber (a"
        + " reader's queue overflowed; it was told to reset).");
    out.samples("orchestrator_events_dropped_total", "where", dropped);
    out.type("orchestrator_events_unreadable_total", "counter", "Stored events skipped because"
        + " their type is unknown to this host (written by a newer host).");
    out.sample("orchestrator_events_unreadable_total", counts.unreadable().getAsLong());
  }
}
