package dev.orchestrator.core.spi;

import dev.orchestrator.core.model.MapStatus;
import java.time.Instant;
import java.util.Map;

/**
 * Counts over the schedule at one moment.
 *
 * @param byStatus number of maps in each state (every state present, zero if none)
 * @param dueNow queued maps whose time has come
 * @param oldestDue the earliest {@code next_round_time} among due maps, or {@code null}
 */
public record QueueStats(Map<MapStatus, Long> byStatus, long dueNow, Instant oldestDue) {

  /** Copies. */
  public QueueStats {
    byStatus = Map.copyOf(byStatus);
  }

  /** Maps currently leased. */
  public long leased() {
    return byStatus.getOrDefault(MapStatus.PROCESSING, 0L);
  }
}
