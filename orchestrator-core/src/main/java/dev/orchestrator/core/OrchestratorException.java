package dev.orchestrator.core;

/**
 * Root of every exception the orchestrator throws on purpose. Unchecked: callers
 * catch the subclass they can act on and let the rest propagate.
 */
public class OrchestratorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that names what was wrong. */
  public OrchestratorException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the cause it wraps. */
  public OrchestratorException(String message, Throwable cause) {
    super(message, cause);
  }
}
