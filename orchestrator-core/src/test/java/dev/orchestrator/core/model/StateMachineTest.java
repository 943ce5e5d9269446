package dev.orchestrator.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The map and server state machines reject illegal moves by name. */
class StateMachineTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void shouldAllowOnlyTheDocumentedMapTransitions() {
    assertThat(MapStatus.QUEUED.canMoveTo(MapStatus.PROCESSING)).isTrue();
    assertThat(MapStatus.QUEUED.canMoveTo(MapStatus.COMPLETED)).isFalse();
    assertThat(MapStatus.PROCESSING.canMoveTo(MapStatus.QUEUED)).isTrue();
    assertThat(MapStatus.PROCESSING.canMoveTo(MapStatus.ERROR)).isTrue();
    assertThat(MapStatus.ERROR.canMoveTo(MapStatus.PROCESSING)).isFalse();
    assertThat(MapStatus.COMPLETED.canMoveTo(MapStatus.QUEUED)).isTrue();
  }

  @Test
  void shouldRejectCompletingAQueuedMapNamingMapAndStates() {
    GameMap queued = GameMap.create(NewMap.of("m1", "s"), NOW);

    assertThatThrownBy(() -> queued.roundCompleted(NOW, NOW))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessage("'m1' cannot go from queued to queued");
    assertThatThrownBy(() -> queued.retried(NOW))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("from queued to queued");
  }

  @Test
  void shouldRejectAProcessingMapWithoutLeaseAndALeaseOnAQueuedMap() {
    Lease lease = new Lease("j1", "m1", "srv", 1, 0, NOW, NOW.plusSeconds(60));

    assertThatThrownBy(
            () -> new GameMap("m1", "s", 0, 0, NOW, MapStatus.PROCESSING, 0, Map.of(), "{}", 1,
                null, null, null, NOW, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("processing");
    assertThatThrownBy(
            () -> new GameMap("m1", "s", 0, 0, NOW, MapStatus.QUEUED, 0, Map.of(), "{}", 1,
                lease, null, null, NOW, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("queued");
  }

  @Test
  void shouldNeverLetAServerBecomeUninitialisedAgain() {
    assertThat(ServerStatus.OFFLINE.canMoveTo(ServerStatus.IDLE)).isTrue();
    assertThat(ServerStatus.OFFLINE.canMoveTo(ServerStatus.NOT_RESPONDING)).isFalse();
    assertThatThrownBy(() -> ServerStatus.IDLE.checkMove("srv", ServerStatus.NOT_INITIALIZED))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("'srv'");
  }

  @Test
  void shouldValidateNewMapFieldsByWireName() {
    assertThatThrownBy(() -> NewMap.of(" ", "s")).hasMessageContaining("map_id");
    assertThatThrownBy(() -> NewMap.of("m", "s").withMapConfig("[1]"))
        .hasMessageContaining("map_config must be a JSON object");
    assertThatThrownBy(() -> NewMap.of("m", "s").atRound(-1, 0)).hasMessageContaining("round_id");
  }
}
