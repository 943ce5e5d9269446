package dev.orchestrator.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.model.TaskRecord;
import org.junit.jupiter.api.Test;

class EmbeddingMainTest {

  @Test
  void shouldRunThreeRoundsEndToEnd() throws InterruptedException {
    assertThat(EmbeddingMain.run())
        .extracting(TaskRecord::roundNumber, TaskRecord::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2L, TaskOutcome.COMPLETED),
            org.assertj.core.groups.Tuple.tuple(1L, TaskOutcome.COMPLETED),
            org.assertj.core.groups.Tuple.tuple(0L, TaskOutcome.COMPLETED));
  }
}
