package dev.orchestrator.core.internal;

import dev.orchestrator.core.ServerSession;
import dev.orchestrator.core.SessionHandle;
import dev.orchestrator.core.StoreUnavailableException;
import dev.orchestrator.core.model.EventType;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.GameServer;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.ServerStatus;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.ProtocolCodec;
import dev.orchestrator.core.protocol.Welcome;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opening, replacing and closing sessions, and the reconnect grace. */
final class Sessions {
  private static final Logger log = LoggerFactory.getLogger(Sessions.class);
  private static final int CLOSE_INTERNAL_ERROR = 1011;
  private final Engine engine;

  Sessions(Engine engine) {
    this.engine = engine;
  }

  SessionHandle attach(ServerSession session) {
    AttachedServer server = engine.serverFor(session.serverId());
    SessionChannel channel = new SessionChannel(engine, server, session, engine.ids.next('s'));
    server.inbox.execute(() -> opened(channel));
    return channel;
  }

  private void opened(SessionChannel channel) {
    AttachedServer server = channel.server;
    List<Lease> held;
    try {
      server.loadOnce(engine.store.findServer(server.serverId).orElse(null));
      held = engine.store.leasesOf(server.serverId);
    } catch (StoreUnavailableException e) {
      log.warn("refusing session of {}: {}", server.serverId, e.getMessage());
      channel.close(CLOSE_INTERNAL_ERROR, "store unavailable, reconnect later");
      return;
    }
    SessionChannel previous = server.attach(channel, engine.now());
    if (previous != null) {
      previous.close(SessionChannel.CLOSE_REPLACED, "replaced by a new session");
    }
    if (engine.handOff.isActive()) {
      // Before the welcome makes it available, so no pass hands it a job it would leave with.
      server.setDraining(true);
    }
    server.adoptLeases(held);
    sendWelcome(channel, server.leases());
    server.markWelcomed();
    engine.announceStatus(server);
    engine.persist(server);
    engine.events.serverEvent(
        EventType.SERVER_CONNECTED,
        server.serverId,
        Map.of("session_id", channel.sessionId, "resumed_jobs", String.valueOf(held.size())));
    engine.handOff.opened(server);
    engine.assignment.request();
  }

  private void sendWelcome(SessionChannel channel, List<Lease> leases) {
    AssignJob current = null;
    for (Lease lease : leases) {
      Optional<GameMap> map = engine.store.findMap(lease.mapId());
      if (map.isEmpty() || !lease.jobId().equals(map.get().jobId())) {
        channel.server.removeLease(lease.jobId());
        continue;
      }
      AssignJob job = Engine.assignJob(map.get());
      if (current == null) {
        current = job;
        channel.send(
            new Welcome(
                ProtocolCodec.PROTOCOL_VERSION,
                channel.server.serverId,
                channel.sessionId,
                heartbeatSeconds(),
                job));
      } else {
        channel.send(job);
      }
    }
    if (current == null) {
      channel.send(
          new Welcome(
              ProtocolCodec.PROTOCOL_VERSION,
              channel.server.serverId,
              channel.sessionId,
              heartbeatSeconds(),
              null));
    }
  }

  private long heartbeatSeconds() {
    return Math.max(1, engine.settings.heartbeatInterval().toSeconds());
  }

  void closed(SessionChannel channel, int code) {
    AttachedServer server = channel.server;
    if (!server.detach(channel, engine.now())) {
      return;
    }
    persistDeparture(server);
    engine.events.serverEvent(
        EventType.SERVER_DISCONNECTED, server.serverId, Map.of("code", String.valueOf(code)));
    engine.announceStatus(server);
    startGraceIfDetached(server);
  }

  /**
   * Gives a detached server that still holds leases its reconnect grace. Also called when an
   * assignment pass leased to a server whose session closed meanwhile.
   */
  void startGraceIfDetached(AttachedServer server) {
    if (server.channel() != null || server.activeJobs() == 0) {
      return;
    }
    if (engine.handOff.isActive() && server.leaveReason() == null) {
      // This host sent it elsewhere, where it resumes its leases; ending them here could
      // restart a job that is running there. One that never returns expires at its deadline.
      return;
    }
    // A lease handed out while the server was saying disconnect needs no grace either.
    Duration grace =
        server.leaveReason() != null ? Duration.ZERO : engine.settings.reconnectGrace();
    if (grace.isZero()) {
      graceExpired(server);
      return;
    }
    server.startGrace(
        engine.scheduler.schedule(grace, () -> server.inbox.execute(() -> graceExpired(server))));
  }

  private void graceExpired(AttachedServer server) {
    if (server.channel() != null) {
      return;
    }
    Optional<GameServer> registered = engine.store.findServer(server.serverId);
    if (registered.isPresent() && isAttachedElsewhere(registered.get())) {
      // It came back through another host, which adopted its leases.
      server.leases().forEach(lease -> server.removeLease(lease.jobId()));
      return;
    }
    Map<String, Lease> held = new LinkedHashMap<>();
    server.leases().forEach(lease -> held.put(lease.jobId(), lease));
    engine.store.leasesOf(server.serverId).forEach(lease -> held.putIfAbsent(lease.jobId(), lease));
    String reason = server.leaveReason();
    String error =
        reason != null
            ? "server left: " + reason
            : "server disconnected and did not return within the reconnect grace";
    for (Lease lease : held.values()) {
      engine.jobs.endLease(lease, TaskOutcome.FAILED, error, true, true);
    }
  }

  /**
   * Saves the entry of a server whose session here ended, unless another host already has it:
   * a server sent elsewhere may attach there before this host handles the close, and a late
   * offline entry from here would hide it (and its leases) from everyone.
   */
  private void persistDeparture(AttachedServer server) {
    try {
      Optional<GameServer> registered = engine.store.findServer(server.serverId);
      if (registered.isPresent() && isAttachedElsewhere(registered.get())) {
        return;
      }
    } catch (StoreUnavailableException e) {
      log.warn("could not read server {}: {}", server.serverId, e.getMessage());
      return;
    }
    engine.persist(server);
  }

  private boolean isAttachedElsewhere(GameServer registered) {
    return registered.hostId() != null
        && !registered.hostId().equals(engine.settings.hostId())
        && registered.status() != ServerStatus.OFFLINE;
  }

  /** Closes every session with 1001, after the frames each has queued are handled. */
  void closeAll(Duration timeout) {
    List<AttachedServer> attached = List.copyOf(engine.servers.values());
    CountDownLatch done = new CountDownLatch(attached.size());
    for (AttachedServer server : attached) {
      server.inbox.execute(
          () -> {
            try {
              SessionChannel channel = server.channel();
              if (channel != null) {
                channel.close(SessionChannel.CLOSE_GOING_AWAY, "host shutting down");
                server.detach(channel, engine.now());
                persistDeparture(server);
              }
            } finally {
              done.countDown();
            }
          });
    }
    try {
      if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("{} sessions still busy at shutdown", done.getCount());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
