package dev.orchestrator.core.engine;

import static dev.orchestrator.core.engine.EngineHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.orchestrator.core.MapNotFoundException;
import dev.orchestrator.core.MoveMode;
import dev.orchestrator.core.MoveReceipt;
import dev.orchestrator.core.MoveRejectedException;
import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.ServerNotConnectedException;
import dev.orchestrator.core.ServerNotFoundException;
import dev.orchestrator.core.contract.ScriptedServer;
import dev.orchestrator.core.model.EventType;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.model.OrchestratorEvent;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.Command;
import dev.orchestrator.core.protocol.Hello;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.JobFailed;
import dev.orchestrator.core.protocol.ProtocolError;
import dev.orchestrator.core.protocol.ProtocolErrorCode;
import dev.orchestrator.core.protocol.ReportedStatus;
import dev.orchestrator.core.protocol.StatusUpdate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Operator moves of one map or of everything a server holds, on virtual time. */
class MoveTest {
  private final EngineHarness h = new EngineHarness(b -> b.leaseTimeout(Duration.ofMinutes(1)));

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void shouldRevokeTheRunningRoundAndRestartItOnTheTargetWithANewJobId() {
    ScriptedServer holder = h.connect("a");
    h.createDueMap("m1");
    AssignJob running = h.lastJob(holder);
    ScriptedServer target = h.connect("b");
    h.advance(Duration.ofSeconds(3));

    MoveReceipt receipt = h.orchestrator.moveMap("m1", "b", MoveMode.NOW);

    Command cancel = holder.last(Command.class);
    assertThat(cancel.action()).isEqualTo("cancel_job");
    assertThat(cancel.paramsJson()).contains("\"job_id\":\"" + running.jobId() + "\"");
    AssignJob restarted = h.lastJob(target);
    assertThat(restarted.mapId()).isEqualTo("m1");
    assertThat(restarted.jobId()).isNotEqualTo(running.jobId());
    assertThat(restarted.currentRoundNumber()).isEqualTo(running.currentRoundNumber());
    assertThat(restarted.attempt()).isEqualTo(1);
    assertThat(receipt).isEqualTo(new MoveReceipt("m1", MoveMode.NOW, "a", "b",
        MoveReceipt.Outcome.MOVED, running.jobId(), restarted.jobId()));
    assertThat(h.orchestrator.findServer("a").orElseThrow().currentMapIds()).isEmpty();
    assertThat(h.events).extracting(OrchestratorEvent::type)
        .contains(EventType.JOB_REVOKED, EventType.MAP_MOVED);

    GameMap beforeLate = h.map("m1");
    holder.send(new JobDone("m1", T0.plusSeconds(60), running.jobId()));
    assertThat(holder.last(ProtocolError.class).code()).isEqualTo(ProtocolErrorCode.STALE_JOB);
    assertThat(h.map("m1")).isEqualTo(beforeLate);

    target.send(new JobDone("m1", T0.plusSeconds(60), restarted.jobId()));
    assertThat(h.map("m1").currentRoundNumber()).isEqualTo(1);
    assertThat(h.orchestrator.history("m1", 10))
        .extracting(TaskRecord::serverId, TaskRecord::outcome, TaskRecord::error)
        .containsExactly(
            tuple("b", TaskOutcome.COMPLETED, null),
            tuple("a", TaskOutcome.REVOKED, "moved to server 'b' by an operator"));
  }

  @Test
  void shouldLeaseAQueuedMapToTheTargetAtOnce() {
    ScriptedServer target = h.connect("b");
    target.send(new StatusUpdate(ReportedStatus.BUSY));
    h.orchestrator.createMap(NewMap.of("m1", "s1").dueAt(T0.plusSeconds(600)));

    MoveReceipt receipt = h.orchestrator.moveMap("m1", "b", MoveMode.NOW);

    assertThat(receipt.fromServerId()).isNull();
    assertThat(receipt.revokedJobId()).isNull();
    assertThat(h.lastJob(target).jobId()).isEqualTo(receipt.jobId());
    assertThat(h.map("m1").lease().serverId()).isEqualTo("b");
  }

