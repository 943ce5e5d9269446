package dev.orchestrator.core.internal;

import dev.orchestrator.core.OrchestratorSettings;
import dev.orchestrator.core.StoreUnavailableException;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.EventType;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.ServerStatus;
import dev.orchestrator.core.policy.AssignmentPolicy;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.ProtocolCodec;
import dev.orchestrator.core.spi.EngineScheduler;
import dev.orchestrator.core.spi.OrchestratorStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every part of the engine shares: its collaborators and the servers attached here. */
final class Engine {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  final OrchestratorStore store;
  final AssignmentPolicy policy;
  final Clock clock;
  final EngineScheduler scheduler;
  final OrchestratorSettings settings;
  final EventBus events;
  final IdGenerator ids;
  final ProtocolCodec codec = new ProtocolCodec();
  final ConcurrentHashMap<String, AttachedServer> servers = new ConcurrentHashMap<>();
  final Set<AttachedServer> available = ConcurrentHashMap.newKeySet();
  final Sessions sessions;
  final MessageHandler messages;
  final JobLifecycle jobs;
  final AssignmentLoop assignment;
  final Commands commands;
  final Moves moves;
  final HandOff handOff;

  Engine(
      OrchestratorStore store,
      AssignmentPolicy policy,
      Clock clock,
      EngineScheduler scheduler,
      OrchestratorSettings settings,
      EventBus events) {
    this.store = store;
    this.policy = policy;
    this.clock = clock;
    this.scheduler = scheduler;
    this.settings = settings;
    this.events = events;
    this.ids = new IdGenerator(settings.hostId());
    this.sessions = new Sessions(this);
    this.messages = new MessageHandler(this);
    this.jobs = new JobLifecycle(this);
    this.assignment = new AssignmentLoop(this);
    this.commands = new Commands(this);
    this.moves = new Moves(this);
    this.handOff = new HandOff(this);
  }

  Instant now() {
    return clock.instant();
  }

  AttachedServer serverFor(String serverId) {
    return servers.computeIfAbsent(serverId, id -> new AttachedServer(id, scheduler, available));
  }

  /**
   * Writes the server's registry entry; a store outage only delays it to the next change.
   * Called when a server connects, leaves, reports or changes status, and on heartbeats once
   * per {@code registryRefresh}, not on every lease: the entry's job counters catch up at the
   * next write, which keeps a job cycle at two store transactions (claim, complete) instead
   * of four.
   */
  void persist(AttachedServer server) {
    try {
      Instant at = now();
      store.saveServer(server.snapshot(settings.hostId()));
      server.written(at);
    } catch (StoreUnavailableException e) {
      log.warn("could not save server {}: {}", server.serverId, e.getMessage());
    }
  }

  /** Publishes a {@code server_status} event if the server's status changed. */
  void announceStatus(AttachedServer server) {
    ServerStatus changed = server.statusChange();
    if (changed != null) {
      events.serverEvent(
          EventType.SERVER_STATUS, server.serverId, Map.of("status", changed.wireName()));
    }
  }

  /** The {@code assign_job} frame for a leased map. */
  static AssignJob assignJob(GameMap map) {
    Lease lease = map.lease();
    return new AssignJob(
        lease.jobId(),
        map.mapId(),
        map.seasonId(),
        map.roundId(),
        map.currentRoundNumber(),
        lease.attempt(),
        lease.deadline(),
        map.mapConfig());
  }
}
