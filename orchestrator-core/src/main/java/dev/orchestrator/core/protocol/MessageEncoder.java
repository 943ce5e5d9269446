package dev.orchestrator.core.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
    StringWriter out = new StringWriter(128);
    try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("type", message.type());
      if (message instanceof ClientMessage client) {
        writeClient(g, client);
      } else {
        writeHost(g, (HostMessage) message);
      }
      g.writeEndObject();
    } catch (IOException e) {
      // A StringWriter does not fail; this only satisfies the generator's signature.
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void writeClient(JsonGenerator g, ClientMessage message) throws IOException {
    if (message instanceof Hello m) {
      writeOmittingNull(g, "server_ip", m.serverIp());
      g.writeNumberField("capacity", m.capacity());
      g.writeObjectFieldStart("labels");
      for (Map.Entry<String, String> label : m.labels().entrySet()) {
        g.writeStringField(label.getKey(), label.getValue());
      }
      g.writeEndObject();
      writeOmittingNull(g, "version", m.version());
    } else if (message instanceof Heartbeat m) {
      writeOmittingNull(g, "cpu_usage", m.cpuUsage());
      writeOmittingNull(g, "ram_usage", m.ramUsage());
      writeOmittingNull(g, "disk_usage", m.diskUsage());
      if (!m.metrics().isEmpty()) {
        g.writeObjectFieldStart("metrics");
        for (Map.Entry<String, Double> metric : m.metrics().entrySet()) {
          g.writeNumberField(metric.getKey(), metric.getValue());
        }
        g.writeEndObject();
      }
    } else if (message instanceof StatusUpdate m) {
      g.writeStringField("status", m.status().wireName());
    } else if (message instanceof JobDone m) {
      g.writeStringField("map_id", m.mapId());
      writeTime(g, "next_round_time", m.nextRoundTime());
      writeOmittingNull(g, "job_id", m.jobId());
    } else if (message instanceof JobFailed m) {
      g.writeStringField("map_id", m.mapId());
      writeOmittingNull(g, "job_id", m.jobId());
      g.writeStringField("message", m.message());
      g.writeBooleanField("retryable", m.retryable());
    } else if (message instanceof ErrorReport m) {
      g.writeStringField("message", m.message());
      writeOmittingNull(g, "map_id", m.mapId());
    } else if (message instanceof Progress m) {
      g.writeStringField("map_id", m.mapId());
      writeOmittingNull(g, "job_id", m.jobId());
      g.writeNumberField("percent", m.percent());
    } else {
      // ClientMessage is sealed: Disconnect is the one permitted type left.
      g.writeStringField("reason", ((Disconnect) message).reason());
    }
  }

  private static void writeHost(JsonGenerator g, HostMessage message) throws IOException {
    if (message instanceof Welcome m) {
      g.writeNumberField("protocol", m.protocol());
      g.writeStringField("server_id", m.serverId());
      g.writeStringField("session_id", m.sessionId());
      g.writeNumberField("heartbeat_interval_s", m.heartbeatIntervalS());
      g.writeFieldName("current_job");
      if (m.currentJob() == null) {
        g.writeNull();
      } else {
        g.writeStartObject();
        g.writeStringField("type", AssignJob.TYPE);
        writeAssignJobFields(g, m.currentJob());
        g.writeEndObject();
      }
    } else if (message instanceof AssignJob m) {
      writeAssignJobFields(g, m);
    } else if (message instanceof Command m) {
      g.writeStringField("command_id", m.commandId());
      g.writeStringField("action", m.action());
      g.writeFieldName("params");
      g.writeRawValue(m.paramsJson());
    } else if (message instanceof Ack m) {
      g.writeStringField("ref_type", m.refType());
      g.writeStringField("map_id", m.mapId());
      g.writeStringField("job_id", m.jobId());
    } else {
      // HostMessage is sealed: ProtocolError is the one permitted type left.
      ProtocolError m = (ProtocolError) message;
      g.writeStringField("code", m.code().wireName());
      g.writeStringField("message", m.message());
      g.writeStringField("ref_type", m.refType());
      g.writeStringField("field", m.field());
    }
  }

  private static void writeAssignJobFields(JsonGenerator g, AssignJob m) throws IOException {
    g.writeStringField("job_id", m.jobId());
    g.writeStringField("map_id", m.mapId());
    g.writeStringField("season_id", m.seasonId());
    g.writeNumberField("round_id", m.roundId());
    g.writeNumberField("current_round_number", m.currentRoundNumber());
    g.writeNumberField("attempt", m.attempt());
    writeTime(g, "deadline", m.deadline());
    // Normalised JSON object text (see AssignJob), so it can go on the wire as it is.
    g.writeFieldName("map_config");
    g.writeRawValue(m.mapConfigJson());
  }

  /** Writes an ISO-8601 UTC instant with Z, or an explicit null. */
  private static void writeTime(JsonGenerator g, String name, Instant time) throws IOException {
    g.writeStringField(name, time == null ? null : WireTime.format(time));
  }

  private static void writeOmittingNull(JsonGenerator g, String name, String value)
      throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  private static void writeOmittingNull(JsonGenerator g, String name, Double value)
      throws IOException {
    if (value != null) {
      g.writeNumberField(name, value.doubleValue());
    }
  }
}
