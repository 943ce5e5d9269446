package dev.orchestrator.core.engine;

import dev.orchestrator.core.spi.OrchestratorStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

/** A store that tells a test of each call (by method name) before passing it on. */
final class InterceptedStore {
  private InterceptedStore() {}

  static OrchestratorStore of(OrchestratorStore backing, Consumer<String> beforeCall) {
    return of(backing, beforeCall, backing.cyclesInFlight());
  }

  /** The same, letting the engine have {@code cyclesInFlight} batches in the store at once. */
  static OrchestratorStore of(OrchestratorStore backing, Consumer<String> beforeCall,
      int cyclesInFlight) {
    return (OrchestratorStore)
        Proxy.newProxyInstance(
            OrchestratorStore.class.getClassLoader(),
            new Class<?>[] {OrchestratorStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("cyclesInFlight")) {
                return cyclesInFlight;
              }
              beforeCall.accept(method.getName());
              try {
                return method.invoke(backing, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
