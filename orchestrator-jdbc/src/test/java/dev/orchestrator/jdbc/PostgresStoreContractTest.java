package dev.orchestrator.jdbc;

import dev.orchestrator.core.contract.StoreContractTest;
import dev.orchestrator.core.spi.OrchestratorStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The JDBC store on PostgreSQL against the store contract, in a schema of its own. Each client is a
 * separate store with its own pool and LISTEN connection, as separate hosts are.
 */
class PostgresStoreContractTest extends StoreContractTest {
  private static TestDatabase database;

  @BeforeAll
  static void createSchema() {
    database = TestDatabase.postgres();
  }

  @AfterAll
  static void dropSchema() {
    if (database != null) {
      database.close();
    }
  }

  @Override
  protected OrchestratorStore openStore() {
    return database.builder().build();
  }

  @Override
  protected void clearAll() {
    database.clear();
  }

  @Override
  protected void storeEventOfUnknownType(OrchestratorStore client, String typeName) {
    database.execute("INSERT INTO orchestrator_events (type, at, map_version, details,"
        + " after_loss) VALUES ('" + typeName + "', CURRENT_TIMESTAMP, 0, '{}', false)");
  }
}
