package dev.orchestrator.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.core.CommandDelivery;
import dev.orchestrator.core.ServerNotConnectedException;
import dev.orchestrator.core.ServerNotFoundException;
import dev.orchestrator.core.model.EventType;
import dev.orchestrator.core.model.GameServer;
import dev.orchestrator.core.model.ServerCommand;
import dev.orchestrator.core.model.ServerStatus;
import dev.orchestrator.core.protocol.Command;
import java.util.Map;
import java.util.Optional;

/**
 * Commands to servers, here or routed through the store to the host that has them. Two
 * actions also change this host's view: {@code drain} stops new work, {@code cancel_job} drops
 * a lease that ended elsewhere. One internal action, {@value #ADOPT_JOB}, is never sent to a
 * server: it tells the target's host to hand over a lease an operator's move granted.
 */
final class Commands {
  static final String DRAIN = "drain";
  static final String CANCEL_JOB = "cancel_job";
  static final String ADOPT_JOB = "orchestrator:adopt_job";
  private static final String RESERVED_PREFIX = "orchestrator:";
  private final Engine engine;
  private final ObjectMapper json = new ObjectMapper();

  Commands(Engine engine) {
    this.engine = engine;
  }

  CommandDelivery send(String serverId, String action, String paramsJson) {
    if (action != null && action.startsWith(RESERVED_PREFIX)) {
      throw new IllegalArgumentException(
          "action '" + action + "' is reserved: actions starting with '" + RESERVED_PREFIX
              + "' are the orchestrator's own");
    }
    ServerCommand command = new ServerCommand(engine.ids.next('c'), action, paramsJson);
    AttachedServer local = engine.servers.get(serverId);
    if (local != null && local.channel() != null) {
      local.inbox.execute(() -> deliver(local, command));
      return CommandDelivery.DELIVERED;
    }
    Optional<GameServer> registered = engine.store.findServer(serverId);
    if (registered.isEmpty()) {
      throw new ServerNotFoundException(serverId);
    }
    ServerStatus status = registered.get().status();
    if (status == ServerStatus.OFFLINE || status == ServerStatus.NOT_INITIALIZED) {
      throw new ServerNotConnectedException(serverId);
    }
    engine.store.routeCommand(serverId, command);
    return CommandDelivery.ROUTED;
  }

  /**
   * Sends a command to a server only if it is attached here: never routed, since a server that
   * left this host may already be live on another.
   */
  void sendHere(AttachedServer server, String action, String paramsJson) {
    ServerCommand command = new ServerCommand(engine.ids.next('c'), action, paramsJson);
    server.inbox.execute(() -> deliver(server, command));
  }

  /** Tells the holder of a lease that ended without it that the job is off. */
  void cancelJob(String serverId, String jobId, String mapId, String reason) {
    ObjectNode params = json.createObjectNode();
    params.put("job_id", jobId);
    params.put("map_id", mapId);
    params.put("reason", reason);
    ServerCommand command = new ServerCommand(engine.ids.next('c'), CANCEL_JOB, params.toString());
    AttachedServer local = engine.servers.get(serverId);
    if (local != null) {
      local.inbox.execute(() -> deliver(local, command));
    } else {
      engine.store.routeCommand(serverId, command);
    }
  }

  /** Has the host of {@code serverId} hand it the lease {@code jobId} that a move granted. */
  void handOver(String serverId, String mapId, String jobId) {
    AttachedServer local = engine.servers.get(serverId);
    if (local != null && local.channel() != null) {
      local.inbox.execute(() -> engine.moves.adopt(local, mapId, jobId));
      return;
    }
    ObjectNode params = json.createObjectNode();
    params.put("job_id", jobId);
    params.put("map_id", mapId);
    engine.store.routeCommand(
        serverId, new ServerCommand(engine.ids.next('c'), ADOPT_JOB, params.toString()));
  }

  /** A command routed through the store; only the host that knows the server acts on it. */
  void routed(String serverId, ServerCommand command) {
    AttachedServer local = engine.servers.get(serverId);
    if (local != null) {
      local.inbox.execute(() -> deliver(local, command));
    }
  }

  private void deliver(AttachedServer server, ServerCommand command) {
    if (ADOPT_JOB.equals(command.action())) {
      String mapId = textOf(command, "map_id");
      String jobId = textOf(command, "job_id");
      if (mapId != null && jobId != null) {
        engine.moves.adopt(server, mapId, jobId);
      }
      return;
    }
    if (DRAIN.equals(command.action())) {
      server.setDraining(true);
      engine.persist(server);
    } else if (CANCEL_JOB.equals(command.action())) {
      String jobId = textOf(command, "job_id");
      if (jobId != null && server.removeLease(jobId)) {
        engine.announceStatus(server);
        engine.assignment.request();
      }
    }
    SessionChannel channel = server.channel();
    if (channel == null) {
      return;
    }
    channel.send(new Command(command.commandId(), command.action(), command.params()));
    engine.events.serverEvent(
        EventType.COMMAND_SENT,
        server.serverId,
        Map.of("command_id", command.commandId(), "action", command.action()));
  }

  private String textOf(ServerCommand command, String field) {
    try {
      JsonNode value = json.readTree(command.params()).get(field);
      return value == null ? null : value.asText();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
  }
}
