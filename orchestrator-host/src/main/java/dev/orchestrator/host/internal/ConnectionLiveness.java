package dev.orchestrator.host.internal;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's own check that each open WebSocket connection is alive, one rule for every
 * connection: a connection from which nothing has arrived (a frame of any kind: a message, a
 * ping, a pong) for one heartbeat interval is pinged, at most once per interval; one silent for
 * {@link #dropAfter(Duration)} is dropped; one whose socket is already gone underneath, and
 * whose close is still unreported one sweep later, is ended. Java-WebSocket's own check is not used: it runs its pass over all
 * connections inside one {@code try}, so one connection that throws ends the pass for those
 * after it, and it only sees connections in its own registry.
 *
 * <p>{@link #sweep()} is called from one thread at a time; the other methods from any thread.
 *
 * @param <C> the connection type
 */
final class ConnectionLiveness<C> {
  private static final Logger log = LoggerFactory.getLogger(ConnectionLiveness.class);
  /** Cause of an end: nothing arrived for too long, and the connection was dropped. */
  static final String SILENT = "silent";
  /** Cause of an end: the socket had closed and nothing had reported it. */
  static final String SOCKET_GONE = "socket_gone";
  private static final int MISSED_INTERVALS = 3;
  private static final Duration MIN_DROP_AFTER = Duration.ofSeconds(3);
  private static final Duration MIN_SWEEP = Duration.ofMillis(100);
  private static final Duration MAX_SWEEP = Duration.ofSeconds(1);

  /** What the sweep does to a connection. */
  interface Actions<C> {
    /** Whether the connection's socket has closed without its close having been reported. */
    boolean gone(C connection);

    void ping(C connection);

    /** Closes the connection at once, without a close handshake. */
    void drop(C connection, String reason);

    /**
     * The connection is no longer tracked: end whatever lives on it.
     *
     * @param cause {@link #SILENT} or {@link #SOCKET_GONE}
     */
    void ended(C connection, String cause);
  }

  private final Map<C, Silence> open = new ConcurrentHashMap<>();
  private final Actions<C> actions;
  private final LongSupplier nanoTime;
  private final long pingAfterNanos;
  private final long dropAfterNanos;

  ConnectionLiveness(Duration heartbeatInterval, LongSupplier nanoTime, Actions<C> actions) {
    this.actions = actions;
    this.nanoTime = nanoTime;
    this.pingAfterNanos = heartbeatInterval.toNanos();
    this.dropAfterNanos = dropAfter(heartbeatInterval).toNanos();
  }

  /**
   * How long a connection may stay silent before it is dropped: three heartbeat intervals, as
   * long as a server may miss heartbeats before it counts as not responding, and at least 3 s
   * so a ping's answer can arrive on a loaded machine.
   */
  static Duration dropAfter(Duration heartbeatInterval) {
    Duration missed = heartbeatInterval.multipliedBy(MISSED_INTERVALS);
    return missed.compareTo(MIN_DROP_AFTER) < 0 ? MIN_DROP_AFTER : missed;
  }

  /** How often {@link #sweep()} should run: half an interval, between 100 ms and 1 s. */
  static Duration sweepEvery(Duration heartbeatInterval) {
    Duration half = heartbeatInterval.dividedBy(2);
    return half.compareTo(MIN_SWEEP) < 0 ? MIN_SWEEP
        : half.compareTo(MAX_SWEEP) > 0 ? MAX_SWEEP : half;
  }

  void opened(C connection) {
    long now = nanoTime.getAsLong();
    open.put(connection, new Silence(now));
  }

  /** Something arrived on the connection. */
  void heard(C connection) {
    Silence silence = open.get(connection);
    if (silence != null) {
      silence.lastHeard = nanoTime.getAsLong();
    }
  }

  /**
   * Stops tracking the connection.
   *
   * @return whether it was tracked until now, so exactly one caller ends it
   */
  boolean forget(C connection) {
    return open.remove(connection) != null;
  }

  int tracked() {
    return open.size();
  }

  /** One pass over every tracked connection; a connection that throws does not stop it. */
  void sweep() {
    long now = nanoTime.getAsLong();
    Iterator<Map.Entry<C, Silence>> entries = open.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<C, Silence> entry = entries.next();
      C connection = entry.getKey();
      Silence silence = entry.getValue();
      try {
        long silent = now - silence.lastHeard;
        if (actions.gone(connection)) {
          // A close in progress is reported by its own thread; only one still unreported a
          // whole sweep later was lost.
          if (silence.seenGone) {
            end(connection, SOCKET_GONE, null);
          }
          silence.seenGone = true;
        } else if (silent >= dropAfterNanos) {
          end(connection, SILENT,
              "nothing received for " + Duration.ofNanos(silent).toMillis() + " ms");
        } else if (silent >= pingAfterNanos && now - silence.lastPing >= pingAfterNanos) {
          silence.lastPing = now;
          actions.ping(connection);
        }
      } catch (RuntimeException e) {
        log.warn("liveness check of {} failed", connection, e);
      }
    }
  }

  private void end(C connection, String cause, String dropReason) {
    if (!forget(connection)) {
      return;
    }
    try {
      if (dropReason != null) {
        actions.drop(connection, dropReason);
      }
    } finally {
      actions.ended(connection, cause);
    }
  }

  private static final class Silence {
    volatile long lastHeard;
    volatile long lastPing;
    boolean seenGone;

    Silence(long now) {
      lastHeard = now;
      lastPing = now;
    }
  }
}
