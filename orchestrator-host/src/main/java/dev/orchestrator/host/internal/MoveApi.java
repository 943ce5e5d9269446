package dev.orchestrator.host.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.core.MoveMode;
import dev.orchestrator.core.MoveReceipt;
import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.ServerNotConnectedException;
import dev.orchestrator.core.ServerNotFoundException;
import java.util.List;
import java.util.function.Supplier;

/** The operator-move endpoints: move one map, evacuate a server. */
final class MoveApi {
  private static final String TO_SERVER = "to_server";
  private final Orchestrator orchestrator;

  MoveApi(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  ApiResponse move(HttpCall call) {
    String mapId = call.pathParam(0);
    JsonFields body = call.body();
    String to = body.requiredText(TO_SERVER, false);
    MoveMode mode = mode(body);
    MoveReceipt receipt = aboutTarget(to, () -> orchestrator.moveMap(mapId, to, mode));
    ObjectNode node = Views.moveReceipt(receipt);
    orchestrator.findMap(mapId).ifPresent(map -> node.set("map", Views.map(map)));
    return ApiResponse.json(202, node);
  }

  ApiResponse evacuate(HttpCall call) {
    String serverId = call.pathParam(0);
    JsonFields body = call.body();
    String to = body.optionalText(TO_SERVER, false);
    MoveMode mode = mode(body);
    List<MoveReceipt> receipts =
        aboutTarget(to, () -> orchestrator.evacuate(serverId, to, mode));
    ObjectNode node = Views.MAPPER.createObjectNode()
        .put("server_id", serverId)
        .put(TO_SERVER, to)
        .put("mode", mode.wireName())
        .put("count", receipts.size());
    ArrayNode moves = node.putArray("moves");
    receipts.forEach(receipt -> moves.add(Views.moveReceipt(receipt)));
    return ApiResponse.json(202, node);
  }

  private static MoveMode mode(JsonFields body) {
    String mode = body.requiredText("mode", false);
    try {
      return MoveMode.fromWire(mode);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("mode", e.getMessage());
    }
  }

  /** Names {@code to_server} in the errors that concern the target rather than the path. */
  private static <T> T aboutTarget(String to, Supplier<T> call) {
    try {
      return call.get();
    } catch (ServerNotFoundException e) {
      if (!e.serverId().equals(to)) {
        throw e;
      }
      throw new ApiException(404, "server_not_found",
          "to_server '" + to + "' is not a known server", TO_SERVER);
    } catch (ServerNotConnectedException e) {
      if (!e.serverId().equals(to)) {
        throw e;
      }
      throw new ApiException(409, "server_not_connected",
          "to_server '" + to + "' is not connected", TO_SERVER);
    }
  }
}
