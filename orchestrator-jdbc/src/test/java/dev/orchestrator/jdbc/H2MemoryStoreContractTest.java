package dev.orchestrator.jdbc;

import dev.orchestrator.core.contract.StoreContractTest;
import dev.orchestrator.core.spi.OrchestratorStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The JDBC store on an in-memory H2 database against the store contract. */
class H2MemoryStoreContractTest extends StoreContractTest {
  private static TestDatabase database;

  @BeforeAll
  static void createDatabase() {
    database = TestDatabase.h2Memory("contract");
  }

  @AfterAll
  static void dropDatabase() {
    database.close();
  }

  @Override
  protected OrchestratorStore openStore() {
    return database.builder().build();
  }

  @Override
  protected void clearAll() {
    database.clear();
  }
}
