package dev.orchestrator.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Builds message records from parsed frames; the field-level rules live in the records. */
final class MessageDecoder {
  static final List<String> CLIENT_TYPES =
      List.of(
          Hello.TYPE,
          Heartbeat.TYPE,
          StatusUpdate.TYPE,
          JobDone.TYPE,
          JobFailed.TYPE,
          ErrorReport.TYPE,
          Progress.TYPE,
          Disconnect.TYPE);

  static final List<String> HOST_TYPES =
      List.of(Welcome.TYPE, AssignJob.TYPE, Command.TYPE, Ack.TYPE, ProtocolError.TYPE);

  private MessageDecoder() {}

  /** Decodes a frame of the given type that a game server sent. */
  static ClientMessage client(FrameReader frame, String type) {
    try {
      switch (type) {
        case Hello.TYPE:
          return new Hello(
              frame.optionalString("server_ip"),
              frame.optionalInt("capacity", 1),
              frame.labels("labels"),
              frame.optionalString("version"));
        case Heartbeat.TYPE:
          return new Heartbeat(
              frame.optionalDouble("cpu_usage"),
              frame.optionalDouble("ram_usage"),
              frame.optionalDouble("disk_usage"),
              frame.numbers("metrics"));
        case StatusUpdate.TYPE:
          return new StatusUpdate(status(frame));
        case JobDone.TYPE:
          return new JobDone(
              frame.requiredString("map_id"),
              frame.optionalTime("next_round_time"),
              frame.optionalString("job_id"));
        case JobFailed.TYPE:
          return new JobFailed(
              frame.requiredString("map_id"),
              frame.optionalString("job_id"),
              frame.optionalString("message"),
              frame.optionalBoolean("retryable", true));
        case ErrorReport.TYPE:
          return new ErrorReport(frame.optionalString("message"), blankAsNull(frame, "map_id"));
        case Progress.TYPE:
          return new Progress(
              frame.requiredString("map_id"),
              frame.optionalString("job_id"),
              frame.requiredDouble("percent"));
        case Disconnect.TYPE:
          return new Disconnect(frame.optionalString("reason"));
        default:
          throw unknownType(type, CLIENT_TYPES);
      }
    } catch (InvalidFieldException e) {
      throw frame.invalidField(e);
    }
  }

  /** Decodes a frame of the given type that the host sent. */
  static HostMessage host(FrameReader frame, String type) {
    try {
      switch (type) {
        case Welcome.TYPE:
          return welcome(frame);
        case AssignJob.TYPE:
          return assignJob(frame);
        case Command.TYPE:
          return new Command(
              frame.requiredString("command_id"),
              frame.requiredString("action"),
              objectText(frame, "params"));
        case Ack.TYPE:
          return new Ack(
              frame.requiredString("ref_type"),
              frame.requiredString("map_id"),
              frame.optionalString("job_id"));
        case ProtocolError.TYPE:
          return new ProtocolError(
              errorCode(frame),
              frame.optionalString("message"),
              frame.optionalString("ref_type"),
              frame.optionalString("field"));
        default:
          throw unknownType(type, HOST_TYPES);
      }
    } catch (InvalidFieldException e) {
      throw frame.invalidField(e);
    }
  }

  /** The error names the type, clipped, and the known types, so a client author can fix it. */
  static ProtocolException unknownType(String type, List<String> known) {
    return new ProtocolException(
        ProtocolErrorCode.UNKNOWN_TYPE,
        "unknown message type "
            + Check.quote(type)
            + "; expected one of "
            + String.join(", ", known),
        Check.clip(type),
        "type");
  }

  private static Welcome welcome(FrameReader frame) {
    return new Welcome(
        frame.requiredInt("protocol"),
        frame.requiredString("server_id"),
        frame.requiredString("session_id"),
        frame.requiredLong("heartbeat_interval_s"),
        currentJob(frame));
  }

  /** The current job is a whole assign_job object; its own errors are named current_job.x. */
  private static AssignJob currentJob(FrameReader frame) {
    JsonNode job = frame.optionalObject("current_job");
    if (job == null) {
      return null;
    }
    FrameReader nested = frame.nested("current_job", job);
    String type = nested.optionalString("type");
    if (type != null && !type.equals(AssignJob.TYPE)) {
      throw nested.invalid("type", "'" + AssignJob.TYPE + "'", job.get("type"));
    }
    try {
      return assignJob(nested);
    } catch (InvalidFieldException e) {
      throw nested.invalidField(e);
    }
  }

  private static AssignJob assignJob(FrameReader frame) {
    return new AssignJob(
        frame.requiredString("job_id"),
        frame.requiredString("map_id"),
        frame.requiredStringOrInteger("season_id"),
        frame.requiredLong("round_id"),
        frame.requiredLong("current_round_number"),
        frame.requiredInt("attempt"),
        frame.requiredTime("deadline"),
        objectText(frame, "map_config"));
  }

  private static String objectText(FrameReader frame, String name) {
    JsonNode node = frame.optionalObject(name);
    return node == null ? null : Json.compact(node);
  }

  private static ReportedStatus status(FrameReader frame) {
    String status = frame.requiredString("status");
    if (status.equals("idle")) {
      return ReportedStatus.IDLE;
    }
    if (status.equals("busy")) {
      return ReportedStatus.BUSY;
    }
    throw new InvalidFieldException(
        "status", "status must be 'idle' or 'busy', got " + Check.quote(status));
  }

  private static ProtocolErrorCode errorCode(FrameReader frame) {
    String code = frame.requiredString("code");
    for (ProtocolErrorCode known : ProtocolErrorCode.values()) {
      if (known.wireName().equals(code)) {
        return known;
      }
    }
    throw new InvalidFieldException(
        "code",
        "code must be a protocol error code such as invalid_json, got " + Check.quote(code));
  }

  /** See {@link ErrorReport}: a blank map id in an error report means "no map". */
  private static String blankAsNull(FrameReader frame, String name) {
    String value = frame.optionalString(name);
    return value == null || value.isBlank() ? null : value;
  }
}
