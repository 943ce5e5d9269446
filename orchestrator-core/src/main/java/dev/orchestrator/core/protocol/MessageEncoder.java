package dev.orchestrator.core.protocol;

import java.time.Instant;
import java.util.Map;

/**
 * Writes message records as compact JSON with {@code "type"} first. Client messages leave out
 * absent optional fields, as the seed clients do; host messages write their nullable fields as
 * explicit nulls so clients can tell "none" from "not sent by an older host".
 */
final class MessageEncoder {
  private MessageEncoder() {}

  static String encode(Message message) {
    JsonText g = new JsonText().startObject().string("type", message.type());
    if (message instanceof ClientMessage client) {
      writeClient(g, client);
    } else {
      writeHost(g, (HostMessage) message);
    }
    return g.endObject().toString();
  }

  private static void writeClient(JsonText g, ClientMessage message) {
    if (message instanceof Hello m) {
      writeOmittingNull(g, "server_ip", m.serverIp());
      g.number("capacity", m.capacity());
      g.startObject("labels");
      for (Map.Entry<String, String> label : m.labels().entrySet()) {
        g.string(label.getKey(), label.getValue());
      }
      g.endObject();
      writeOmittingNull(g, "version", m.version());
    } else if (message instanceof Heartbeat m) {
      writeOmittingNull(g, "cpu_usage", m.cpuUsage());
      writeOmittingNull(g, "ram_usage", m.ramUsage());
      writeOmittingNull(g, "disk_usage", m.diskUsage());
      if (!m.metrics().isEmpty()) {
        g.startObject("metrics");
        for (Map.Entry<String, Double> metric : m.metrics().entrySet()) {
          g.number(metric.getKey(), metric.getValue());
        }
        g.endObject();
      }
    } else if (message instanceof StatusUpdate m) {
      g.string("status", m.status().wireName());
    } else if (message instanceof JobDone m) {
      g.string("map_id", m.mapId());
      writeTime(g, "next_round_time", m.nextRoundTime());
      writeOmittingNull(g, "job_id", m.jobId());
    } else if (message instanceof JobFailed m) {
      g.string("map_id", m.mapId());
      writeOmittingNull(g, "job_id", m.jobId());
      g.string("message", m.message());
      g.bool("retryable", m.retryable());
    } else if (message instanceof ErrorReport m) {
      g.string("message", m.message());
      writeOmittingNull(g, "map_id", m.mapId());
    } else if (message instanceof Progress m) {
      g.string("map_id", m.mapId());
      writeOmittingNull(g, "job_id", m.jobId());
      g.number("percent", m.percent());
    } else {
      // ClientMessage is sealed: Disconnect is the one permitted type left.
      g.string("reason", ((Disconnect) message).reason());
    }
  }

  private static void writeHost(JsonText g, HostMessage message) {
    if (message instanceof Welcome m) {
      g.number("protocol", m.protocol());
      g.string("server_id", m.serverId());
      g.string("session_id", m.sessionId());
      g.number("heartbeat_interval_s", m.heartbeatIntervalS());
      if (m.currentJob() == null) {
        g.nullValue("current_job");
      } else {
        g.startObject("current_job");
        g.string("type", AssignJob.TYPE);
        writeAssignJobFields(g, m.currentJob());
        g.endObject();
      }
    } else if (message instanceof AssignJob m) {
      writeAssignJobFields(g, m);
    } else if (message instanceof Command m) {
      g.string("command_id", m.commandId());
      g.string("action", m.action());
      g.raw("params", m.paramsJson());
    } else if (message instanceof Ack m) {
      g.string("ref_type", m.refType());
      g.string("map_id", m.mapId());
      g.string("job_id", m.jobId());
    } else {
      // HostMessage is sealed: ProtocolError is the one permitted type left.
      ProtocolError m = (ProtocolError) message;
      g.string("code", m.code().wireName());
      g.string("message", m.message());
      g.string("ref_type", m.refType());
      g.string("field", m.field());
    }
  }

  private static void writeAssignJobFields(JsonText g, AssignJob m) {
    g.string("job_id", m.jobId());
    g.string("map_id", m.mapId());
    g.string("season_id", m.seasonId());
    g.number("round_id", m.roundId());
    g.number("current_round_number", m.currentRoundNumber());
    g.number("attempt", m.attempt());
    writeTime(g, "deadline", m.deadline());
    // Normalised JSON object text (see AssignJob), so it can go on the wire as it is.
    g.raw("map_config", m.mapConfigJson());
  }

  /** Writes an ISO-8601 UTC instant with Z, or an explicit null. */
  private static void writeTime(JsonText g, String name, Instant time) {
    g.string(name, time == null ? null : WireTime.format(time));
  }

  private static void writeOmittingNull(JsonText g, String name, String value) {
    if (value != null) {
      g.string(name, value);
    }
  }

  private static void writeOmittingNull(JsonText g, String name, Double value) {
    if (value != null) {
      g.number(name, value.doubleValue());
    }
  }
}
