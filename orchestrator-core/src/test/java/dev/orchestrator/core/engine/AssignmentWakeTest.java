package dev.orchestrator.core.engine;

import static dev.orchestrator.core.engine.EngineHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.contract.ScriptedServer;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.JobDone;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rounds due at different future times each start on time, not at the next safety sweep. */
class AssignmentWakeTest {
  // Long enough that a round left to the sweep would visibly start late.
  private final EngineHarness h = new EngineHarness(b -> b.sweepInterval(Duration.ofSeconds(60)));

  @AfterEach
  void close() {
    h.close();
  }

  /** The later round asked for second, then (the other case) first. */
  @ParameterizedTest
  @CsvSource({"10, 20", "20, 10"})
  void shouldStartEveryRoundAtItsDueTimeNotOnlyTheEarliest(int firstDueS, int secondDueS) {
    ScriptedServer first = h.connect("first");
    ScriptedServer second = h.connect("second");
    h.createDueMap("m1");
    h.createDueMap("m2");
    AssignJob a = h.lastJob(first);
    AssignJob b = h.lastJob(second);

    first.send(new JobDone(a.mapId(), T0.plusSeconds(firstDueS), a.jobId()));
    second.send(new JobDone(b.mapId(), T0.plusSeconds(secondDueS), b.jobId()));

    h.advance(Duration.ofSeconds(10));
    assertThat(assigned(first, second)).isEqualTo(3);
    h.advance(Duration.ofSeconds(10));
    assertThat(assigned(first, second)).isEqualTo(4);
  }

  private static int assigned(ScriptedServer... servers) {
    int total = 0;
    for (ScriptedServer server : servers) {
      total += server.received(AssignJob.class).size();
    }
    return total;
  }
}
