package dev.orchestrator.host.internal;

/**
 * An admin API call that is answered with an error body {@code {"error", "message",
 * "field"?}} and an HTTP status.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final String field;

  ApiException(int status, String code, String message, String field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  static ApiException missing(String field) {
    return new ApiException(400, "missing_field", field + " is required", field);
  }

  static ApiException invalid(String field, String message) {
    return new ApiException(400, "invalid_field", message, field);
  }

  static ApiException notFound(String code, String message) {
    return new ApiException(404, code, message, null);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  String field() {
    return field;
  }
}
