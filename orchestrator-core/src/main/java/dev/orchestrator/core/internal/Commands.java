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
 * a lease that ended elsewhere.
 */
final class Commands {
  static final String DRAIN = "drain";
  static final String CANCEL_JOB = "cancel_job";
  private final Engine engine;
  private final ObjectMapper json = new ObjectMapper();

  Commands(Engine engine) {
    this.engine = engine;
  }

  CommandDelivery send(String serverId, String action, String paramsJson) {
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

  /** A command routed through the store; only the host that knows the server acts on it. */
  void routed(String serverId, ServerCommand command) {
    AttachedServer local = engine.servers.get(serverId);
    if (local != null) {
      local.inbox.execute(() -> deliver(local, command));
    }
  }

  private void deliver(AttachedServer server, ServerCommand command) {
    if (DRAIN.equals(command.action())) {
      server.setDraining(true);
      engine.persist(server);
    } else if (CANCEL_JOB.equals(command.action())) {
      String jobId = jobIdOf(command);
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

  private String jobIdOf(ServerCommand command) {
    try {
      JsonNode jobId = json.readTree(command.params()).get("job_id");
      return jobId == null ? null : jobId.asText();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
  }
}
