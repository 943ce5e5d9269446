package dev.orchestrator.core;

import dev.orchestrator.core.spi.QueueStats;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The schedule as one host sees it.
 *
 * @param stats counts over the whole store
 * @param oldestDueAge how long the oldest due map has waited, or zero
 * @param serverLoad active jobs of each server attached to this host
 * @param waitingMapIds due maps the last assignment pass could not place on any free server
 *     (for example because no server satisfies their labels)
 */
public record QueueSnapshot(
    QueueStats stats,
    Duration oldestDueAge,
    Map<String, Integer> serverLoad,
    Set<String> waitingMapIds) {

  /** Copies. */
  public QueueSnapshot {
    serverLoad = Map.copyOf(serverLoad);
    waitingMapIds = Set.copyOf(waitingMapIds);
  }
}
