package dev.orchestrator.core;

import java.time.Duration;

/**
 * The engine's timings and limits, fixed at build time. Build with {@link
 * Orchestrator#builder()}; {@link #defaults()} holds the documented defaults.
 *
 * @param hostId names this host in the registry and in job ids
 * @param heartbeatInterval how often servers are told to heartbeat (default 5 s)
 * @param missedHeartbeats silent intervals before a server is not responding (default 3)
 * @param reconnectGrace how long a dropped server keeps its leases (default 10 s)
 * @param leaseTimeout how long a job may run without progress (default 5 min)
 * @param maxAttempts attempts at one round before the map goes to error (default 5)
 * @param retryBackoff delay before the first retry of a failed job, doubling (default 1 s)
 * @param maxRetryBackoff the cap of that delay (default 1 min)
 * @param sweepInterval how often heartbeats and lease deadlines are checked and the schedule
 *     looked at even without a signal (default 1 s)
 * @param claimBatchSize most maps claimed in one store call (default 1000)
 * @param maxFrameBytes larger frames close the session with 1009 (default 64 KiB)
 * @param messagesPerSecond steady rate a session may send (default 100)
 * @param messageBurst frames a session may send at once above the rate (default 200)
 * @param strikeLimit bad or rate-limited frames within {@code strikeWindow} that close the
 *     session with 1008 (default 50)
 * @param strikeWindow see {@code strikeLimit} (default 10 s)
 * @param registryRefresh how often a heartbeat alone rewrites the server's registry entry in
 *     the store (default 30 s; zero writes on every heartbeat). Connects, leaves, hello,
 *     status and drain changes are written at once whatever this says; with many servers on
 *     one shared store, writing every heartbeat would make heartbeats the store's main load
 */
public record OrchestratorSettings(
    String hostId,
    Duration heartbeatInterval,
    int missedHeartbeats,
    Duration reconnectGrace,
    Duration leaseTimeout,
    int maxAttempts,
    Duration retryBackoff,
    Duration maxRetryBackoff,
    Duration sweepInterval,
    int claimBatchSize,
    int maxFrameBytes,
    int messagesPerSecond,
    int messageBurst,
    int strikeLimit,
    Duration strikeWindow,
    Duration registryRefresh) {

  /** The documented defaults, with host id {@code "host-1"}. */
  public static OrchestratorSettings defaults() {
    return new OrchestratorSettings(
        "host-1",
        Duration.ofSeconds(5),
        3,
        Duration.ofSeconds(10),
        Duration.ofMinutes(5),
        5,
        Duration.ofSeconds(1),
        Duration.ofMinutes(1),
        Duration.ofSeconds(1),
        1000,
        64 * 1024,
        100,
        200,
        50,
        Duration.ofSeconds(10),
        Duration.ofSeconds(30));
  }

  /** How long a server may stay silent before it is not responding. */
  public Duration heartbeatTimeout() {
    return heartbeatInterval.multipliedBy(missedHeartbeats);
  }

  /** The delay before retry number {@code attempt} (1-based) of a failed job. */
  public Duration backoffAfter(int attempt) {
    Duration delay = retryBackoff;
    for (int i = 1; i < attempt && delay.compareTo(maxRetryBackoff) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxRetryBackoff) > 0 ? maxRetryBackoff : delay;
  }
}
