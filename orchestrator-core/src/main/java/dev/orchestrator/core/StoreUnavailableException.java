package dev.orchestrator.core;

/**
 * The store could not be reached or did not answer. Nothing was changed by the failed call
 * unless the store documents otherwise; the caller may retry.
 */
public final class StoreUnavailableException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with what failed and why. */
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
