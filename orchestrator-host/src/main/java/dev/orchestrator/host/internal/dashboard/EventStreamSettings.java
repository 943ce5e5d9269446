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
 * @param tokenTtl how long a query token from {@code POST /api/events/token/} may open streams
 * @param writeStall a stream whose single write blocks this long is dropped, so a client that
 *     stopped reading cannot hold a writer thread
 * @param maxStreams open streams allowed at once; more are answered 429
 * @param clock the time source of token expiry and of the per-minute counts
 */
public record EventStreamSettings(
    int bufferSize,
    Duration keepAlive,
    Duration heartbeatCoalesce,
    Duration tokenTtl,
    Duration writeStall,
    int maxStreams,
    Clock clock) {

  /** Validates every field. */
  public EventStreamSettings {
    if (bufferSize < 1) {
      throw new IllegalArgumentException("bufferSize must be >= 1, got " + bufferSize);
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

  /** 10,000 buffered events, 15 s keep-alive, 1 s heartbeat window, 60 s tokens. */
  public static EventStreamSettings defaults() {
    return new EventStreamSettings(10_000, Duration.ofSeconds(15), Duration.ofSeconds(1),
        Duration.ofSeconds(60), Duration.ofSeconds(20), 256, Clock.systemUTC());
  }

  /** These settings with another buffer size. */
  public EventStreamSettings withBufferSize(int value) {
    return new EventStreamSettings(value, keepAlive, heartbeatCoalesce, tokenTtl, writeStall,
        maxStreams, clock);
  }

  /** These settings with another keep-alive interval. */
  public EventStreamSettings withKeepAlive(Duration value) {
    return new EventStreamSettings(bufferSize, value, heartbeatCoalesce, tokenTtl, writeStall,
        maxStreams, clock);
  }

  /** These settings with another time source. */
  public EventStreamSettings withClock(Clock value) {
    return new EventStreamSettings(bufferSize, keepAlive, heartbeatCoalesce, tokenTtl,
        writeStall, maxStreams, value);
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
