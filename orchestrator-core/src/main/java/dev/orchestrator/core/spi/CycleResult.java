package dev.orchestrator.core.spi;

import dev.orchestrator.core.model.GameMap;
import java.util.List;

/**
 * What {@link OrchestratorStore#completeAndClaim} did.
 *
 * @param completions one result per completion, in the order they were passed
 * @param leased the maps that were leased, each with its new lease, in request order
 */
public record CycleResult(List<CompletionResult> completions, List<GameMap> leased) {

  /** Copies the lists. */
  public CycleResult {
    completions = List.copyOf(completions);
    leased = List.copyOf(leased);
  }
}
