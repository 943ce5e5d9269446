package dev.orchestrator.core.protocol;

import java.util.Locale;

/** Why the host refused a frame; sent as the {@code code} of a {@link ProtocolError}. */
public enum ProtocolErrorCode {
  /** The frame is not parseable JSON, or not a JSON object. */
  INVALID_JSON,
  /** The frame's {@code type} names no message this side accepts. */
  UNKNOWN_TYPE,
  /** A required field is absent or null. */
  MISSING_FIELD,
  /** A field has the wrong JSON type, is out of range or cannot be parsed. */
  INVALID_FIELD,
  /** A job report does not match the map's current lease; nothing changed. */
  STALE_JOB,
  /** The frame names a map the host does not know. */
  UNKNOWN_MAP,
  /** The client sends frames faster than allowed. */
  RATE_LIMITED;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /**
   * Returns the wire spelling, the constant's name in lower case (e.g. {@code invalid_json}).
   *
   * @return the wire name, never null
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Returns the code with the given wire name.
   *
   * @param wireName a lower-case wire name such as {@code stale_job}
   * @return the matching code
   * @throws IllegalArgumentException if wireName is null or names no code
   */
  public static ProtocolErrorCode fromWire(String wireName) {
    for (ProtocolErrorCode code : values()) {
      if (code.wireName.equals(wireName)) {
        return code;
      }
    }
    throw new IllegalArgumentException("unknown protocol error code " + Check.quote(wireName));
  }
}
