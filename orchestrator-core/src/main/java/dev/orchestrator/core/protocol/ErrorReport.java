package dev.orchestrator.core.protocol;

/**
 * {@code error}: the game server reports a problem. With the map of its current job the host treats
 * it as {@link JobFailed}; otherwise it is logged and counted. Immutable and thread-safe.
 *
 * <p>When decoding, a blank {@code map_id} is read as absent: the seed client reports errors
 * outside any job too, and losing the report over an empty id would help nobody.
 *
 * @param message what went wrong; never null (null becomes "")
 * @param mapId the map concerned ({@code map_id}); may be null, otherwise non-blank, at most 256
 *     characters
 */
public record ErrorReport(String message, String mapId) implements ClientMessage {
  /** Wire name of this message. */
  public static final String TYPE = "error";

  /**
   * Validates the map id and defaults the message.
   *
   * @throws IllegalArgumentException if mapId is present and invalid
   */
  public ErrorReport {
    message = Check.orEmpty(message);
    Check.optionalId("map_id", mapId);
  }

  /** Returns {@value #TYPE}. */
  @Override
  public String type() {
    return TYPE;
  }
}
