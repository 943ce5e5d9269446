package dev.orchestrator.core.engine;

import static dev.orchestrator.core.engine.EngineHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.ResultOutcome;
import dev.orchestrator.core.contract.ScriptedServer;
import dev.orchestrator.core.model.EventType;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.OrchestratorEvent;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.protocol.Ack;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.Command;
import dev.orchestrator.core.protocol.ErrorReport;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.JobFailed;
import dev.orchestrator.core.protocol.ProtocolError;
import dev.orchestrator.core.protocol.ProtocolErrorCode;
import dev.orchestrator.core.protocol.ReportedStatus;
import dev.orchestrator.core.protocol.StatusUpdate;
import dev.orchestrator.core.protocol.Welcome;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A map's rounds from assignment to completion, failure and retry, on virtual time. */
class JobLifecycleTest {
  private final EngineHarness h = new EngineHarness(b -> b.maxAttempts(3));

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void shouldRunSeveralRoundsOfOneMap() {
    ScriptedServer server = h.connect("unity_10_0_0_1");
    h.createDueMap("planet_1");

    AssignJob first = h.lastJob(server);
    server.send(new JobDone("planet_1", T0.plusSeconds(60), first.jobId()));
    h.advance(Duration.ofSeconds(60));
    AssignJob second = h.lastJob(server);
    server.send(new JobDone("planet_1", null, second.jobId()));

    assertThat(server.received().get(0)).isInstanceOf(Welcome.class);
    assertThat(first.currentRoundNumber()).isZero();
    assertThat(second.currentRoundNumber()).isEqualTo(1);
    assertThat(second.jobId()).isNotEqualTo(first.jobId());
    assertThat(server.received(Ack.class)).hasSize(2);
    GameMap map = h.map("planet_1");
    assertThat(map.status()).isEqualTo(MapStatus.COMPLETED);
    assertThat(map.currentRoundNumber()).isEqualTo(2);
    assertThat(h.orchestrator.history("planet_1", 10))
        .extracting(TaskRecord::outcome)
        .containsExactly(TaskOutcome.COMPLETED, TaskOutcome.COMPLETED);
    assertThat(h.orchestrator.findServer("unity_10_0_0_1").orElseThrow().totalCompleted())
        .isEqualTo(2);
  }

  @Test
  void shouldNotAssignBeforeNextRoundTime() {
    ScriptedServer server = h.connect("srv");
    h.createDueMap("m1");
    server.send(new JobDone("m1", T0.plusSeconds(30), h.lastJob(server).jobId()));

    h.advance(Duration.ofSeconds(29));

    assertThat(server.received(AssignJob.class)).hasSize(1);
    h.advance(Duration.ofSeconds(1));
    assertThat(server.received(AssignJob.class)).hasSize(2);
  }

  @Test
  void shouldCompleteForSeedClientWithoutJobId() {
    ScriptedServer seed = h.connect("unity_192_168_1_100");
    h.createDueMap("planet_123");

    seed.sendRaw(
        "{\"type\":\"job_done\",\"map_id\":\"planet_123\","
            + "\"next_round_time\":\"2030-01-01T00:05:00.0000000Z\"}");
    seed.send(new StatusUpdate(ReportedStatus.IDLE));

    assertThat(seed.last(Ack.class).mapId()).isEqualTo("planet_123");
    GameMap map = h.map("planet_123");
    assertThat(map.status()).isEqualTo(MapStatus.QUEUED);
    assertThat(map.nextRoundTime()).isEqualTo(T0.plusSeconds(300));
    assertThat(map.currentRoundNumber()).isEqualTo(1);
  }

