package dev.orchestrator.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.core.StoreUnavailableException;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.spi.MapMove;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Opening a store: settings validation, schema creation and schema version checks (H2). */
class SchemaAndSettingsTest {
  private final TestDatabase database = TestDatabase.h2Memory("schema");

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  @Test
  void shouldRefuseToOpenAnEmptyDatabaseWhenSchemaCreationIsOff() {
    // Given an empty database, When the store opens without createSchemaIfMissing
    assertThatThrownBy(() -> database.builder().createSchemaIfMissing(false).build())
        // Then it names the script to run and the switch to flip
        .isInstanceOf(SchemaVersionException.class)
        .hasMessageContaining("db/orchestrator/h2/V1__orchestrator.sql then "
            + "db/orchestrator/h2/V2__map_moves.sql then db/orchestrator/h2/V3__event_log.sql")
        .hasMessageContaining("createSchemaIfMissing(true)")
        .satisfies(e -> assertThat(((SchemaVersionException) e).databaseVersion()).isZero());
  }

  @Test
  void shouldCreateTheSchemaOnceAndReopenWithoutCreating() {
    // Given a store that created the schema
    database.builder().build().close();

    // When another store opens without creating
    try (JdbcStore reopened = database.builder().createSchemaIfMissing(false).build()) {
      // Then it finds version 3 and works
      assertThat(reopened.isReachable()).isTrue();
      assertThat(reopened.databaseKind()).isEqualTo("h2");
    }
    assertThat(database.count("SELECT MAX(version) FROM orchestrator_schema_version"))
        .isEqualTo(3);
  }

  @Test
  void shouldNameBothVersionsWhenTheDatabaseIsNewer() {
    // Given a database migrated by a newer release
    database.builder().build().close();
    database.execute("UPDATE orchestrator_schema_version SET version = 4 WHERE version = 3");

    // When this release opens it, Then it refuses and names both versions
    assertThatThrownBy(() -> database.builder().build())
        .isInstanceOf(SchemaVersionException.class)
        .hasMessageContaining("at version 4")
        .hasMessageContaining("needs version 3")
        .hasMessageContaining("upgrade orchestrator-jdbc");
  }

  @Test
  void shouldNameBothVersionsWhenTheDatabaseIsOlder() {
    database.builder().build().close();
    database.execute("DELETE FROM orchestrator_schema_version",
        "INSERT INTO orchestrator_schema_version VALUES (0, CURRENT_TIMESTAMP)");

    assertThatThrownBy(() -> database.builder().build())
        .isInstanceOf(SchemaVersionException.class)
        .hasMessageContaining("at version 0")
        .hasMessageContaining("needs version 3")
        .hasMessageContaining("migrate the database");
  }

  @Test
  void shouldUpgradeAVersionOneDatabaseKeepingItsMapsOnlyWhenAllowed() {
    // Given a database as version 1 left it, holding a map
    database.builder().build().close();
    database.execute(
        "ALTER TABLE maps DROP COLUMN move_to",
        "ALTER TABLE maps DROP COLUMN move_round",
        "ALTER TABLE maps DROP COLUMN move_attempt",
        "DELETE FROM orchestrator_schema_version WHERE version >= 2",
        "INSERT INTO maps (map_id, season_id, round_id, current_round_number, next_round_time,"
            + " status, priority, labels, map_config, attempt, created_at, version) VALUES"
            + " ('old', 's', 0, 3, CURRENT_TIMESTAMP, 'queued', 0, '{}', '{}', 0,"
            + " CURRENT_TIMESTAMP, 1)");

    // When a store opens without creating, Then it asks for the migration
    assertThatThrownBy(() -> database.builder().createSchemaIfMissing(false).build())
        .isInstanceOf(SchemaVersionException.class)
        .hasMessageContaining("at version 1")
        .hasMessageContaining("needs version 3");

    // When a store opens with createSchemaIfMissing, Then it runs V2 and V3 and the map survives
    try (JdbcStore upgraded = database.builder().build()) {
      GameMap old = upgraded.findMap("old").orElseThrow();
      assertThat(old.currentRoundNumber()).isEqualTo(3);
      upgraded.move(MapMove.afterRound(old, "b"), Instant.now(), Duration.ofMinutes(1));
      assertThat(upgraded.findMap("old").orElseThrow().reservedFor()).isEqualTo("b");
    }
    assertThat(database.count("SELECT MAX(version) FROM orchestrator_schema_version"))
        .isEqualTo(3);
  }

  @Test
  void shouldListEveryConflictingSettingAtOnce() {
    JdbcStoreBuilder builder =
        JdbcStore.builder()
            .jdbcUrl(database.url())
            .dataSource(new org.h2.jdbcx.JdbcDataSource())
            .user("sa");

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not both")
        .hasMessageContaining("user and password apply to jdbcUrl");
    assertThatThrownBy(() -> JdbcStore.builder().build())
        .hasMessageContaining("set dataSource(...) or jdbcUrl(...)");
  }

  @Test
  void shouldRejectBadSettingValuesAtOnceNamingThem() {
    JdbcStoreBuilder builder = JdbcStore.builder();

    assertThatThrownBy(() -> builder.historyRetention(Duration.ZERO))
        .hasMessageContaining("historyRetention must be positive");
    assertThatThrownBy(() -> builder.connectionTimeout(Duration.ofMillis(10)))
        .hasMessageContaining("connectionTimeout must be >= 250ms");
    assertThatThrownBy(() -> builder.maximumPoolSize(0)).hasMessageContaining("maximumPoolSize");
    assertThatThrownBy(() -> builder.jdbcUrl("postgres://x"))
        .hasMessageContaining("must start with 'jdbc:'");
  }

  @Test
  void shouldFailFastWithStoreUnavailableWhenTheDatabaseIsDown() {
    // Given nothing listens on port 1 of the loopback address
    JdbcStoreBuilder builder =
        JdbcStore.builder()
            .jdbcUrl("jdbc:postgresql://127.0.0.1:1/none")
            .user("postgres")
            .connectionTimeout(Duration.ofMillis(500));

    // Then opening fails with the SPI's exception, naming the URL
    assertThatThrownBy(builder::build)
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("127.0.0.1:1");
  }

  @Test
  void shouldReportUnreachableOnceClosedWithoutThrowing() {
    JdbcStore store = database.builder().build();
    assertThat(store.isReachable()).isTrue();

    store.close();

    assertThat(store.isReachable()).isFalse();
    assertThatThrownBy(() -> store.findMap("m1")).isInstanceOf(StoreUnavailableException.class);
  }
}
