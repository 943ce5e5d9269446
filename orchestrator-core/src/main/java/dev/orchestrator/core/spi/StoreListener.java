package dev.orchestrator.core.spi;

import dev.orchestrator.core.model.ServerCommand;

/**
 * Receives signals carried by a store, from this process or from other hosts sharing it.
 * Called on a store thread: implementations must return quickly and never block.
 */
public interface StoreListener {

  /** The schedule changed somewhere (a map was created, re-queued or retried): look again. */
  void mapsChanged();

  /**
   * A command for {@code serverId} was routed through the store. The host that has the
   * server attached delivers it; the others ignore it.
   */
  void commandRouted(String serverId, ServerCommand command);

  /**
   * The connection that carries signals was lost and is back; signals may have been missed,
   * so the listener should re-check everything it relies on signals for.
   */
  default void signalsResumed() {
    mapsChanged();
  }
}