  @Test
  void shouldAcknowledgeRepeatedJobDoneAndCountItOnce() {
    ScriptedServer server = h.connect("srv");
    h.createDueMap("m1");
    AssignJob job = h.lastJob(server);

    server.send(new JobDone("m1", T0.plusSeconds(600), job.jobId()));
    server.send(new JobDone("m1", T0.plusSeconds(600), job.jobId()));
    server.send(new JobDone("m1", T0.plusSeconds(600), null));

    assertThat(server.received(Ack.class)).hasSize(3);
    assertThat(server.received(ProtocolError.class)).isEmpty();
    assertThat(h.orchestrator.history("m1", 10)).hasSize(1);
    assertThat(h.map("m1").currentRoundNumber()).isEqualTo(1);
    assertThat(h.orchestrator.findServer("srv").orElseThrow().totalCompleted()).isEqualTo(1);
  }

  @Test
  void shouldRejectStaleAndUnknownCompletionsWithoutChangingState() {
    ScriptedServer holder = h.connect("holder");
    h.createDueMap("m1");
    ScriptedServer other = h.connect("other");
    GameMap before = h.map("m1");

    holder.send(new JobDone("m1", T0, "not-the-job"));
    other.send(new JobDone("m1", T0, null));
    other.send(new JobDone("m1", T0, h.lastJob(holder).jobId()));
    holder.send(new JobDone("ghost", T0, null));

    assertThat(holder.received(ProtocolError.class))
        .extracting(ProtocolError::code)
        .containsExactly(ProtocolErrorCode.STALE_JOB, ProtocolErrorCode.UNKNOWN_MAP);
    assertThat(other.received(ProtocolError.class))
        .extracting(ProtocolError::code)
        .containsExactly(ProtocolErrorCode.STALE_JOB, ProtocolErrorCode.STALE_JOB);
    assertThat(h.map("m1")).isEqualTo(before);
  }

  @Test
  void shouldRetryFailedJobWithBackoffThenErrorThenOperatorRetry() {
    ScriptedServer server = h.connect("srv");
    h.createDueMap("m1");

    server.send(new JobFailed("m1", h.lastJob(server).jobId(), "crash 1", true));
    assertThat(h.map("m1").nextRoundTime()).isEqualTo(T0.plusSeconds(1));
    h.advance(Duration.ofSeconds(1));
    assertThat(h.lastJob(server).attempt()).isEqualTo(2);
    server.send(new JobFailed("m1", h.lastJob(server).jobId(), "crash 2", true));
    assertThat(h.map("m1").nextRoundTime()).isEqualTo(T0.plusSeconds(3));
    h.advance(Duration.ofSeconds(2));
    assertThat(h.lastJob(server).attempt()).isEqualTo(3);
    server.send(new JobFailed("m1", h.lastJob(server).jobId(), "crash 3", true));

    assertThat(server.received(Ack.class)).hasSize(3);
    assertThat(h.map("m1").status()).isEqualTo(MapStatus.ERROR);
    assertThat(h.map("m1").lastError()).isEqualTo("crash 3");
    h.advance(Duration.ofMinutes(10));
    assertThat(server.received(AssignJob.class)).hasSize(3);

    h.orchestrator.retryMap("m1");

    assertThat(server.received(AssignJob.class)).hasSize(4);
    assertThat(h.lastJob(server).attempt()).isEqualTo(1);
  }

  @Test
  void shouldSendNonRetryableFailureToErrorAtOnce() {
    ScriptedServer server = h.connect("srv");
    h.createDueMap("m1");

    server.send(new JobFailed("m1", h.lastJob(server).jobId(), "corrupt map", false));

    assertThat(h.map("m1").status()).isEqualTo(MapStatus.ERROR);
    assertThat(h.orchestrator.findServer("srv").orElseThrow().totalFailed()).isEqualTo(1);
  }

  @Test
  void shouldTreatErrorWithCurrentMapAsFailure() {
    ScriptedServer server = h.connect("srv");
    h.createDueMap("m1");

    server.send(new ErrorReport("NullReferenceException", "m1"));
    server.send(new ErrorReport("unrelated", null));

    assertThat(h.orchestrator.history("m1", 10))
        .singleElement()
        .satisfies(r -> assertThat(r.error()).isEqualTo("NullReferenceException"));
    assertThat(h.map("m1").status()).isEqualTo(MapStatus.QUEUED);
  }

