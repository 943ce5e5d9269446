package dev.orchestrator.core.protocol;

/**
 * {@code protocol_error}: the host refused a frame. The connection stays open. Immutable and
 * thread-safe.
 *
 * @param code why the frame was refused; never null
 * @param message a human-readable explanation; never null (null becomes "")
 * @param refType the type of the refused frame ({@code ref_type}), or null if it could not be read
 * @param field the wire name of the bad field, or null if no single field is to blame
 */
public record ProtocolError(ProtocolErrorCode code, String message, String refType, String field)
    implements HostMessage {
  /** Wire name of this message. */
  public static final String TYPE = "protocol_error";

  /**
   * Validates the code and defaults the message.
   *
   * @throws IllegalArgumentException if code is null
   */
  public ProtocolError {
    Check.notNull("code", code);
    message = Check.orEmpty(message);
  }

  /** Returns {@value #TYPE}. */
  @Override
  public String type() {
    return TYPE;
  }
}
