package dev.orchestrator.core.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns protocol messages into JSON text frames and back.
 *
 * <p>Decoding follows the wire contract: one JSON object per frame, every object has a {@code
 * "type"}, field names are snake_case, unknown fields are ignored, and an explicit JSON null counts
 * as an absent field. Times may carry {@code Z} or an offset; a date-time without any offset is
 * read as UTC, because the seed Unity client sends .NET {@code DateTime.ToString("O")} of
 * unspecified kind (for example {@code 2025-12-18T01:50:00.0000000}). Decoding throws only {@link
 * ProtocolException}, whatever the input, and limits nesting depth (64) and number length (100
 * characters) so that hostile frames fail fast as {@code invalid_json}. Frame size is the
 * transport's concern.
 *
 * <p>Encoding writes compact JSON with {@code "type"} first and instants as ISO-8601 UTC with
 * {@code Z}; {@code decode(encode(m))} equals {@code m} for every message.
 *
 * <p>Instances are immutable, thread-safe and cheap; all share one configured Jackson mapper.
 */
public final class ProtocolCodec {
  /** The protocol version this codec speaks, sent as {@code protocol} in {@link Welcome}. */
  public static final int PROTOCOL_VERSION = 1;

  /** Creates a codec. */
  public ProtocolCodec() {}

  /**
   * Decodes a frame a game server sent to the host.
   *
   * @param frame the text frame; null is reported as {@code invalid_json}
   * @return the message, never null
   * @throws ProtocolException if the frame breaks the wire contract; its {@link
   *     ProtocolException#toMessage()} is the answer to send back
   */
  public ClientMessage decodeClient(String frame) throws ProtocolException {
    JsonNode root = parse(frame);
    String type = type(root);
    try {
      return MessageDecoder.client(new FrameReader(root, type, ""), type);
    } catch (NumberFormatException | ArithmeticException e) {
      throw numberOutOfRange(type);
    }
  }

  /**
   * Decodes a frame the host sent to a game server (used by clients, simulators and tests).
   *
   * @param frame the text frame; null is reported as {@code invalid_json}
   * @return the message, never null
   * @throws ProtocolException if the frame breaks the wire contract
   */
  public HostMessage decodeHost(String frame) throws ProtocolException {
    JsonNode root = parse(frame);
    String type = type(root);
    try {
      return MessageDecoder.host(new FrameReader(root, type, ""), type);
    } catch (NumberFormatException | ArithmeticException e) {
      throw numberOutOfRange(type);
    }
  }

  // Jackson parses 1e-9999999999999999 lazily; converting it fails outside our checks.
  private static ProtocolException numberOutOfRange(String type) {
    return new ProtocolException(
        ProtocolErrorCode.INVALID_JSON,
        "frame holds a number whose exponent is out of range",
        Check.clip(type),
        null);
  }

  /**
   * Encodes a message of either direction as one compact JSON text frame.
   *
   * @param message the message; never null
   * @return the frame text
   * @throws NullPointerException if message is null
   */
  public String encode(Message message) {
    return MessageEncoder.encode(Objects.requireNonNull(message, "message"));
  }

  private static JsonNode parse(String frame) {
    if (frame == null) {
      throw invalidJson("frame must be a JSON object, got null");
    }
    JsonNode root;
    try {
      root = Json.readObject(frame);
      if (root != null) {
        return root;
      }
      // Not one JSON object: the mapper says exactly what is wrong with it.
      root = Json.MAPPER.readTree(frame);
    } catch (JsonProcessingException e) {
      throw invalidJson("frame is not valid JSON: " + Check.clip(e.getOriginalMessage()));
    } catch (NumberFormatException e) {
      throw invalidJson("frame holds a number whose exponent is out of range");
    }
    if (!root.isObject()) {
      throw invalidJson("frame must be a JSON object, got " + kind(root));
    }
    return root;
  }

  private static String type(JsonNode root) {
    JsonNode type = root.get("type");
    if (type == null || type.isNull()) {
      throw new ProtocolException(
          ProtocolErrorCode.MISSING_FIELD, "type is required", null, "type");
    }
    if (!type.isTextual()) {
      throw new ProtocolException(
          ProtocolErrorCode.INVALID_FIELD,
          "type must be a string naming the message, got " + kind(type),
          null,
          "type");
    }
    return type.textValue();
  }

  private static String kind(JsonNode node) {
    return node.isMissingNode()
        ? "an empty frame"
        : node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static ProtocolException invalidJson(String message) {
    return new ProtocolException(ProtocolErrorCode.INVALID_JSON, message, null, null);
  }
}
