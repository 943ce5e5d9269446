package dev.orchestrator.core.model;

import dev.orchestrator.core.OrchestratorException;

/** Thrown when a map or server is asked to move between two states that are not connected. */
public final class IllegalTransitionException extends OrchestratorException {
  private static final long serialVersionUID = 1L;
  private final String entityId;
  private final String from;
  private final String to;

  /** Creates the exception for {@code entityId} moving from {@code from} to {@code to}. */
  public IllegalTransitionException(String entityId, String from, String to) {
    super("'" + entityId + "' cannot go from " + from + " to " + to);
    this.entityId = entityId;
    this.from = from;
    this.to = to;
  }

  /** The map or server id. */
  public String entityId() {
    return entityId;
  }

  /** The state it was in. */
  public String from() {
    return from;
  }

  /** The state it was asked to enter. */
  public String to() {
    return to;
  }
}
