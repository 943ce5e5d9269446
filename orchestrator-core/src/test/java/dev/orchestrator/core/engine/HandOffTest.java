package dev.orchestrator.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.contract.ScriptedServer;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.ServerStatus;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.protocol.Ack;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.Command;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.Welcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A host handing its servers to another host on the same store (a drain before an upgrade):
 * the servers leave without {@code disconnect}, resume their jobs on the other host, and no
 * job restarts, on virtual time.
 */
class HandOffTest {
  private static final Duration GRACE = Duration.ofSeconds(10);
  private final EngineHarness h = new EngineHarness(b -> b.reconnectGrace(GRACE));
  private final Orchestrator other =
      Orchestrator.builder()
          .store(h.store)
          .clock(h.clock)
          .scheduler(h.scheduler)
          .hostId("other-host")
          .reconnectGrace(GRACE)
          .build();

  @AfterEach
  void close() {
    other.close();
    h.close();
  }

  @Test
  void shouldTellEveryAttachedServerToReconnectAndAssignNoNewWork() {
    // Given two servers, one of them busy with a job
    ScriptedServer busy = h.connect("busy");
    h.createDueMap("m1");
    ScriptedServer idle = h.connect("idle");

    // When the host hands its sessions off to another URL
    int told = h.orchestrator.handOffSessions("ws://10.0.0.2:8765");
    h.createDueMap("m2");

    // Then both are told to reconnect there, and the new map waits for another host
    assertThat(told).isEqualTo(2);
    for (ScriptedServer server : List.of(busy, idle)) {
      Command command = server.last(Command.class);
      assertThat(command.action()).isEqualTo("reconnect");
      assertThat(command.paramsJson()).isEqualTo("{\"url\":\"ws://10.0.0.2:8765\"}");
    }
    assertThat(idle.received(AssignJob.class)).isEmpty();
    assertThat(h.map("m2").status()).isEqualTo(MapStatus.QUEUED);
    assertThat(h.orchestrator.attachedSessions()).isEqualTo(2);
    idle.drop();
    assertThat(h.orchestrator.attachedSessions()).isEqualTo(1);
  }

  @Test
  void shouldTellAServerThatAttachesDuringTheHandOffWithEmptyParamsWithoutAUrl() {
    h.orchestrator.handOffSessions(null);

    ScriptedServer late = h.connect("late");
    h.createDueMap("m1");

    assertThat(late.received().get(0)).isInstanceOf(Welcome.class);
    assertThat(late.last(Command.class).action()).isEqualTo("reconnect");
    assertThat(late.last(Command.class).paramsJson()).isEqualTo("{}");
    assertThat(late.received(AssignJob.class)).isEmpty();
  }

  @Test
  void shouldResumeTheJobOnTheOtherHostWithoutRestartingIt() {
    // Given a server working on a job here, when this host hands it off
    ScriptedServer here = h.connect("srv");
    h.createDueMap("m1");
    AssignJob job = h.lastJob(here);
    other.start();
    h.orchestrator.handOffSessions(null);

    // and it closes its socket without disconnect and attaches to the other host
    here.drop();
    ScriptedServer there = new ScriptedServer("srv");
    there.connectedAs(other.attach(there));
    h.advance(GRACE.plusSeconds(1));
    there.send(new JobDone("m1", null, job.jobId()));

    // Then it is handed back the same job, whose result counts once, with no failed attempt
    assertThat(there.last(Welcome.class).currentJob()).isEqualTo(job);
    assertThat(there.last(Ack.class).jobId()).isEqualTo(job.jobId());
    assertThat(h.orchestrator.history("m1", 10))
        .singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(TaskOutcome.COMPLETED));
  }

  @Test
  void shouldLeaveTheLeaseOfAServerSentAwayToItsDeadlineRatherThanTheGrace() {
    // Given a server with a job that this host sends away
    ScriptedServer here = h.connect("srv");
    h.createDueMap("m1");
    AssignJob job = h.lastJob(here);
    h.orchestrator.handOffSessions(null);

    // When it leaves and turns up nowhere within the grace
    here.drop();
    h.advance(GRACE.plusSeconds(1));

    // Then its lease stands, since another host may be running the job now
    assertThat(h.map("m1").jobId()).isEqualTo(job.jobId());
    assertThat(h.orchestrator.history("m1", 10)).isEmpty();
    // and it is re-queued only when its deadline has passed
    h.advance(Duration.ofMinutes(5));
    assertThat(h.orchestrator.history("m1", 10))
        .singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(TaskOutcome.TIMEOUT));
  }

  @Test
  void shouldKeepTheLeaseWhenTheServerAttachesElsewhereBeforeThisHostSeesItsClose() {
    // Given a server with a job here that attaches to the other host first (a network blip,
    // a client moving on its own)
    ScriptedServer here = h.connect("srv");
    h.createDueMap("m1");
    AssignJob job = h.lastJob(here);
    other.start();
    h.silence(here);
    ScriptedServer there = new ScriptedServer("srv");
    there.connectedAs(other.attach(there));

    // When this host handles the old socket's close only afterwards, and its grace runs out
    here.drop();
    h.scheduler.advance(GRACE.plusSeconds(1));

    // Then the registry still shows the server on the other host, and its lease stands
    assertThat(h.store.findServer("srv").orElseThrow().hostId()).isEqualTo("other-host");
    assertThat(h.store.findServer("srv").orElseThrow().status()).isNotEqualTo(ServerStatus.OFFLINE);
    assertThat(h.map("m1").jobId()).isEqualTo(job.jobId());
    assertThat(h.orchestrator.history("m1", 10)).isEmpty();
    there.send(new JobDone("m1", null, job.jobId()));
    assertThat(h.map("m1").status()).isEqualTo(MapStatus.COMPLETED);
  }
}
