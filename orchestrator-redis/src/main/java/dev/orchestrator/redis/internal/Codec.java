package dev.orchestrator.redis.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.core.OrchestratorException;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.GameServer;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.PendingMove;
import dev.orchestrator.core.model.ServerMetrics;
import dev.orchestrator.core.model.ServerStatus;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.model.TaskRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns hashes (flat field/value lists as scripts return them) into model records and back. Field
 * names are short because they are repeated in every hash; nested values are JSON. A field that is
 * absent means {@code null}.
 */
final class Codec {
  private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};
  private static final TypeReference<List<String>> IDS = new TypeReference<>() {};

  private final ObjectMapper json = new ObjectMapper();

  String json(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new OrchestratorException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  <T> T parse(String text, Class<T> type) {
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw corrupt(type.getSimpleName(), text, e);
    }
  }

  private <T> T parse(String text, TypeReference<T> type) {
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw corrupt(type.getType().getTypeName(), text, e);
    }
  }

  Map<String, String> stringMap(String text) {
    return parse(text, LABELS);
  }

  static Map<String, String> fields(Object flat) {
    List<?> list = (List<?>) flat;
    Map<String, String> fields = new HashMap<>(list.size());
    for (int i = 0; i + 1 < list.size(); i += 2) {
      fields.put((String) list.get(i), (String) list.get(i + 1));
    }
    return fields;
  }

  GameMap map(Object flat) {
    Map<String, String> h = fields(flat);
    Lease lease = null;
    if (h.containsKey("job")) {
      lease =
          new Lease(
              h.get("job"),
              h.get("id"),
              h.get("srv"),
              Integer.parseInt(h.get("latt")),
              Long.parseLong(h.get("lround")),
              Micros.instant(h.get("lat")),
              Micros.instant(h.get("ldl")));
    }
    return new GameMap(
        h.get("id"),
        h.get("season"),
        Long.parseLong(h.get("roundId")),
        Long.parseLong(h.get("round")),
        time(h.get("next")),
        MapStatus.fromWire(h.get("status")),
        Integer.parseInt(h.get("prio")),
        parse(h.get("labels"), LABELS),
        h.get("config"),
        Integer.parseInt(h.get("attempt")),
        lease,
        time(h.get("lastProc")),
        h.get("lastErr"),
        Micros.instant(h.get("created")),
        Long.parseLong(h.get("ver")),
        h.containsKey("mvs")
            ? new PendingMove(
                h.get("mvs"), Long.parseLong(h.get("mvr")), Integer.parseInt(h.get("mva")))
            : null);
  }

  List<GameMap> maps(List<Object> flats) {
    List<GameMap> maps = new ArrayList<>(flats.size());
    for (Object flat : flats) {
      maps.add(map(flat));
    }
    return maps;
  }

  TaskRecord record(Object flat) {
    Map<String, String> h = fields(flat);
    return new TaskRecord(
        h.get("job"),
        h.get("map"),
        h.get("srv"),
        Long.parseLong(h.get("round")),
        Integer.parseInt(h.get("att")),
        Micros.instant(h.get("start")),
        Micros.instant(h.get("end")),
        TaskOutcome.valueOf(h.get("out").toUpperCase(Locale.ROOT)),
        h.get("err"));
  }

  List<String> serverFields(GameServer server) {
    List<String> out = new ArrayList<>(32);
    put(out, "id", server.serverId());
    put(out, "ip", server.serverIp());
    put(out, "status", server.status().wireName());
    put(out, "labels", json(server.labels()));
    put(out, "cap", Integer.toString(server.capacity()));
    put(out, "metrics", json(server.metrics()));
    put(out, "maps", json(server.currentMapIds()));
    put(out, "assigned", Long.toString(server.totalAssigned()));
    put(out, "completed", Long.toString(server.totalCompleted()));
    put(out, "failed", Long.toString(server.totalFailed()));
    put(out, "conn", timeText(server.connectedAt()));
    put(out, "disc", timeText(server.disconnectedAt()));
    put(out, "hb", timeText(server.lastHeartbeat()));
    put(out, "drain", server.draining() ? "1" : "0");
    put(out, "host", server.hostId());
    put(out, "ver", server.clientVersion());
    return out;
  }

  GameServer server(Object flat) {
    Map<String, String> h = fields(flat);
    return new GameServer(
        h.get("id"),
        h.get("ip"),
        ServerStatus.fromWire(h.get("status")),
        parse(h.get("labels"), LABELS),
        Integer.parseInt(h.get("cap")),
        parse(h.get("metrics"), ServerMetrics.class),
        parse(h.get("maps"), IDS),
        Long.parseLong(h.get("assigned")),
        Long.parseLong(h.get("completed")),
        Long.parseLong(h.get("failed")),
        time(h.get("conn")),
        time(h.get("disc")),
        time(h.get("hb")),
        "1".equals(h.get("drain")),
        h.get("host"),
        h.get("ver"));
  }

  /** An optional argument for a script: {@code -} for null, {@code +value} otherwise. */
  static String opt(String value) {
    return value == null ? "-" : "+" + value;
  }

  static String optTime(Instant time) {
    return time == null ? "-" : "+" + Micros.text(time);
  }

  private static void put(List<String> out, String field, String value) {
    if (value != null) {
      out.add(field);
      out.add(value);
    }
  }

  private static String timeText(Instant time) {
    return time == null ? null : Micros.text(time);
  }

  private static Instant time(String micros) {
    return micros == null ? null : Micros.instant(micros);
  }

  private static OrchestratorException corrupt(String type, String text, Exception cause) {
    return new OrchestratorException("stored " + type + " is not valid JSON: " + text, cause);
  }
}
