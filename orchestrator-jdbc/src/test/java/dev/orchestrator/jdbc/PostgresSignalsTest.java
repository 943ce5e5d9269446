package dev.orchestrator.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.core.model.ServerCommand;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LISTEN/NOTIFY between two store instances standing for two hosts. */
class PostgresSignalsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static TestDatabase database;

  private JdbcStore hostA;
  private JdbcStore hostB;
  private final RecordingListener onA = new RecordingListener();
  private final RecordingListener onB = new RecordingListener();

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

  @BeforeEach
  void openHosts() {
    hostA = database.builder().build();
    hostB = database.builder().build();
    hostA.subscribe(onA);
    hostB.subscribe(onB);
  }

  @AfterEach
  void closeHosts() {
    hostA.close();
    hostB.close();
  }

  @Test
  void shouldDeliverSignalsToTheOtherHostAndOnceToLocalSubscribers() {
    // When host A signals a change and routes a command
    hostA.signalMapsChanged();
    hostA.routeCommand("srv-1", new ServerCommand("c1", "drain", "{\"after\": 3}"));

    // Then host B hears both, with the params exactly as sent
    await().atMost(WAIT).until(() -> onB.mapsChanged.get() == 1 && onB.commands.size() == 1);
    assertThat(onB.commands).containsExactly("srv-1:c1:{\"after\": 3}");
    // And host A's own subscriber heard each once, not again through its own NOTIFY
    hostB.signalMapsChanged();
    await().atMost(WAIT).until(() -> onA.mapsChanged.get() == 2);
    assertThat(onA.commands).containsExactly("srv-1:c1:{\"after\": 3}");
    assertThat(onB.mapsChanged).hasValue(2);
  }

  @Test
  void shouldCoalesceABurstOfScheduleChangesIntoFewNotifications() {
    // When host A signals a thousand changes in a burst
    for (int i = 0; i < 1000; i++) {
      hostA.signalMapsChanged();
    }

    // Then its local subscriber hears each, and host B hears the burst a few times at most
    assertThat(onA.mapsChanged).hasValue(1000);
    await().atMost(WAIT).until(() -> onB.mapsChanged.get() >= 1);
    hostA.routeCommand("srv", new ServerCommand("marker", "noop", "{}"));
    await().atMost(WAIT).until(() -> onB.commands.size() == 1);
    assertThat(onB.mapsChanged.get()).isBetween(1, 100);
  }

  @Test
  void shouldResumeSignalsAfterTheListenConnectionIsKilled() {
    // Given host B's LISTEN connection is terminated by the server
    database.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE application_name = 'orchestrator-listen' AND query LIKE '%"
            + database.schema()
            + "%'");

    // Then both hosts reconnect and tell their subscribers signals may have been missed
    await().atMost(WAIT).until(() -> onA.resumed.get() == 1 && onB.resumed.get() == 1);
    // And signals flow again
    hostA.signalMapsChanged();
    await().atMost(WAIT).until(() -> onB.mapsChanged.get() == 1);
  }

  @Test
  void shouldRejectACommandTooLargeForOneNotification() {
    String params = "{\"blob\":\"" + "x".repeat(9000) + "\"}";

    assertThatThrownBy(() -> hostA.routeCommand("srv", new ServerCommand("big", "load", params)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'big'")
        .hasMessageContaining("7999");
    assertThat(onA.commands).isEmpty();
  }
}
