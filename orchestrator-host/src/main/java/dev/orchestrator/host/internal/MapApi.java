package dev.orchestrator.host.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.ResultOutcome;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.spi.MapPage;
import dev.orchestrator.core.spi.MapQuery;
import java.time.Instant;
import java.util.List;

/** The map endpoints of the admin API, and the seed's result call. */
final class MapApi {
  private final Orchestrator orchestrator;
  private final HostMetrics metrics;

  MapApi(Orchestrator orchestrator, HostMetrics metrics) {
    this.orchestrator = orchestrator;
    this.metrics = metrics;
  }

  ApiResponse create(HttpCall call) {
    JsonFields body = call.body();
    NewMap spec = new NewMap(
        body.requiredText("map_id", false),
        body.requiredText("season_id", true),
        body.optionalLong("round_id", 0, 0),
        body.optionalLong("current_round_number", 0, 0),
        body.optionalInstant("next_round_time"),
        body.optionalInt("priority", 0),
        body.optionalLabels("labels"),
        body.optionalObject("map_config"));
    return ApiResponse.json(201, Views.map(orchestrator.createMap(spec)));
  }

  ApiResponse get(HttpCall call) {
    String mapId = call.pathParam(0);
    return ApiResponse.json(200, Views.map(orchestrator.findMap(mapId)
        .orElseThrow(() -> unknownMap(mapId))));
  }

  ApiResponse list(HttpCall call) {
    String status = call.query("status");
    MapStatus parsed = null;
    if (status != null) {
      try {
        parsed = MapStatus.fromWire(status);
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid("status", e.getMessage());
      }
    }
    int limit = call.queryInt("limit", 100, 1, MapQuery.MAX_LIMIT);
    MapPage page = orchestrator.listMaps(
        new MapQuery(parsed, call.query("season_id"), call.query("cursor"), limit));
    ObjectNode node = Views.MAPPER.createObjectNode();
    ArrayNode maps = node.putArray("maps");
    page.maps().forEach(map -> maps.add(Views.map(map)));
    node.put("count", page.maps().size()).put("next_cursor", page.nextCursor());
    return ApiResponse.json(200, node);
  }

  ApiResponse delete(HttpCall call) {
    String mapId = call.pathParam(0);
    if (!orchestrator.deleteMap(mapId)) {
      throw unknownMap(mapId);
    }
    return ApiResponse.json(200,
        Views.MAPPER.createObjectNode().put("map_id", mapId).put("deleted", true));
  }

  ApiResponse retry(HttpCall call) {
    return ApiResponse.json(200, Views.map(orchestrator.retryMap(call.pathParam(0))));
  }

  ApiResponse history(HttpCall call) {
    String mapId = call.pathParam(0);
    int limit = call.queryInt("limit", 50, 1, 1000);
    List<TaskRecord> records = orchestrator.history(mapId, limit);
    if (records.isEmpty() && orchestrator.findMap(mapId).isEmpty()) {
      throw unknownMap(mapId);
    }
    ObjectNode node = Views.MAPPER.createObjectNode().put("map_id", mapId);
    ArrayNode history = node.putArray("history");
    records.forEach(record -> history.add(Views.task(record)));
    return ApiResponse.json(200, node);
  }

  ApiResponse result(HttpCall call) {
    JsonFields body = call.body();
    String mapId = body.requiredText("map_id", false);
    String serverId = body.requiredText("server_id", false);
    String jobId = body.optionalText("job_id", false);
    Instant next = body.optionalInstant("next_round_time");
    ResultOutcome outcome = orchestrator.submitResult(mapId, serverId, jobId, next);
    return switch (outcome) {
      case APPLIED, DUPLICATE -> {
        ObjectNode node = Views.MAPPER.createObjectNode()
            .put("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT));
        orchestrator.findMap(mapId).ifPresent(map -> node.set("map", Views.map(map)));
        yield ApiResponse.json(200, node);
      }
      case STALE -> {
        metrics.staleApiResult();
        throw new ApiException(409, "stale_job", "the result does not match the current lease of map '"
            + mapId + "' for server '" + serverId + "'; nothing changed", null);
      }
      case UNKNOWN_MAP -> throw unknownMap(mapId);
    };
  }

  private static ApiException unknownMap(String mapId) {
    return ApiException.notFound("map_not_found", "map '" + mapId + "' does not exist");
  }
}