  @Test
  void shouldGiveTheNextRoundToTheTargetAfterTheRunningRoundFinishes() {
    ScriptedServer holder = h.connectWithLabels("a", Map.of("region", "eu"));
    ScriptedServer target = h.connect("b");
    h.orchestrator.createMap(NewMap.of("m1", "s1").withLabels(Map.of("region", "eu")));
    AssignJob running = h.lastJob(holder);

    MoveReceipt receipt = h.orchestrator.moveMap("m1", "b", MoveMode.AFTER_ROUND);

    assertThat(receipt.outcome()).isEqualTo(MoveReceipt.Outcome.PENDING);
    assertThat(holder.received(Command.class)).isEmpty();
    assertThat(h.map("m1").pendingMoveTarget()).isEqualTo("b");
    holder.send(new JobDone("m1", T0.plusSeconds(30), running.jobId()));
    h.advance(Duration.ofSeconds(29));
    assertThat(target.received(AssignJob.class)).isEmpty();
    h.advance(Duration.ofSeconds(1));
    AssignJob next = h.lastJob(target);
    assertThat(next.currentRoundNumber()).isEqualTo(1);
    assertThat(holder.received(AssignJob.class)).hasSize(1);
    target.send(new JobDone("m1", T0.plusSeconds(60), next.jobId()));
    h.advance(Duration.ofSeconds(30));
    assertThat(h.lastJob(holder).currentRoundNumber()).isEqualTo(2);
    assertThat(h.map("m1").pendingMoveTarget()).isNull();
  }

  @Test
  void shouldGiveTheTargetTheNextRoundWhenItIsDueAtOnceAfterTheMove() {
    ScriptedServer holder = h.connect("a");
    h.createDueMap("m1");
    ScriptedServer target = h.connect("b");
    AssignJob running = h.lastJob(holder);
    h.orchestrator.moveMap("m1", "b", MoveMode.AFTER_ROUND);

    holder.send(new JobDone("m1", T0, running.jobId()));
    h.advance(Duration.ofSeconds(1));

    assertThat(h.lastJob(target).currentRoundNumber()).isEqualTo(1);
    assertThat(holder.received(AssignJob.class)).hasSize(1);
  }

  @Test
  void shouldPutTheMapBackOnTheScheduleWhenTheTargetRefuses() {
    ScriptedServer holder = h.connect("a");
    h.createDueMap("m1");
    ScriptedServer target = h.connect("b");
    h.orchestrator.moveMap("m1", "b", MoveMode.NOW);
    AssignJob moved = h.lastJob(target);

    target.send(new JobFailed("m1", moved.jobId(), "map too large", true));
    target.send(new StatusUpdate(ReportedStatus.BUSY));
    h.advance(Duration.ofSeconds(1));

    AssignJob retried = h.lastJob(holder);
    assertThat(retried.jobId()).isNotEqualTo(moved.jobId());
    assertThat(retried.attempt()).isEqualTo(2);
    assertThat(h.orchestrator.history("m1", 10)).extracting(TaskRecord::serverId,
        TaskRecord::outcome).containsExactly(tuple("b", TaskOutcome.FAILED),
        tuple("a", TaskOutcome.REVOKED));
  }

  @Test
  void shouldPutTheMapBackOnTheScheduleWhenTheTargetDisconnects() {
    ScriptedServer holder = h.connect("a");
    h.createDueMap("m1");
    ScriptedServer target = h.connect("b");
    h.orchestrator.moveMap("m1", "b", MoveMode.NOW);

    target.drop();
    h.advance(Duration.ofSeconds(9));
    assertThat(holder.received(AssignJob.class)).hasSize(1);
    h.advance(Duration.ofSeconds(1));

    assertThat(h.lastJob(holder).attempt()).isEqualTo(2);
    assertThat(h.orchestrator.history("m1", 1)).extracting(TaskRecord::serverId,
        TaskRecord::outcome).containsExactly(tuple("b", TaskOutcome.FAILED));
  }

  @Test
  void shouldPutTheMapBackOnTheScheduleWhenTheTargetLetsTheLeaseTimeOut() {
    ScriptedServer holder = h.connect("a");
    h.createDueMap("m1");
    ScriptedServer target = h.connect("b");
    h.orchestrator.moveMap("m1", "b", MoveMode.NOW);
    String moved = h.lastJob(target).jobId();
    // Hung on the job: it heartbeats but never finishes and takes nothing else.
    target.send(new StatusUpdate(ReportedStatus.BUSY));

    h.advance(Duration.ofSeconds(61));

    assertThat(target.last(Command.class).paramsJson()).contains(moved);
    assertThat(h.lastJob(holder).attempt()).isEqualTo(2);
    assertThat(h.orchestrator.history("m1", 1)).extracting(TaskRecord::serverId,
        TaskRecord::outcome).containsExactly(tuple("b", TaskOutcome.TIMEOUT));
  }

