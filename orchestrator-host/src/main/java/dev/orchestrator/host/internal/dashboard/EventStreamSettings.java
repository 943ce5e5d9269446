package dev.orchestrator.host.internal.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the event stream. The defaults suit production; tests shrink them.
 *
 * @param bufferSize events kept for {@code Last-Event-ID} resume; a client further behind gets
 *     {@code reset}
 * @param keepAlive how long a stream may stay silent before a comment line is sent, so proxies
 *     and browsers keep it open and dead clients are noticed
 * @param heartbeatCoalesce at most one heartbeat event per server in this window; the latest
 *     one of the window is sent when it ends
 * @param heartbeatBudget heartbeat events per second this host publishes at most; with more
 *     servers than fit in {@code heartbeatCoalesce}, each server's window grows to match
 * @param tokenTtl how long a query token from {@code POST /api/events/token/} may open streams
 * @param writeStall a stream whose single write blocks this long is dropped, so a client that
 *     stopped reading cannot hold a writer thread
 * @param maxStreams open subscriptions (SSE and WebSocket together) allowed at once; more are
 *     answered 429
 * @param clock the time source of token expiry and of the per-minute counts
 */
public record EventStreamSettings(
    int bufferSize,
    Duration keepAlive,
    Duration heartbeatCoalesce,
    int heartbeatBudget,
    Duration tokenTtl,
    Duration writeStall,
    int maxStreams,
    Clock clock) {

  /** Validates every field. */
  public EventStreamSettings {
    if (bufferSize < 1) {
      throw new IllegalArgumentException("bufferSize must be >= 1, got " + bufferSize);
    }
    if (heartbeatBudget < 1) {
      throw new IllegalArgumentException("heartbeatBudget must be >= 1, got " + heartbeatBudget);
    }
    if (maxStreams < 1) {
      throw new IllegalArgumentException("maxStreams must be >= 1, got " + maxStreams);
    }
    positive("keepAlive", keepAlive);
    positive("heartbeatCoalesce", heartbeatCoalesce);
    positive("tokenTtl", tokenTtl);
    positive("writeStall", writeStall);
    Objects.requireNonNull(clock, "clock");
  }

  /**
   * 10,000 buffered events, 15 s keep-alive, 1 s heartbeat window, 200 heartbeat events a
   * second, 60 s tokens, 256 subscriptions.
   */
  public static EventStreamSettings defaults() {
    return new EventStreamSettings(10_000, Duration.ofSeconds(15), Duration.ofSeconds(1), 200,
        Duration.ofSeconds(60), Duration.ofSeconds(20), 256, Clock.systemUTC());
  }

  /** These settings with another buffer size. */
  public EventStreamSettings withBufferSize(int value) {
    return new EventStreamSettings(value, keepAlive, heartbeatCoalesce, heartbeatBudget,
        tokenTtl, writeStall, maxStreams, clock);
  }

  /** These settings with another keep-alive interval. */
  public EventStreamSettings withKeepAlive(Duration value) {
    return new EventStreamSettings(bufferSize, value, heartbeatCoalesce, heartbeatBudget,
        tokenTtl, writeStall, maxStreams, clock);
  }

  /** These settings with another limit of open subscriptions. */
  public EventStreamSettings withMaxStreams(int value) {
    return new EventStreamSettings(bufferSize, keepAlive, heartbeatCoalesce, heartbeatBudget,
        tokenTtl, writeStall, value, clock);
  }

  /** These settings with another time source. */
  public EventStreamSettings withClock(Clock value) {
    return new EventStreamSettings(bufferSize, keepAlive, heartbeatCoalesce, heartbeatBudget,
        tokenTtl, writeStall, maxStreams, value);
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
