package dev.orchestrator.host.internal;

import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.model.EventType;
import dev.orchestrator.host.DrainStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host's drain before it stops: new game-server sessions are refused, every attached server
 * is told to {@code reconnect} elsewhere (keeping its leases), and {@link #finished()}
 * completes once they have all left or the timeout has passed; the host then stops, closing
 * whoever is left with 1001. One drain per host; a second start returns the first. Thread-safe.
 */
public final class HostDrain {
  private static final Logger log = LoggerFactory.getLogger(HostDrain.class);
  private static final Duration MAX_TIMEOUT = Duration.ofHours(1);
  private static final long PROGRESS_LOG_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Orchestrator orchestrator;
  private final GameServerListener listener;
  private final HostMetrics metrics;
  private final Clock clock;
  private final String defaultUrl;
  private final Duration defaultTimeout;
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private final Object departures = new Object();
  private long departed;
  private DrainStatus started;

  /**
   * A drain not yet begun.
   *
   * @param defaultUrl where servers go when a start names no URL; null for their own
   * @param defaultTimeout how long to wait when a start names no timeout
   */
  public HostDrain(Orchestrator orchestrator, GameServerListener listener, HostMetrics metrics,
      Clock clock, String defaultUrl, Duration defaultTimeout) {
    this.orchestrator = orchestrator;
    this.listener = listener;
    this.metrics = metrics;
    this.clock = clock;
    this.defaultUrl = defaultUrl;
    this.defaultTimeout = checkTimeout("drainTimeout", defaultTimeout);
  }

  /**
   * Checks a drain timeout.
   *
   * @param name the option or field to name in the error
   * @throws IllegalArgumentException naming {@code name} and the value unless it is more than
   *     0 and at most 1 hour
   */
  public static Duration checkTimeout(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()
        || value.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException(name + " must be more than 0 and at most 1h, got "
          + value);
    }
    return value;
  }

  /**
   * Begins the drain, or returns the one under way unchanged.
   *
   * @param reconnectUrl where to send servers (checked already), or null for the default
   * @param timeout how long to wait, or null for the default
   */
  public synchronized DrainStatus start(String reconnectUrl, Duration timeout) {
    if (started != null) {
      return status();
    }
    String url = reconnectUrl != null ? reconnectUrl : defaultUrl;
    Duration wait = timeout != null ? timeout : defaultTimeout;
    listener.stopAccepting();
    metrics.draining(true);
    AutoCloseable subscription = orchestrator.subscribe(event -> {
      if (event.type() == EventType.SERVER_DISCONNECTED) {
        synchronized (departures) {
          departed++;
          departures.notifyAll();
        }
      }
    });
    int told = orchestrator.handOffSessions(url);
    started = new DrainStatus(true, clock.instant(), wait, url, told, told);
    log.info("draining: refusing new game-server sessions; told {} game servers to reconnect"
        + " {}; waiting up to {} ms for them to leave", told,
        url == null ? "through their own URL" : "to " + url, wait.toMillis());
    Thread waiter = new Thread(() -> awaitDepartures(wait, subscription), "host-drain");
    waiter.setDaemon(true);
    waiter.start();
    return status();
  }

  /** Where the drain stands now. */
  public synchronized DrainStatus status() {
    int left = orchestrator.attachedSessions();
    if (started == null) {
      return DrainStatus.idle(left);
    }
    return new DrainStatus(true, started.startedAt(), started.timeout(), started.reconnectUrl(),
        started.sessionsTold(), left);
  }

  /** Whether a drain has begun. */
  public synchronized boolean isDraining() {
    return started != null;
  }

  /** Completes when every server has left or the timeout has passed. */
  public CompletionStage<Void> finished() {
    return finished;
  }

  private void awaitDepartures(Duration wait, AutoCloseable subscription) {
    long begin = System.nanoTime();
    long deadline = begin + wait.toNanos();
    long lastLog = begin;
    int lastLeft = -1;
    try {
      while (true) {
        long seen;
        synchronized (departures) {
          seen = departed;
        }
        int left = orchestrator.attachedSessions();
        long now = System.nanoTime();
        if (left == 0) {
          log.info("drained: every game server left in {} ms; stopping",
              TimeUnit.NANOSECONDS.toMillis(now - begin));
          return;
        }
        if (now - deadline >= 0) {
          log.warn("drain timed out after {} ms with {} game-server sessions left; closing"
              + " them with 1001", wait.toMillis(), left);
          return;
        }
        if (left != lastLeft && now - lastLog >= PROGRESS_LOG_NANOS) {
          log.info("draining: {} game-server sessions left", left);
          lastLog = now;
          lastLeft = left;
        }
        synchronized (departures) {
          // Woken by each departure; the bound keeps the progress line and deadline on time.
          if (departed == seen) {
            departures.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(deadline - now),
                TimeUnit.NANOSECONDS.toMillis(PROGRESS_LOG_NANOS))));
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(subscription);
      finished.complete(null);
    }
  }

  private static void closeQuietly(AutoCloseable subscription) {
    try {
      subscription.close();
    } catch (Exception e) {
      log.debug("could not remove the drain's event listener", e);
    }
  }
}
