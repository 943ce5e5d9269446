package dev.orchestrator.host;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a host's drain stands: what {@code GET /api/host/drain/} shows. Immutable.
 *
 * @param draining whether a drain has begun (it ends with the host stopping)
 * @param startedAt when it began, or null
 * @param timeout how long it waits for game servers to leave, or null
 * @param reconnectUrl the URL servers were sent to, or null for their own configured URL
 * @param sessionsTold how many game servers were told to reconnect when it began
 * @param sessionsLeft how many game-server sessions are still open here now
 */
public record DrainStatus(
    boolean draining,
    Instant startedAt,
    Duration timeout,
    String reconnectUrl,
    int sessionsTold,
    int sessionsLeft) {

  /** A host that is not draining, with {@code sessions} open. */
  public static DrainStatus idle(int sessions) {
    return new DrainStatus(false, null, null, null, 0, sessions);
  }
}
