package dev.orchestrator.core.internal;

import dev.orchestrator.core.CommandDelivery;
import dev.orchestrator.core.EventListener;
import dev.orchestrator.core.MoveMode;
import dev.orchestrator.core.MoveReceipt;
import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.OrchestratorSettings;
import dev.orchestrator.core.QueueSnapshot;
import dev.orchestrator.core.ResultOutcome;
import dev.orchestrator.core.ServerSession;
import dev.orchestrator.core.SessionHandle;
import dev.orchestrator.core.model.EventType;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.GameServer;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.model.ServerCommand;
import dev.orchestrator.core.model.ServerStatus;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.policy.AssignmentPolicy;
import dev.orchestrator.core.spi.EngineScheduler;
import dev.orchestrator.core.spi.MapPage;
import dev.orchestrator.core.spi.MapQuery;
import dev.orchestrator.core.spi.OrchestratorStore;
import dev.orchestrator.core.spi.QueueStats;
import dev.orchestrator.core.spi.StoreListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@link Orchestrator} behind the builder: admin calls, start and stop. */
public final class DefaultOrchestrator implements Orchestrator {
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);

  private final Engine engine;
  private final Sweeper sweeper;
  private final boolean ownsScheduler;
  private OrchestratorStore.Subscription subscription;
  private volatile boolean running;
  private volatile boolean closed;

  public DefaultOrchestrator(
      OrchestratorStore store,
      AssignmentPolicy policy,
      Clock clock,
      EngineScheduler scheduler,
      boolean ownsScheduler,
      List<EventListener> listeners,
      OrchestratorSettings settings) {
    this.engine =
        new Engine(store, policy, clock, scheduler, settings, new EventBus(clock, listeners));
    this.sweeper = new Sweeper(engine);
    this.ownsScheduler = ownsScheduler;
  }

  @Override
  public synchronized void start() {
    if (running || closed) {
      return;
    }
    running = true;
    subscription =
        engine.store.subscribe(
            new StoreListener() {
              @Override
              public void mapsChanged() {
                engine.assignment.recheck();
              }

              @Override
              public void commandRouted(String serverId, ServerCommand command) {
                engine.commands.routed(serverId, command);
              }
            });
    sweeper.start();
    engine.assignment.request();
  }

  @Override
  public SessionHandle attach(ServerSession session) {
    if (!running) {
      throw new IllegalStateException("orchestrator is not running; call start() first");
    }
    return engine.sessions.attach(session);
  }

  @Override
  public GameMap createMap(NewMap map) {
    GameMap created = engine.store.createMap(map, engine.now());
    engine.events.publish(
        EventType.MAP_CREATED, created.mapId(), null, null, created.version(),
        Map.of("status", created.status().wireName(),
            "next_round_time", created.nextRoundTime().toString()));
    scheduled(created.nextRoundTime());
    return created;
  }

  @Override
  public Optional<GameMap> findMap(String mapId) {
    return engine.store.findMap(mapId);
  }

  @Override
  public MapPage listMaps(MapQuery query) {
    return engine.store.listMaps(query);
  }

  @Override
  public boolean deleteMap(String mapId) {
    Optional<GameMap> deleted = engine.store.deleteMap(mapId, engine.now());
    deleted.ifPresent(
        map -> {
          if (map.lease() != null) {
            engine.commands.cancelJob(
                map.lease().serverId(), map.lease().jobId(), mapId, "map deleted");
          }
          engine.events.publish(
              EventType.MAP_DELETED, mapId, null, map.jobId(), map.version() + 1, Map.of());
        });
    return deleted.isPresent();
  }

  @Override
  public GameMap retryMap(String mapId) {
    GameMap retried = engine.store.retry(mapId, engine.now());
    engine.events.publish(
        EventType.MAP_RETRIED, mapId, null, null, retried.version(),
        Map.of("status", retried.status().wireName()));
    scheduled(retried.nextRoundTime());
    return retried;
  }

  private void scheduled(Instant due) {
    // The signal reaches this host's own subscription too, which requests the pass.
    if (due.isAfter(engine.now())) {
      engine.assignment.wakeAt(due);
    }
    engine.store.signalMapsChanged();
  }

  @Override
  public MoveReceipt moveMap(String mapId, String toServerId, MoveMode mode) {
    return engine.moves.move(mapId, toServerId, mode);
  }

  @Override
  public List<MoveReceipt> evacuate(String serverId, String toServerId, MoveMode mode) {
    return engine.moves.evacuate(serverId, toServerId, mode);
  }

  @Override
  public List<TaskRecord> history(String mapId, int limit) {
    return engine.store.history(mapId, limit);
  }

  @Override
  public ResultOutcome submitResult(
      String mapId, String serverId, String jobId, Instant nextRoundTime) {
    String tooFar = NextRoundLimit.problem(nextRoundTime, engine.now());
    if (tooFar != null) {
      throw new IllegalArgumentException(tooFar);
    }
    return engine.jobs.complete(
        engine.servers.get(serverId), serverId, mapId, jobId, nextRoundTime);
  }

  @Override
  public Optional<GameServer> findServer(String serverId) {
    AttachedServer local = engine.servers.get(serverId);
    if (local != null && local.channel() != null) {
      return Optional.of(local.snapshot(engine.settings.hostId()));
    }
    return engine.store.findServer(serverId);
  }

  @Override
  public List<GameServer> listServers(ServerStatus status) {
    List<GameServer> result = new ArrayList<>();
    for (GameServer stored : engine.store.listServers(null)) {
      GameServer server = findServer(stored.serverId()).orElse(stored);
      if (status == null || server.status() == status) {
        result.add(server);
      }
    }
    return result;
  }

  @Override
  public CommandDelivery sendCommand(String serverId, String action, String paramsJson) {
    return engine.commands.send(serverId, action, paramsJson);
  }

  @Override
  public CommandDelivery drain(String serverId) {
    return engine.commands.send(serverId, Commands.DRAIN, "{}");
  }

  @Override
  public int handOffSessions(String reconnectUrl) {
    return engine.handOff.start(reconnectUrl);
  }

  @Override
  public int attachedSessions() {
    int attached = 0;
    for (AttachedServer server : engine.servers.values()) {
      if (server.channel() != null) {
        attached++;
      }
    }
    return attached;
  }

  @Override
  public QueueSnapshot queue() {
    Instant now = engine.now();
    QueueStats stats = engine.store.queueStats(now);
    Duration oldestAge =
        stats.oldestDue() == null ? Duration.ZERO : Duration.between(stats.oldestDue(), now);
    Map<String, Integer> load = new HashMap<>();
    for (AttachedServer server : engine.servers.values()) {
      if (server.channel() != null) {
        load.put(server.serverId, server.activeJobs());
      }
    }
    return new QueueSnapshot(stats, oldestAge, load, engine.assignment.waitingMapIds());
  }

  @Override
  public AutoCloseable subscribe(EventListener listener) {
    return engine.events.subscribe(listener);
  }

  @Override
  public boolean isReady() {
    return running && !closed && engine.store.isReachable();
  }

  @Override
  public OrchestratorSettings settings() {
    return engine.settings;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    sweeper.stop();
    if (subscription != null) {
      subscription.close();
    }
    engine.sessions.closeAll(SHUTDOWN_WAIT);
    running = false;
    if (ownsScheduler) {
      engine.scheduler.close();
    }
  }
}
