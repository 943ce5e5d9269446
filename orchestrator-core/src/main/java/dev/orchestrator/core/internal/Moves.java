package dev.orchestrator.core.internal;

import dev.orchestrator.core.MapNotFoundException;
import dev.orchestrator.core.MoveMode;
import dev.orchestrator.core.MoveReceipt;
import dev.orchestrator.core.MoveRejectedException;
import dev.orchestrator.core.MoveRejectedException.Reason;
import dev.orchestrator.core.ServerNotConnectedException;
import dev.orchestrator.core.ServerNotFoundException;
import dev.orchestrator.core.StoreUnavailableException;
import dev.orchestrator.core.model.EventType;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.GameServer;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.ServerStatus;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.spi.LeaseRelease;
import dev.orchestrator.core.spi.MapMove;
import dev.orchestrator.core.spi.MoveResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator moves: one map, or everything a server holds, to a chosen server or back to the
 * schedule. The store applies each move atomically, fenced by what was read; the target's host
 * (this one, or another reached through the store) then hands the new lease to the target.
 */
final class Moves {
  private static final Logger log = LoggerFactory.getLogger(Moves.class);
  private final Engine engine;

  Moves(Engine engine) {
    this.engine = engine;
  }

  MoveReceipt move(String mapId, String toServerId, MoveMode mode) {
    requireText("map_id", mapId);
    requireText("to_server", toServerId);
    requireMode(mode);
    GameMap map = engine.store.findMap(mapId).orElseThrow(() -> new MapNotFoundException(mapId));
    checkMovable(map, toServerId);
    checkTarget(toServerId);
    return apply(map, toServerId, mode);
  }

  List<MoveReceipt> evacuate(String serverId, String toServerId, MoveMode mode) {
    requireText("server_id", serverId);
    if (toServerId != null) {
      requireText("to_server", toServerId);
    }
    requireMode(mode);
    if (serverId.equals(toServerId)) {
      throw new MoveRejectedException(Reason.ALREADY_ON_TARGET, null, toServerId,
          "to_server '" + toServerId + "' is the server being evacuated");
    }
    boolean connected = isConnected(registered(serverId));
    if (toServerId != null) {
      checkTarget(toServerId);
    }
    if (connected) {
      drain(serverId);
    }
    List<Lease> held = new ArrayList<>(engine.store.leasesOf(serverId));
    held.sort(Comparator.comparing(Lease::mapId));
    List<MoveReceipt> receipts = new ArrayList<>(held.size());
    for (Lease lease : held) {
      receipts.add(evacuate(lease, toServerId, mode));
    }
    return receipts;
  }

  /**
   * Hands a lease a move granted to {@code server} over to it, if it is still live and the
   * server is attached here. Runs on the server's inbox, in order with its session's frames.
   */
  void adopt(AttachedServer server, String mapId, String jobId) {
    SessionChannel channel = server.channel();
    if (channel == null || server.leaseByJob(jobId) != null) {
      // Offline: its lease ends by the grace or deadline rules, or a new session resumes it.
      return;
    }
    Optional<GameMap> found;
    try {
      found = engine.store.findMap(mapId);
    } catch (StoreUnavailableException e) {
      log.warn("moved job {} of map {} not handed to {}: {}", jobId, mapId, server.serverId,
          e.getMessage());
      return;
    }
    if (found.isEmpty() || !jobId.equals(found.get().jobId())
        || !server.serverId.equals(found.get().lease().serverId())) {
      return;
    }
    GameMap map = found.get();
    server.addLease(map);
    engine.announceStatus(server);
    channel.send(Engine.assignJob(map));
    engine.events.publish(
        EventType.JOB_ASSIGNED, mapId, server.serverId, jobId, map.version(),
        Map.of("attempt", String.valueOf(map.lease().attempt()),
            "deadline", map.lease().deadline().toString(), "moved", "true"));
  }

  private MoveReceipt apply(GameMap map, String to, MoveMode mode) {
    MapMove move =
        mode == MoveMode.NOW
            ? MapMove.now(map, to, engine.ids.next('j'))
            : MapMove.afterRound(map, to);
    MoveResult result = engine.store.move(move, engine.now(), engine.settings.leaseTimeout());
    if (result.kind() == MoveResult.Kind.UNKNOWN_MAP) {
      throw new MapNotFoundException(map.mapId());
    }
    if (result.kind() == MoveResult.Kind.STALE) {
      throw new MoveRejectedException(Reason.MAP_CHANGED, map.mapId(), to,
          "map '" + map.mapId() + "' changed while it was being moved (now "
              + result.map().status().wireName() + "); nothing was moved, look again");
    }
    GameMap moved = result.map();
    String from = map.lease() == null ? null : map.lease().serverId();
    Lease revoked = result.revoked();
    if (revoked != null) {
      revoked(revoked, move.reason(), moved.version());
    }
    Map<String, String> details = new HashMap<>();
    details.put("mode", mode.wireName());
    details.put("to_server", to);
    if (from != null) {
      details.put("from_server", from);
    }
    engine.events.publish(
        EventType.MAP_MOVED, map.mapId(), to, moved.jobId(), moved.version(), details);
    if (mode == MoveMode.AFTER_ROUND) {
      // A queued map reserved now may be due already: the target's host should look.
      engine.store.signalMapsChanged();
      return new MoveReceipt(map.mapId(), mode, from, to, MoveReceipt.Outcome.PENDING, null,
          null);
    }
    engine.commands.handOver(to, map.mapId(), moved.jobId());
    return new MoveReceipt(map.mapId(), mode, from, to, MoveReceipt.Outcome.MOVED,
        revoked == null ? null : revoked.jobId(), moved.jobId());
  }

