package dev.orchestrator.core.engine;

import static dev.orchestrator.core.engine.EngineHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.core.CommandDelivery;
import dev.orchestrator.core.ServerNotConnectedException;
import dev.orchestrator.core.ServerNotFoundException;
import dev.orchestrator.core.contract.ScriptedServer;
import dev.orchestrator.core.model.GameServer;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.model.ServerStatus;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.Command;
import dev.orchestrator.core.protocol.Disconnect;
import dev.orchestrator.core.protocol.Heartbeat;
import dev.orchestrator.core.protocol.Hello;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.ProtocolError;
import dev.orchestrator.core.protocol.ProtocolErrorCode;
import dev.orchestrator.core.protocol.Welcome;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connections coming and going, liveness, and what servers may ask for, on virtual time. */
class SessionBehaviourTest {
  private final EngineHarness h = new EngineHarness(b -> b.rateLimit(10, 20));

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void shouldResumeLeaseWhenServerReconnectsWithinGrace() {
    ScriptedServer first = h.connect("srv");
    h.createDueMap("m1");
    AssignJob job = h.lastJob(first);

    first.drop();
    h.advance(Duration.ofSeconds(8));
    ScriptedServer again = h.connect("srv");
    h.advance(Duration.ofSeconds(30));
    again.send(new JobDone("m1", null, job.jobId()));

    assertThat(again.last(Welcome.class).currentJob()).isEqualTo(job);
    assertThat(h.orchestrator.history("m1", 10))
        .singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(TaskOutcome.COMPLETED));
  }

  @Test
  void shouldRequeueWithNextAttemptWhenServerDoesNotReturnWithinGrace() {
    ScriptedServer lost = h.connect("lost");
    h.createDueMap("m1");
    ScriptedServer spare = h.connect("spare");

    lost.drop();
    h.advance(Duration.ofSeconds(9));
    assertThat(spare.received(AssignJob.class)).isEmpty();
    h.advance(Duration.ofSeconds(1));

    assertThat(h.lastJob(spare).attempt()).isEqualTo(2);
    assertThat(h.orchestrator.history("m1", 10))
        .singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(TaskOutcome.FAILED));
    assertThat(h.orchestrator.findServer("lost").orElseThrow().status())
        .isEqualTo(ServerStatus.OFFLINE);
  }

  @Test
  void shouldRewriteRegistryOnHeartbeatsOnlyOncePerRefreshAfterTheGrace() {
    h.connect("srv");
    h.advance(Duration.ofSeconds(10));
    assertThat(h.store.findServer("srv").orElseThrow().lastHeartbeat())
        .isEqualTo(T0.plusSeconds(10));

    h.advance(Duration.ofSeconds(25));

    assertThat(h.store.findServer("srv").orElseThrow().lastHeartbeat())
        .isEqualTo(T0.plusSeconds(10));
    assertThat(h.orchestrator.findServer("srv").orElseThrow().lastHeartbeat())
        .isEqualTo(T0.plusSeconds(35));

    h.advance(Duration.ofSeconds(5));

    assertThat(h.store.findServer("srv").orElseThrow().lastHeartbeat())
        .isEqualTo(T0.plusSeconds(40));
  }

  @Test
  void shouldRepairARegistryEntryOverwrittenByTheHostTheServerLeft() {
    ScriptedServer srv = h.connect("srv");
    h.advance(Duration.ofSeconds(1));
    GameServer live = h.store.findServer("srv").orElseThrow();
    h.store.saveServer(new GameServer(live.serverId(), live.serverIp(), ServerStatus.OFFLINE,
        live.labels(), live.capacity(), live.metrics(), live.currentMapIds(),
        live.totalAssigned(), live.totalCompleted(), live.totalFailed(), live.connectedAt(),
        T0, live.lastHeartbeat(), false, null, live.clientVersion()));

    h.advance(Duration.ofSeconds(5));

    assertThat(srv.closeCode()).isZero();
    assertThat(h.store.findServer("srv").orElseThrow().status()).isEqualTo(ServerStatus.IDLE);
  }

  @Test
  void shouldWriteStatusChangesAtOnceWhateverTheRefresh() {
    ScriptedServer srv = h.connect("srv");
    h.advance(Duration.ofSeconds(20));
    srv.send(new Hello("10.0.0.9", 3, Map.of("region", "eu"), "2.0"));

    assertThat(h.store.findServer("srv").orElseThrow())
        .satisfies(s -> assertThat(s.capacity()).isEqualTo(3))
        .satisfies(s -> assertThat(s.lastHeartbeat()).isEqualTo(T0.plusSeconds(20)));
  }

  @Test
  void shouldRewriteRegistryOnEveryHeartbeatWhenRefreshIsZero() {
    try (EngineHarness every = new EngineHarness(b -> b.registryRefresh(Duration.ZERO))) {
      every.connect("srv");
      every.advance(Duration.ofSeconds(10));

      assertThat(every.store.findServer("srv").orElseThrow().lastHeartbeat())
          .isEqualTo(T0.plusSeconds(10));
    }
  }

  @Test
  void shouldRequeueAtOnceOnGracefulDisconnect() {
    ScriptedServer leaving = h.connect("leaving");
    h.createDueMap("m1");
    ScriptedServer spare = h.connect("spare");

    leaving.send(new Disconnect("maintenance"));

    assertThat(leaving.closeCode()).isEqualTo(1000);
    assertThat(h.lastJob(spare).mapId()).isEqualTo("m1");
    assertThat(h.orchestrator.history("m1", 1).get(0).error()).contains("maintenance");
  }

  @Test
  void shouldMoveLeaseToNewSessionWithSameServerId() {
    ScriptedServer old = h.connect("srv");
    h.createDueMap("m1");
    AssignJob job = h.lastJob(old);

    ScriptedServer replacement = h.connect("srv");
    old.send(new JobDone("m1", null, job.jobId()));

    assertThat(old.closeCode()).isEqualTo(4000);
    assertThat(replacement.last(Welcome.class).currentJob()).isEqualTo(job);
    assertThat(h.map("m1").status()).isEqualTo(MapStatus.PROCESSING);
    replacement.send(new JobDone("m1", null, job.jobId()));
    assertThat(h.map("m1").status()).isEqualTo(MapStatus.COMPLETED);
  }

  @Test
  void shouldStopAssigningToServerThatMissedThreeHeartbeats() {
    ScriptedServer silent = h.connect("silent");
    h.silence(silent);

    h.advance(Duration.ofSeconds(16));
    h.createDueMap("m1");

    assertThat(h.orchestrator.findServer("silent").orElseThrow().status())
        .isEqualTo(ServerStatus.NOT_RESPONDING);
    assertThat(silent.received(AssignJob.class)).isEmpty();
    silent.send(new Heartbeat(20.0, 30.0, 40.0, Map.of()));
    assertThat(h.lastJob(silent).mapId()).isEqualTo("m1");
  }

  @Test
  void shouldFinishCurrentJobButTakeNoNewOneWhenDrained() {
    ScriptedServer server = h.connect("srv");
    h.createDueMap("m1");
    h.createDueMap("m2");

    assertThat(h.orchestrator.drain("srv")).isEqualTo(CommandDelivery.DELIVERED);
    server.send(new JobDone("m1", null, h.lastJob(server).jobId()));
    h.advance(Duration.ofSeconds(5));

    assertThat(server.last(Command.class).action()).isEqualTo("drain");
    assertThat(server.received(AssignJob.class)).hasSize(1);
    assertThat(h.orchestrator.findServer("srv").orElseThrow().draining()).isTrue();
    assertThat(h.map("m2").status()).isEqualTo(MapStatus.QUEUED);
  }

  @Test
  void shouldNeverAssignMapWhoseLabelsNoServerSatisfiesAndShowItWaiting() {
    ScriptedServer us = h.connectWithLabels("us-1", Map.of("region", "us"));
    h.orchestrator.createMap(NewMap.of("eu-map", "s1").withLabels(Map.of("region", "eu")));
    h.advance(Duration.ofMinutes(1));

    assertThat(us.received(AssignJob.class)).isEmpty();
    assertThat(h.orchestrator.queue().waitingMapIds()).containsExactly("eu-map");

    ScriptedServer eu = h.connectWithLabels("eu-1", Map.of("region", "eu", "gpu", "yes"));
    assertThat(h.lastJob(eu).mapId()).isEqualTo("eu-map");
    assertThat(h.orchestrator.queue().waitingMapIds()).isEmpty();
  }

  @Test
  void shouldGiveServerWithCapacityTwoTwoJobs() {
    ScriptedServer big = h.connect("big");
    big.send(new Hello("10.0.0.2", 2, Map.of(), "2.0"));
    h.createDueMap("m1");
    h.createDueMap("m2");
    h.createDueMap("m3");

    assertThat(big.received(AssignJob.class)).extracting(AssignJob::mapId)
        .containsExactly("m1", "m2");
    assertThat(h.orchestrator.findServer("big").orElseThrow().status())
        .isEqualTo(ServerStatus.BUSY);
  }

  @Test
  void shouldAnswerBadFramesAndCloseServerThatKeepsSendingThem() {
    ScriptedServer server = h.connect("srv");

    server.sendRaw("{not json");
    server.sendRaw("{\"type\":\"teleport\"}");
    server.sendRaw("{\"type\":\"job_done\"}");
    server.sendRaw("{\"type\":\"heartbeat\",\"cpu_usage\":140}");

    assertThat(server.received(ProtocolError.class))
        .extracting(ProtocolError::code)
        .containsExactly(
            ProtocolErrorCode.INVALID_JSON, ProtocolErrorCode.UNKNOWN_TYPE,
            ProtocolErrorCode.MISSING_FIELD, ProtocolErrorCode.INVALID_FIELD);
    assertThat(server.closeCode()).isZero();
    for (int i = 0; i < 60 && server.closeCode() == 0; i++) {
      h.advance(Duration.ofMillis(200));
      server.sendRaw("[]");
    }
    assertThat(server.closeCode()).isEqualTo(1008);
  }

  @Test
  void shouldRateLimitFloodingServer() {
    ScriptedServer flooder = h.connect("flooder");

    for (int i = 0; i < 25; i++) {
      flooder.send(new Heartbeat(null, null, null, null));
    }

    assertThat(flooder.received(ProtocolError.class))
        .extracting(ProtocolError::code)
        .containsOnly(ProtocolErrorCode.RATE_LIMITED)
        .hasSize(5);
  }

  @Test
  void shouldCloseSessionThatSendsOversizedFrame() {
    ScriptedServer server = h.connect("srv");

    server.sendRaw("{\"type\":\"heartbeat\",\"pad\":\"" + "x".repeat(70_000) + "\"}");

    assertThat(server.closeCode()).isEqualTo(1009);
  }

  @Test
  void shouldDeliverCommandsOnlyToKnownConnectedServers() {
    ScriptedServer server = h.connect("srv");
    ScriptedServer gone = h.connect("gone");
    gone.send(new Disconnect("bye"));

    assertThat(h.orchestrator.sendCommand("srv", "restart", "{\"in\":5}"))
        .isEqualTo(CommandDelivery.DELIVERED);
    assertThat(server.last(Command.class).paramsJson()).isEqualTo("{\"in\":5}");
    assertThatThrownBy(() -> h.orchestrator.sendCommand("nobody", "restart", null))
        .isInstanceOf(ServerNotFoundException.class);
    assertThatThrownBy(() -> h.orchestrator.sendCommand("gone", "restart", null))
        .isInstanceOf(ServerNotConnectedException.class);
  }

  @Test
  void shouldCloseSessionsWithGoingAwayOnShutdownAndKeepLeases() {
    ScriptedServer server = h.connect("srv");
    h.createDueMap("m1");

    h.orchestrator.close();

    assertThat(server.closeCode()).isEqualTo(1001);
    assertThat(h.store.findMap("m1").orElseThrow().lease().serverId()).isEqualTo("srv");
    assertThat(h.map("m1").lastError()).isNull();
    assertThat(T0).isEqualTo(h.map("m1").lease().assignedAt());
  }
}
