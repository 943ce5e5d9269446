package dev.orchestrator.core;

import dev.orchestrator.core.model.OrchestratorEvent;

/**
 * Receives every state change. Called synchronously on engine threads, so it must return
 * quickly; exceptions are logged and ignored.
 */
@FunctionalInterface
public interface EventListener {

  /** One state change. */
  void onEvent(OrchestratorEvent event);
}