  @Test
  void shouldGiveAReservedRoundToAnyoneWhenTheTargetDoesNotTakeItInTime() {
    ScriptedServer holder = h.connect("a");
    h.createDueMap("m1");
    ScriptedServer target = h.connect("b");
    h.orchestrator.moveMap("m1", "b", MoveMode.AFTER_ROUND);
    target.send(new StatusUpdate(ReportedStatus.BUSY));

    holder.send(new JobDone("m1", T0.plusSeconds(10), h.lastJob(holder).jobId()));
    h.advance(Duration.ofSeconds(24));
    assertThat(holder.received(AssignJob.class)).hasSize(1);
    h.advance(Duration.ofSeconds(1));

    assertThat(h.lastJob(holder).currentRoundNumber()).isEqualTo(1);
    assertThat(target.received(AssignJob.class)).isEmpty();
  }

  @Test
  void shouldEvacuateEverythingAServerHoldsToTheTargetAndDrainIt() {
    ScriptedServer source = h.connect("a");
    source.send(new Hello("10.0.0.1", 2, Map.of(), "test"));
    h.createDueMap("m1");
    h.createDueMap("m2");
    ScriptedServer target = h.connect("b");
    target.send(new Hello("10.0.0.2", 2, Map.of(), "test"));

    List<MoveReceipt> receipts = h.orchestrator.evacuate("a", "b", MoveMode.NOW);

    assertThat(receipts).extracting(MoveReceipt::mapId, MoveReceipt::outcome)
        .containsExactly(tuple("m1", MoveReceipt.Outcome.MOVED),
            tuple("m2", MoveReceipt.Outcome.MOVED));
    assertThat(target.received(AssignJob.class)).extracting(AssignJob::mapId)
        .containsExactlyInAnyOrder("m1", "m2");
    assertThat(source.received(Command.class)).extracting(Command::action)
        .containsExactlyInAnyOrder("drain", "cancel_job", "cancel_job");
    assertThat(h.orchestrator.findServer("a").orElseThrow().draining()).isTrue();
  }

  @Test
  void shouldRequeueEverythingForThePolicyWhenEvacuatingWithoutATarget() {
    ScriptedServer source = h.connect("a");
    h.createDueMap("m1");
    ScriptedServer other = h.connect("b");

    List<MoveReceipt> receipts = h.orchestrator.evacuate("a", null, MoveMode.NOW);

    assertThat(receipts).extracting(MoveReceipt::outcome)
        .containsExactly(MoveReceipt.Outcome.REQUEUED);
    assertThat(h.lastJob(other).mapId()).isEqualTo("m1");
    assertThat(source.received(AssignJob.class)).hasSize(1);
    assertThat(h.orchestrator.history("m1", 1)).extracting(TaskRecord::outcome, TaskRecord::error)
        .containsExactly(tuple(TaskOutcome.REVOKED, "evacuated from server 'a' by an operator"));
  }

