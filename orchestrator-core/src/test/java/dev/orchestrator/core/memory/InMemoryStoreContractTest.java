package dev.orchestrator.core.memory;

import dev.orchestrator.core.contract.StoreContractTest;
import dev.orchestrator.core.spi.OrchestratorStore;

/**
 * The in-memory store against the contract. Hosts in one process share one instance, so every
 * "client" is that instance; closing it only drops its subscribers.
 */
class InMemoryStoreContractTest extends StoreContractTest {
  private InMemoryStore shared;

  @Override
  protected OrchestratorStore openStore() {
    return shared;
  }

  @Override
  protected void clearAll() {
    shared = new InMemoryStore();
  }
}
