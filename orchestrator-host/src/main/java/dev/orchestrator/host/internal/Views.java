package dev.orchestrator.host.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.core.MoveReceipt;
import dev.orchestrator.core.QueueSnapshot;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.GameServer;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.ServerMetrics;
import dev.orchestrator.core.model.TaskRecord;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** The admin API's JSON shapes of maps, servers, history and the queue. */
final class Views {
  /**
   * Keeps numbers in map_config exactly as written (BigDecimal, trailing zeros kept), refuses
   * duplicate keys and absurd nesting, like the protocol codec does for frames.
   */
  static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private Views() {}

  static ObjectNode map(GameMap map) {
    ObjectNode node = MAPPER.createObjectNode()
        .put("map_id", map.mapId())
        .put("season_id", map.seasonId())
        .put("round_id", map.roundId())
        .put("current_round_number", map.currentRoundNumber())
        .put("next_round_time", time(map.nextRoundTime()))
        .put("status", map.status().wireName())
        .put("last_processed", time(map.lastProcessed()))
        .put("processing_server_id", map.lease() == null ? null : map.lease().serverId())
        .put("attempt", map.attempt())
        .put("job_id", map.jobId())
        .put("lease_deadline", map.lease() == null ? null : time(map.lease().deadline()))
        .put("version", map.version())
        .put("priority", map.priority())
        .put("last_error", map.lastError())
        .put("created_at", time(map.createdAt()));
    node.set("labels", MAPPER.valueToTree(new TreeMap<>(map.labels())));
    node.set("map_config", parse(map.mapConfig()));
    String moveTarget = map.pendingMoveTarget();
    if (moveTarget == null) {
      node.putNull("pending_move");
    } else {
      node.putObject("pending_move")
          .put("to_server", moveTarget)
          .put("round", map.pendingMove().round());
    }
    return node;
  }

  static ObjectNode moveReceipt(MoveReceipt receipt) {
    return MAPPER.createObjectNode()
        .put("map_id", receipt.mapId())
        .put("mode", receipt.mode().wireName())
        .put("from_server", receipt.fromServerId())
        .put("to_server", receipt.toServerId())
        .put("outcome", receipt.outcome().wireName())
        .put("revoked_job_id", receipt.revokedJobId())
        .put("job_id", receipt.jobId());
  }

  static ObjectNode server(GameServer server) {
    ServerMetrics m = server.metrics();
    ObjectNode node = MAPPER.createObjectNode()
        .put("server_id", server.serverId())
        .put("server_ip", server.serverIp())
        .put("status", server.status().wireName())
        .put("last_heartbeat", time(server.lastHeartbeat()))
        .put("cpu_usage", m.cpuUsage())
        .put("ram_usage", m.ramUsage())
        .put("disk_usage", m.diskUsage())
        .put("idle_cpu_usage", m.idleCpuUsage())
        .put("idle_ram_usage", m.idleRamUsage())
        .put("max_cpu_usage", m.maxCpuUsage())
        .put("max_ram_usage", m.maxRamUsage())
        .put("current_task", server.currentMapIds().isEmpty() ? null
            : server.currentMapIds().get(0))
        .put("total_assigned_map", server.totalAssigned())
        .put("total_completed_map", server.totalCompleted())
        .put("total_failed_map", server.totalFailed())
        .put("connected_at", time(server.connectedAt()))
        .put("disconnected_at", time(server.disconnectedAt()))
        .put("capacity", server.capacity())
        .put("draining", server.draining())
        .put("host_id", server.hostId())
        .put("version", server.clientVersion());
    node.set("current_tasks", MAPPER.valueToTree(server.currentMapIds()));
    node.set("metrics", MAPPER.valueToTree(new TreeMap<>(m.custom())));
    node.set("labels", MAPPER.valueToTree(new TreeMap<>(server.labels())));
    return node;
  }

  static ObjectNode task(TaskRecord record) {
    return MAPPER.createObjectNode()
        .put("job_id", record.jobId())
        .put("map_id", record.mapId())
        .put("server_id", record.serverId())
        .put("round_number", record.roundNumber())
        .put("attempt", record.attempt())
        .put("started_at", time(record.startedAt()))
        .put("ended_at", time(record.endedAt()))
        .put("duration_s", record.duration().toMillis() / 1000.0)
        .put("outcome", record.outcome().wireName())
        .put("error", record.error());
  }

  static ObjectNode queue(QueueSnapshot queue) {
    ObjectNode byStatus = MAPPER.createObjectNode();
    for (MapStatus status : MapStatus.values()) {
      byStatus.put(status.wireName(), queue.stats().byStatus().getOrDefault(status, 0L));
    }
    ObjectNode node = MAPPER.createObjectNode();
    node.set("by_status", byStatus);
    node.put("due_now", queue.stats().dueNow())
        .put("oldest_due_age_s", queue.oldestDueAge().toMillis() / 1000.0)
        .put("leased", queue.stats().leased());
    Map<String, Integer> load = new TreeMap<>(queue.serverLoad());
    node.set("server_load", MAPPER.valueToTree(load));
    node.set("waiting_maps", MAPPER.valueToTree(new java.util.TreeSet<>(queue.waitingMapIds())));
    return node;
  }

  static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("map_config was validated as a JSON object", e);
    }
  }
}
