package dev.orchestrator.core.spi;

import dev.orchestrator.core.model.OrchestratorEvent;
import java.util.Objects;

/**
 * One event as an {@link EventLog} holds it.
 *
 * @param id the log's number for it: unique and increasing in the order readers see events,
 *     across every host sharing the store; ids may skip numbers
 * @param event the event as it was appended
 * @param afterLoss whether events were lost just before this one (a host's publisher had to
 *     drop some), so a reader that shows a live view should re-read the full state
 */
public record LoggedEvent(long id, OrchestratorEvent event, boolean afterLoss) {

  /** Validates. */
  public LoggedEvent {
    Objects.requireNonNull(event, "event");
  }
}
