package dev.orchestrator.examples.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.ServerSession;
import dev.orchestrator.core.SessionHandle;
import dev.orchestrator.core.memory.InMemoryStore;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.ClientMessage;
import dev.orchestrator.core.protocol.Heartbeat;
import dev.orchestrator.core.protocol.Hello;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.ProtocolCodec;
import dev.orchestrator.core.testing.ManualScheduler;
import dev.orchestrator.core.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The same policy plugged into a real orchestrator: in-memory store, virtual time, game servers
 * that live in the test. Everything runs on the test's thread, so there is nothing to wait for.
 */
class RegionHeadroomPolicyInEngineTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final Duration HEARTBEAT = Duration.ofSeconds(5);

  private final SettableClock clock = new SettableClock(T0);
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final Orchestrator orchestrator =
      Orchestrator.builder()
          .store(new InMemoryStore())
          .clock(clock)
          .scheduler(scheduler)
          .heartbeatInterval(HEARTBEAT)
          .policy(new RegionHeadroomPolicy())
          .build();
  private final List<InProcessServer> servers = new ArrayList<>();

  @AfterEach
  void close() {
    orchestrator.close();
  }

  @Test
  void shouldPlaceMapsByRegionThenHeadroomAndSkipServersShortOfRam() {
    // Given a busy eu server, an idle us server and a us server almost out of RAM
    orchestrator.start();
    InProcessServer euBusy = connect("eu_busy", "eu", 80.0, 40.0);
    InProcessServer usIdle = connect("us_idle", "us", 10.0, 30.0);
    InProcessServer usNoRam = connect("us_no_ram", "us", 1.0, 95.0);
    // and three maps due in a minute: one for eu, two for anywhere (the first more urgent)
    Instant due = T0.plus(Duration.ofMinutes(1));
    orchestrator.createMap(
        NewMap.of("planet_eu", "s1").withLabels(Map.of("region", "eu")).dueAt(due));
    orchestrator.createMap(NewMap.of("planet_any", "s1").withPriority(5).dueAt(due));
    orchestrator.createMap(NewMap.of("planet_later", "s1").dueAt(due));

    // When a minute passes
    advance(Duration.ofMinutes(1));

    // Then eu goes to eu despite its load, the urgent map to the most headroom, and the third
    // waits because the only other free server is short of RAM
    assertThat(euBusy.jobMapIds()).containsExactly("planet_eu");
    assertThat(usIdle.jobMapIds()).containsExactly("planet_any");
    assertThat(usNoRam.jobMapIds()).isEmpty();
    assertThat(orchestrator.findMap("planet_later").orElseThrow().status())
        .isEqualTo(MapStatus.QUEUED);

    // When the idle server finishes its map for good
    AssignJob done = usIdle.jobs().get(0);
    usIdle.say(new JobDone(done.mapId(), null, done.jobId()));

    // Then its free slot goes to the waiting map
    assertThat(usIdle.jobMapIds()).containsExactly("planet_any", "planet_later");
    assertThat(usNoRam.jobMapIds()).isEmpty();
  }

  private InProcessServer connect(String serverId, String region, double cpu, double ram) {
    InProcessServer server = new InProcessServer(serverId, new Heartbeat(cpu, ram, null, Map.of()));
    server.handle = orchestrator.attach(server);
    server.say(new Hello("127.0.0.1", 1, Map.of("region", region), "test"));
    server.say(server.heartbeat);
    servers.add(server);
    return server;
  }

  /** Moves virtual time on, with every server heartbeating on the way as a live one would. */
  private void advance(Duration step) {
    for (Duration left = step; !left.isNegative() && !left.isZero(); left = left.minus(HEARTBEAT)) {
      scheduler.advance(HEARTBEAT.compareTo(left) < 0 ? HEARTBEAT : left);
      servers.forEach(server -> server.say(server.heartbeat));
    }
  }

  /** A game server living in the test: it records what it is sent and speaks when told to. */
  private static final class InProcessServer implements ServerSession {
    private static final ProtocolCodec CODEC = new ProtocolCodec();
    private final String serverId;
    private final Heartbeat heartbeat;
    private final List<AssignJob> jobs = new ArrayList<>();
    private SessionHandle handle;

    InProcessServer(String serverId, Heartbeat heartbeat) {
      this.serverId = serverId;
      this.heartbeat = heartbeat;
    }

    void say(ClientMessage message) {
      handle.onText(CODEC.encode(message));
    }

    List<AssignJob> jobs() {
      return jobs;
    }

    List<String> jobMapIds() {
      return jobs.stream().map(AssignJob::mapId).toList();
    }

    @Override
    public String serverId() {
      return serverId;
    }

    @Override
    public String remoteAddress() {
      return "in-process";
    }

    @Override
    public void send(String frame) {
      if (CODEC.decodeHost(frame) instanceof AssignJob job) {
        jobs.add(job);
      }
    }

    @Override
    public void close(int code, String reason) {
      handle.onClose(code, reason);
    }
  }
}