  @Test
  void shouldRefuseBadMovesNamingTheProblemAndChangeNothing() {
    ScriptedServer holder = h.connect("a");
    h.createDueMap("m1");
    ScriptedServer draining = h.connect("d");
    h.orchestrator.drain("d");
    ScriptedServer gone = h.connect("gone");
    gone.drop();
    h.orchestrator.createMap(NewMap.of("broken", "s1").dueAt(T0.plusSeconds(600)));
    h.store.move(dev.orchestrator.core.spi.MapMove.now(h.map("broken"), "x", "j-x"), T0,
        Duration.ofMinutes(1));
    h.store.release(new dev.orchestrator.core.spi.LeaseRelease("broken", "j-x",
        TaskOutcome.FAILED, "x", null), T0);
    GameMap before = h.map("m1");
    int events = h.events.size();

    assertThatThrownBy(() -> h.orchestrator.moveMap("nope", "d", MoveMode.NOW))
        .isInstanceOf(MapNotFoundException.class);
    assertThatThrownBy(() -> h.orchestrator.moveMap("m1", "never", MoveMode.NOW))
        .isInstanceOf(ServerNotFoundException.class);
    assertThatThrownBy(() -> h.orchestrator.moveMap("m1", "gone", MoveMode.NOW))
        .isInstanceOf(ServerNotConnectedException.class);
    assertThatThrownBy(() -> h.orchestrator.moveMap("m1", "d", MoveMode.AFTER_ROUND))
        .isInstanceOfSatisfying(MoveRejectedException.class, e -> {
          assertThat(e.reason()).isEqualTo(MoveRejectedException.Reason.TARGET_DRAINING);
          assertThat(e.field()).isEqualTo("to_server");
        });
    assertThatThrownBy(() -> h.orchestrator.moveMap("m1", "a", MoveMode.NOW))
        .isInstanceOfSatisfying(MoveRejectedException.class, e ->
            assertThat(e.reason()).isEqualTo(MoveRejectedException.Reason.ALREADY_ON_TARGET));
    assertThatThrownBy(() -> h.orchestrator.moveMap("broken", "a", MoveMode.NOW))
        .isInstanceOfSatisfying(MoveRejectedException.class, e -> {
          assertThat(e.reason()).isEqualTo(MoveRejectedException.Reason.MAP_NOT_MOVABLE);
          assertThat(e.getMessage()).contains("error");
        });
    assertThatThrownBy(() -> h.orchestrator.moveMap("m1", "d", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("mode");
    assertThatThrownBy(() -> h.orchestrator.evacuate("a", "a", MoveMode.NOW))
        .isInstanceOf(MoveRejectedException.class);
    assertThatThrownBy(() -> h.orchestrator.evacuate("a", "d", MoveMode.NOW))
        .isInstanceOf(MoveRejectedException.class);
    assertThatThrownBy(() -> h.orchestrator.evacuate("never", null, MoveMode.NOW))
        .isInstanceOf(ServerNotFoundException.class);

    assertThat(h.map("m1")).isEqualTo(before);
    assertThat(h.events).hasSize(events);
    assertThat(holder.received(Command.class)).isEmpty();
    assertThat(draining.received(AssignJob.class)).isEmpty();
    assertThat(h.orchestrator.findServer("a").orElseThrow().draining()).isFalse();
  }

  @Test
  void shouldMoveToAServerAttachedToAnotherHostSharingTheStore() {
    Orchestrator other = Orchestrator.builder().store(h.store).clock(h.clock)
        .scheduler(h.scheduler).hostId("other-host").build();
    try {
      other.start();
      ScriptedServer remote = new ScriptedServer("r");
      remote.connectedAs(other.attach(remote));
      remote.send(new StatusUpdate(ReportedStatus.BUSY));
      ScriptedServer holder = h.connect("a");
      h.createDueMap("m1");
      h.createDueMap("m2");
      AssignJob running = h.lastJob(holder);

      MoveReceipt receipt = h.orchestrator.moveMap("m1", "r", MoveMode.NOW);

      assertThat(running.mapId()).isEqualTo("m1");
      assertThat(h.lastJob(remote).jobId()).isEqualTo(receipt.jobId());
      assertThat(holder.last(Command.class).action()).isEqualTo("cancel_job");
      assertThat(other.findServer("r").orElseThrow().currentMapIds()).containsExactly("m1");
      remote.send(new JobDone("m1", null, receipt.jobId()));
      assertThat(h.map("m1").status()).isEqualTo(MapStatus.COMPLETED);
      assertThat(h.lastJob(holder).mapId()).isEqualTo("m2");

      other.moveMap("m2", "r", MoveMode.NOW);

      assertThat(h.lastJob(remote).mapId()).isEqualTo("m2");
      assertThat(holder.received(Command.class)).extracting(Command::action)
          .containsExactly("cancel_job", "cancel_job");
      assertThat(h.orchestrator.findServer("a").orElseThrow().currentMapIds()).isEmpty();
    } finally {
      other.close();
    }
  }

  @Test
  void shouldGiveAReservedRoundToATargetOnAnotherHost() {
    Orchestrator other = Orchestrator.builder().store(h.store).clock(h.clock)
        .scheduler(h.scheduler).hostId("other-host").build();
    try {
      other.start();
      ScriptedServer remote = new ScriptedServer("r");
      remote.connectedAs(other.attach(remote));
      remote.send(new StatusUpdate(ReportedStatus.BUSY));
      ScriptedServer holder = h.connect("a");
      h.createDueMap("m1");
      h.orchestrator.moveMap("m1", "r", MoveMode.AFTER_ROUND);
      remote.send(new StatusUpdate(ReportedStatus.IDLE));

      holder.send(new JobDone("m1", T0.plusSeconds(10), h.lastJob(holder).jobId()));
      h.advance(Duration.ofSeconds(12));

      assertThat(h.lastJob(remote).currentRoundNumber()).isEqualTo(1);
      assertThat(holder.received(AssignJob.class)).hasSize(1);
    } finally {
      other.close();
    }
  }
}
