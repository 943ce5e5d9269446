package dev.orchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder fails fast, naming the option and the value. */
class OrchestratorBuilderTest {

  @Test
  void shouldNameTheOptionAndValueThatAreOutOfRange() {
    assertThatThrownBy(() -> Orchestrator.builder().heartbeatInterval(Duration.ofMillis(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("heartbeatInterval")
        .hasMessageContaining("PT0.005S");
    assertThatThrownBy(() -> Orchestrator.builder().maxAttempts(0))
        .hasMessageContaining("maxAttempts must be from 1 to 1000, got 0");
    assertThatThrownBy(() -> Orchestrator.builder().hostId("bad host"))
        .hasMessageContaining("hostId");
    assertThatThrownBy(
            () -> Orchestrator.builder().retryBackoff(Duration.ofMinutes(2), Duration.ofMinutes(1)))
        .hasMessageContaining("must not exceed maxRetryBackoff");
  }

  @Test
  void shouldDoubleRetryBackoffUpToItsCap() {
    OrchestratorSettings settings = OrchestratorSettings.defaults();

    assertThat(settings.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.backoffAfter(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.backoffAfter(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(settings.backoffAfter(30)).isEqualTo(Duration.ofMinutes(1));
    assertThat(settings.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void shouldBuildIndependentOrchestratorsFromOneBuilder() {
    OrchestratorBuilder builder = Orchestrator.builder().hostId("a");
    try (Orchestrator first = builder.build();
        Orchestrator second = builder.hostId("b").build()) {
      assertThat(first.settings().hostId()).isEqualTo("a");
      assertThat(second.settings().hostId()).isEqualTo("b");
    }
  }
}
