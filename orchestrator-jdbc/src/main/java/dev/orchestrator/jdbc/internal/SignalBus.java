package dev.orchestrator.jdbc.internal;

import dev.orchestrator.core.model.ServerCommand;
import dev.orchestrator.core.spi.OrchestratorStore.Subscription;
import dev.orchestrator.core.spi.StoreListener;

/** Carries the store's signals to its own subscribers and to other store instances. */
public interface SignalBus extends AutoCloseable {

  /** Adds a listener of this store instance. */
  Subscription subscribe(StoreListener listener);

  /** Tells local subscribers at once and other instances soon that the schedule changed. */
  void mapsChanged();

  /** Delivers {@code command} to local subscribers and to other instances. */
  void routeCommand(String serverId, ServerCommand command);

  /** Stops delivery and releases the bus's connection and thread. */
  @Override
  void close();
}