  @Test
  void shouldTimeOutLeasePastDeadlineAndTellTheServer() {
    ScriptedServer server = h.connect("srv");
    h.createDueMap("m1");
    String firstJob = h.lastJob(server).jobId();
    server.send(new StatusUpdate(ReportedStatus.BUSY));

    h.advance(Duration.ofMinutes(5).plusSeconds(1));

    assertThat(h.orchestrator.history("m1", 10))
        .singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(TaskOutcome.TIMEOUT));
    assertThat(server.last(Command.class).action()).isEqualTo("cancel_job");
    assertThat(server.last(Command.class).paramsJson()).contains(firstJob);
    server.send(new StatusUpdate(ReportedStatus.IDLE));
    assertThat(h.lastJob(server).attempt()).isEqualTo(2);
  }

  @Test
  void shouldExtendLeaseOnProgress() {
    ScriptedServer server = h.connect("srv");
    h.createDueMap("m1");
    AssignJob job = h.lastJob(server);

    h.advance(Duration.ofMinutes(4));
    server.send(new dev.orchestrator.core.protocol.Progress("m1", job.jobId(), 50));
    h.advance(Duration.ofMinutes(2));

    assertThat(h.map("m1").status()).isEqualTo(MapStatus.PROCESSING);
    assertThat(h.map("m1").lease().deadline()).isEqualTo(T0.plus(Duration.ofMinutes(9)));
  }

  @Test
  void shouldApplyAdminResultWithSeedRules() {
    ScriptedServer server = h.connect("srv");
    h.createDueMap("m1");

    ResultOutcome wrongServer = h.orchestrator.submitResult("m1", "other", null, T0);
    ResultOutcome applied = h.orchestrator.submitResult("m1", "srv", null, T0.plusSeconds(60));
    ResultOutcome again = h.orchestrator.submitResult("m1", "srv", null, T0.plusSeconds(60));

    assertThat(wrongServer).isEqualTo(ResultOutcome.STALE);
    assertThat(applied).isEqualTo(ResultOutcome.APPLIED);
    assertThat(again).isEqualTo(ResultOutcome.DUPLICATE);
    assertThat(h.orchestrator.submitResult("nope", "srv", null, T0))
        .isEqualTo(ResultOutcome.UNKNOWN_MAP);
    assertThat(h.orchestrator.findServer("srv").orElseThrow().currentMapIds()).isEmpty();
    assertThat(server.received(AssignJob.class)).hasSize(1);
  }

  @Test
  void shouldRevokeLeaseWhenLeasedMapIsDeleted() {
    ScriptedServer server = h.connect("srv");
    h.createDueMap("m1");
    h.orchestrator.createMap(
        dev.orchestrator.core.model.NewMap.of("m2", "s1").dueAt(T0.plusSeconds(10)));

    assertThat(h.orchestrator.deleteMap("m1")).isTrue();
    h.advance(Duration.ofSeconds(10));

    assertThat(server.received(Command.class).get(0).action()).isEqualTo("cancel_job");
    assertThat(h.lastJob(server).mapId()).isEqualTo("m2");
  }

  @Test
  void shouldNumberEventsOfAMapWithIncreasingVersions() {
    ScriptedServer server = h.connect("srv");
    h.createDueMap("m1");
    server.send(new JobDone("m1", T0.plusSeconds(5), h.lastJob(server).jobId()));
    h.advance(Duration.ofSeconds(5));
    server.send(new JobFailed("m1", h.lastJob(server).jobId(), "x", true));

    List<OrchestratorEvent> mapEvents =
        h.events.stream().filter(e -> "m1".equals(e.mapId())).toList();

    assertThat(mapEvents.stream().map(OrchestratorEvent::type).collect(Collectors.toList()))
        .containsSubsequence(
            EventType.MAP_CREATED, EventType.JOB_ASSIGNED, EventType.JOB_COMPLETED,
            EventType.JOB_ASSIGNED, EventType.JOB_FAILED, EventType.JOB_REQUEUED);
    assertThat(mapEvents.stream().map(OrchestratorEvent::mapVersion).toList()).isSorted();
  }
}
