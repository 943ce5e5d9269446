package dev.orchestrator.core.spi;

import dev.orchestrator.core.model.GameMap;

/**
 * What {@link OrchestratorStore#complete} did.
 *
 * @param kind the outcome
 * @param map the map after the change for {@code APPLIED}, its current state for the other
 *     kinds, or {@code null} for {@code UNKNOWN_MAP}
 */
public record CompletionResult(Kind kind, GameMap map) {

  /** The possible outcomes. */
  public enum Kind {
    /** The job was the map's current lease; the round is counted. */
    APPLIED,
    /** The job completed earlier; nothing changed, the sender should be acknowledged again. */
    DUPLICATE,
    /** The job is not the map's current lease and never completed; nothing changed. */
    STALE,
    /** No such map; nothing changed. */
    UNKNOWN_MAP
  }
}
