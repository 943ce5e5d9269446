package dev.orchestrator.core.engine;

import static dev.orchestrator.core.engine.EngineHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.contract.ScriptedServer;
import dev.orchestrator.core.memory.InMemoryStore;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.protocol.Ack;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.HostMessage;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.Progress;
import dev.orchestrator.core.spi.OrchestratorStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The steady job cycle: a finished job and the server's next job in one store call, without
 * letting maps that wait longer be overtaken.
 */
class JobCycleTest {
  private final Map<String, Integer> storeCalls = new ConcurrentHashMap<>();
  private final InMemoryStore backing = new InMemoryStore();
  private final EngineHarness h = new EngineHarness(b -> b.store(counting()));

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void shouldCompleteAndAssignTheNextRoundInOneStoreCallOnceTheScheduleIsKnown() {
    ScriptedServer server = h.connect("srv");
    h.createDueMap("m1");
    finishLastJob(server);
    storeCalls.clear();

    for (int round = 0; round < 3; round++) {
      finishLastJob(server);
    }

    assertThat(storeCalls).containsEntry("completeAndClaim", 3);
    assertThat(storeCalls).doesNotContainKeys("dueMaps", "claim", "complete");
    assertThat(h.lastJob(server).currentRoundNumber()).isEqualTo(4);
    assertThat(h.map("m1").lease().serverId()).isEqualTo("srv");
    assertThat(h.orchestrator.history("m1", 10))
        .extracting(TaskRecord::outcome)
        .containsOnly(TaskOutcome.COMPLETED)
        .hasSize(4);
  }

  @Test
  void shouldNotReadTheScheduleForEachIdleServerThatConnectsWhileNothingIsDue() {
    h.connect("first");
    storeCalls.clear();

    for (int i = 0; i < 50; i++) {
      h.connect("idle-" + i);
    }

    // Each connection asks for a pass; with nothing due, none reads the schedule or looks at
    // the free servers (which made connecting N idle servers cost O(N^2)).
    assertThat(storeCalls).doesNotContainKeys("dueMaps", "claim");
    h.createDueMap("m1");
    assertThat(h.map("m1").status()).isEqualTo(MapStatus.PROCESSING);
  }

  @Test
  void shouldAcknowledgeTheFinishedJobBeforeSendingTheNextOne() {
    ScriptedServer server = h.connect("srv");
    h.createDueMap("m1");
    finishLastJob(server);
    finishLastJob(server);

    List<HostMessage> received = server.received();
    assertThat(received.subList(received.size() - 2, received.size()))
        .extracting(message -> (Class) message.getClass())
        .containsExactly(Ack.class, AssignJob.class);
  }

  @Test
  void shouldGiveAFinishingServerTheMapThatWaitedLongestBeforeItsOwn() {
    ScriptedServer server = h.connect("srv");
    h.createDueMap("own");
    finishLastJob(server);
    h.orchestrator.createMap(NewMap.of("waiting", "s1"));
    h.clock.advance(Duration.ofSeconds(1));

    finishLastJob(server);

    assertThat(h.lastJob(server).mapId()).isEqualTo("waiting");
    assertThat(h.map("own").status()).isEqualTo(MapStatus.QUEUED);
    finishLastJob(server);
    assertThat(h.lastJob(server).mapId()).isEqualTo("own");
  }

  @Test
  void shouldStillAssignTheNextRoundWhenTheLeaseChangedSinceItWasGranted() {
    ScriptedServer server = h.connect("srv");
    h.createDueMap("m1");
    finishLastJob(server);
    AssignJob job = h.lastJob(server);

    server.send(new Progress("m1", job.jobId(), 50));
    finishLastJob(server);

    AssignJob next = h.lastJob(server);
    assertThat(next.mapId()).isEqualTo("m1");
    assertThat(next.currentRoundNumber()).isEqualTo(job.currentRoundNumber() + 1);
    GameMap map = h.map("m1");
    assertThat(map.jobId()).isEqualTo(next.jobId());
  }

  private void finishLastJob(ScriptedServer server) {
    AssignJob job = h.lastJob(server);
    server.send(new JobDone(job.mapId(), h.clock.instant(), job.jobId()));
    assertThat(h.lastJob(server).jobId()).as("next job after %s", job.jobId()).isNotEqualTo(
        job.jobId());
  }

  /** A store that counts calls per method name. */
  private OrchestratorStore counting() {
    return InterceptedStore.of(backing, name -> storeCalls.merge(name, 1, Integer::sum));
  }
}
