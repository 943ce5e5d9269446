package dev.orchestrator.core.engine;

import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.OrchestratorBuilder;
import dev.orchestrator.core.contract.ScriptedServer;
import dev.orchestrator.core.memory.InMemoryStore;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.model.OrchestratorEvent;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.Heartbeat;
import dev.orchestrator.core.protocol.Hello;
import dev.orchestrator.core.testing.ManualScheduler;
import dev.orchestrator.core.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * One orchestrator on virtual time: everything runs on the test's thread, timers fire only
 * when the test advances the clock.
 */
final class EngineHarness implements AutoCloseable {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  static final Duration HEARTBEAT = Duration.ofSeconds(5);

  final SettableClock clock = new SettableClock(T0);
  final ManualScheduler scheduler = new ManualScheduler(clock);
  final InMemoryStore store = new InMemoryStore();
  final List<OrchestratorEvent> events = new CopyOnWriteArrayList<>();
  final Orchestrator orchestrator;
  private final List<ScriptedServer> heartbeating = new CopyOnWriteArrayList<>();

  EngineHarness() {
    this(builder -> builder);
  }

  EngineHarness(UnaryOperator<OrchestratorBuilder> settings) {
    OrchestratorBuilder builder =
        Orchestrator.builder()
            .store(store)
            .clock(clock)
            .scheduler(scheduler)
            .hostId("test-host")
            .listener(events::add);
    orchestrator = settings.apply(builder).build();
    orchestrator.start();
  }

  ScriptedServer connect(String serverId) {
    ScriptedServer server = new ScriptedServer(serverId);
    server.connectedAs(orchestrator.attach(server));
    heartbeating.add(server);
    return server;
  }

  /** Stops heartbeating for {@code server}, as a hung process would. */
  void silence(ScriptedServer server) {
    heartbeating.remove(server);
  }

  ScriptedServer connectWithLabels(String serverId, Map<String, String> labels) {
    ScriptedServer server = connect(serverId);
    server.send(new Hello("10.0.0.1", 1, labels, "test"));
    return server;
  }

  GameMap createDueMap(String mapId) {
    return orchestrator.createMap(NewMap.of(mapId, "s1"));
  }

  GameMap map(String mapId) {
    return orchestrator.findMap(mapId).orElseThrow();
  }

  AssignJob lastJob(ScriptedServer server) {
    return server.last(AssignJob.class);
  }

  /**
   * Moves virtual time forward; every connected server that was not silenced or closed
   * heartbeats on each interval on the way, as real servers would.
   */
  void advance(Duration step) {
    Duration left = step;
    while (left.compareTo(HEARTBEAT) > 0) {
      scheduler.advance(HEARTBEAT);
      heartbeat();
      left = left.minus(HEARTBEAT);
    }
    scheduler.advance(left);
    heartbeat();
  }

  private void heartbeat() {
    for (ScriptedServer server : heartbeating) {
      if (server.closeCode() == 0) {
        server.send(new Heartbeat(null, null, null, null));
      }
    }
  }

  @Override
  public void close() {
    orchestrator.close();
  }
}
