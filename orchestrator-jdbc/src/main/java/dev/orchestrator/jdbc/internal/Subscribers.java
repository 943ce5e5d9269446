package dev.orchestrator.jdbc.internal;

import dev.orchestrator.core.model.ServerCommand;
import dev.orchestrator.core.spi.OrchestratorStore.Subscription;
import dev.orchestrator.core.spi.StoreListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listeners of one store instance. A listener that throws does not stop the others. */
final class Subscribers {
  private static final Logger LOG = LoggerFactory.getLogger(Subscribers.class);

  private final List<StoreListener> listeners = new CopyOnWriteArrayList<>();

  Subscription add(StoreListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  void mapsChanged() {
    each(StoreListener::mapsChanged);
  }

  void commandRouted(String serverId, ServerCommand command) {
    each(listener -> listener.commandRouted(serverId, command));
  }

  void signalsResumed() {
    each(StoreListener::signalsResumed);
  }

  void clear() {
    listeners.clear();
  }

  private void each(Consumer<StoreListener> signal) {
    for (StoreListener listener : listeners) {
      try {
        signal.accept(listener);
      } catch (RuntimeException e) {
        LOG.warn("store listener {} failed on a signal", listener, e);
      }
    }
  }
}
