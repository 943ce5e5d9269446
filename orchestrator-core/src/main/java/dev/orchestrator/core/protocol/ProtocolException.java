package dev.orchestrator.core.protocol;

import dev.orchestrator.core.OrchestratorException;

/**
 * A frame broke the wire contract. Carries what {@link #toMessage()} needs to answer with a {@code
 * protocol_error}. Instances are immutable.
 */
public class ProtocolException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  private final ProtocolErrorCode code;
  private final String refType;
  private final String field;

  /**
   * Creates the exception.
   *
   * @param code why the frame was refused; never null
   * @param message what was expected and what came; becomes the protocol error's message
   * @param refType the offending frame's type if it could be read, else null
   * @param field the wire name of the bad field, else null
   * @throws NullPointerException if code is null
   */
  public ProtocolException(ProtocolErrorCode code, String message, String refType, String field) {
    super(message);
    if (code == null) {
      throw new NullPointerException("code");
    }
    this.code = code;
    this.refType = refType;
    this.field = field;
  }

  /**
   * Returns why the frame was refused.
   *
   * @return the code, never null
   */
  public ProtocolErrorCode code() {
    return code;
  }

  /**
   * Returns the type of the offending frame.
   *
   * @return the type, or null if it could not be read
   */
  public String refType() {
    return refType;
  }

  /**
   * Returns the wire name of the bad field.
   *
   * @return the field name, or null if no single field is to blame
   */
  public String field() {
    return field;
  }

  /**
   * Returns the {@code protocol_error} frame to send back to the peer.
   *
   * @return a new message with this exception's code, message, refType and field
   */
  public ProtocolError toMessage() {
    return new ProtocolError(code, getMessage(), refType, field);
  }
}
