package dev.orchestrator.host.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.core.CommandDelivery;
import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.model.GameServer;
import dev.orchestrator.core.model.ServerStatus;
import java.util.List;
import java.util.Locale;

/** The server, command and queue endpoints of the admin API. */
final class FleetApi {
  private final Orchestrator orchestrator;

  FleetApi(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  ApiResponse list(HttpCall call) {
    String status = call.query("status");
    ServerStatus parsed = null;
    if (status != null) {
      try {
        parsed = ServerStatus.fromWire(status);
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid("status", e.getMessage());
      }
    }
    List<GameServer> servers = orchestrator.listServers(parsed);
    ObjectNode node = Views.MAPPER.createObjectNode().put("count", servers.size());
    ArrayNode array = node.putArray("servers");
    servers.forEach(server -> array.add(Views.server(server)));
    return ApiResponse.json(200, node);
  }

  ApiResponse get(HttpCall call) {
    String serverId = call.pathParam(0);
    return ApiResponse.json(200, Views.server(orchestrator.findServer(serverId).orElseThrow(
        () -> ApiException.notFound("server_not_found",
            "server '" + serverId + "' is not registered"))));
  }

  ApiResponse drain(HttpCall call) {
    String serverId = call.pathParam(0);
    CommandDelivery delivery = orchestrator.drain(serverId);
    return ApiResponse.json(202, Views.MAPPER.createObjectNode()
        .put("server_id", serverId)
        .put("draining", true)
        .put("delivery", delivery.name().toLowerCase(Locale.ROOT)));
  }

  ApiResponse command(HttpCall call) {
    JsonFields body = call.body();
    String serverId = body.requiredText("server_id", false);
    String action = body.requiredText("action", false);
    String params = body.optionalObject("params");
    CommandDelivery delivery = orchestrator.sendCommand(serverId, action, params);
    return ApiResponse.json(202, Views.MAPPER.createObjectNode()
        .put("server_id", serverId)
        .put("action", action)
        .put("delivery", delivery.name().toLowerCase(Locale.ROOT)));
  }

  ApiResponse queue(HttpCall call) {
    return ApiResponse.json(200, Views.queue(orchestrator.queue()));
  }
}
