package dev.orchestrator.jdbc;

import dev.orchestrator.core.contract.StoreContractTest;
import dev.orchestrator.core.spi.OrchestratorStore;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC store on an H2 database file, as the host runs it, against the store contract. */
class H2FileStoreContractTest extends StoreContractTest {
  @TempDir static Path dataDir;
  private static TestDatabase database;

  @BeforeAll
  static void createDatabase() {
    database = TestDatabase.h2File(dataDir);
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
