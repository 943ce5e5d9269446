package dev.orchestrator.jdbc;

import dev.orchestrator.core.contract.FleetScenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three engines on one PostgreSQL schema, each with its own store (own pool and LISTEN connection),
 * as three hosts are: 300 servers, thousands of maps, several rounds each.
 */
class PostgresFleetTest {
  private TestDatabase database;
  private final List<JdbcStore> stores = new ArrayList<>();

  @BeforeEach
  void createSchema() {
    database = TestDatabase.postgres();
    database.clear();
  }

  @AfterEach
  void dropSchema() {
    stores.forEach(JdbcStore::close);
    if (database != null) {
      database.close();
    }
  }

  @Test
  void shouldCompleteEveryRoundOnceWithoutOverlapWhenThreeHostsShareTheDatabase() {
    FleetScenario fleet = new FleetScenario(3, 100, 1_500, 4);
    for (int h = 0; h < 3; h++) {
      stores.add(database.builder().build());
    }
    JdbcStore observer = database.builder().maximumPoolSize(1).build();
    stores.add(observer);

    fleet.run(stores.subList(0, 3), JdbcStore::databaseClock, observer, Duration.ofSeconds(90));

    fleet.assertEveryRoundCompletedOnceWithoutOverlap(observer);
  }
}
