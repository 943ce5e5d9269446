package dev.orchestrator.core.protocol;

/**
 * An {@link IllegalArgumentException} that also carries the wire name of the bad field, so the
 * codec can turn a record's own validation into an {@code invalid_field} protocol error without
 * repeating the rules.
 */
final class InvalidFieldException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;

  InvalidFieldException(String field, String message) {
    super(message);
    this.field = field;
  }

  String field() {
    return field;
  }
}