  private MoveReceipt evacuate(Lease lease, String to, MoveMode mode) {
    Optional<GameMap> map = engine.store.findMap(lease.mapId());
    if (map.isEmpty() || !lease.jobId().equals(map.get().jobId())) {
      return unchanged(lease, to, mode);
    }
    if (to != null) {
      try {
        return apply(map.get(), to, mode);
      } catch (MapNotFoundException e) {
        return unchanged(lease, to, mode);
      } catch (MoveRejectedException e) {
        if (e.reason() == Reason.MAP_CHANGED) {
          return unchanged(lease, to, mode);
        }
        throw e;
      }
    }
    if (mode == MoveMode.AFTER_ROUND) {
      return new MoveReceipt(lease.mapId(), mode, lease.serverId(), null,
          MoveReceipt.Outcome.PENDING, null, null);
    }
    return requeue(lease);
  }

  private MoveReceipt requeue(Lease lease) {
    Instant now = engine.now();
    String reason = "evacuated from server '" + lease.serverId() + "' by an operator";
    Optional<GameMap> released =
        engine.store.release(
            new LeaseRelease(lease.mapId(), lease.jobId(), TaskOutcome.REVOKED, reason, now), now);
    if (released.isEmpty()) {
      return unchanged(lease, null, MoveMode.NOW);
    }
    GameMap map = released.get();
    revoked(lease, reason, map.version());
    engine.events.publish(
        EventType.JOB_REQUEUED, lease.mapId(), lease.serverId(), lease.jobId(), map.version(),
        Map.of("next_round_time", now.toString(), "status", map.status().wireName()));
    engine.store.signalMapsChanged();
    return new MoveReceipt(lease.mapId(), MoveMode.NOW, lease.serverId(), null,
        MoveReceipt.Outcome.REQUEUED, lease.jobId(), null);
  }

  private static MoveReceipt unchanged(Lease lease, String to, MoveMode mode) {
    return new MoveReceipt(lease.mapId(), mode, lease.serverId(), to,
        MoveReceipt.Outcome.UNCHANGED, null, null);
  }

  /** The old holder forgets the lease and is told to stop the job, here or on its host. */
  private void revoked(Lease lease, String reason, long mapVersion) {
    AttachedServer holder = engine.servers.get(lease.serverId());
    if (holder != null && holder.removeLease(lease.jobId())) {
      engine.announceStatus(holder);
    }
    engine.commands.cancelJob(lease.serverId(), lease.jobId(), lease.mapId(), reason);
    engine.events.publish(
        EventType.JOB_REVOKED, lease.mapId(), lease.serverId(), lease.jobId(), mapVersion,
        Map.of("error", reason, "attempt", String.valueOf(lease.attempt())));
    engine.assignment.request();
  }

  private void drain(String serverId) {
    AttachedServer local = engine.servers.get(serverId);
    if (local != null && local.channel() != null) {
      // At once, not only when the command reaches its inbox: the leases revoked next must not
      // go straight back to it.
      local.setDraining(true);
    }
    try {
      engine.commands.send(serverId, Commands.DRAIN, "{}");
    } catch (ServerNotConnectedException e) {
      log.debug("{} left before it could be told to drain", serverId);
    }
  }

  private static void checkMovable(GameMap map, String to) {
    if (map.status() == MapStatus.ERROR || map.status() == MapStatus.COMPLETED) {
      throw new MoveRejectedException(Reason.MAP_NOT_MOVABLE, map.mapId(), to,
          "map '" + map.mapId() + "' is " + map.status().wireName()
              + "; retry it before moving it");
    }
    if (map.lease() != null && map.lease().serverId().equals(to)) {
      throw new MoveRejectedException(Reason.ALREADY_ON_TARGET, map.mapId(), to,
          "to_server '" + to + "' already holds map '" + map.mapId() + "'");
    }
  }

  /** Checks the target can take work now, from this host's view or the shared registry. */
  private void checkTarget(String to) {
    GameServer target = registered(to);
    if (!isConnected(target)) {
      throw new ServerNotConnectedException(to);
    }
    if (target.status() == ServerStatus.NOT_RESPONDING) {
      throw new MoveRejectedException(Reason.TARGET_NOT_RESPONDING, null, to,
          "to_server '" + to + "' is not responding");
    }
    if (target.draining()) {
      throw new MoveRejectedException(Reason.TARGET_DRAINING, null, to,
          "to_server '" + to + "' is draining and takes no new work");
    }
  }

  private GameServer registered(String serverId) {
    AttachedServer local = engine.servers.get(serverId);
    if (local != null && local.channel() != null) {
      return local.snapshot(engine.settings.hostId());
    }
    return engine.store.findServer(serverId)
        .orElseThrow(() -> new ServerNotFoundException(serverId));
  }

  private boolean isConnected(GameServer server) {
    AttachedServer local = engine.servers.get(server.serverId());
    if (local != null && local.channel() != null) {
      return true;
    }
    // A registry entry naming this host is stale: the server is not attached here.
    return server.hostId() != null
        && !server.hostId().equals(engine.settings.hostId())
        && server.status() != ServerStatus.OFFLINE
        && server.status() != ServerStatus.NOT_INITIALIZED;
  }

  private static void requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
  }

  private static void requireMode(MoveMode mode) {
    if (mode == null) {
      throw new IllegalArgumentException("mode is required: now or after_round");
    }
  }
}
