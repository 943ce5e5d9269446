package dev.orchestrator.core.protocol;

/**
 * {@code job_failed}: the game server could not finish the round of a map. Immutable and
 * thread-safe.
 *
 * @param mapId the map whose round failed ({@code map_id}); non-blank, at most 256 characters
 * @param jobId the lease that failed ({@code job_id}); may be null, otherwise non-blank, at most
 *     256 characters
 * @param message what went wrong; never null (null becomes "")
 * @param retryable false to send the map to {@code error} at once instead of retrying (wire default
 *     true)
 */
public record JobFailed(String mapId, String jobId, String message, boolean retryable)
    implements ClientMessage {
  /** Wire name of this message. */
  public static final String TYPE = "job_failed";

  /**
   * Validates the ids and defaults the message.
   *
   * @throws IllegalArgumentException if mapId is null or invalid, or jobId is present and invalid
   */
  public JobFailed {
    Check.id("map_id", mapId);
    Check.optionalId("job_id", jobId);
    message = Check.orEmpty(message);
  }

  /** Returns {@value #TYPE}. */
  @Override
  public String type() {
    return TYPE;
  }
}
