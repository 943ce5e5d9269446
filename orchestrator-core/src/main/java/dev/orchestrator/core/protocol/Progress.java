package dev.orchestrator.core.protocol;

/**
 * {@code progress}: how far the game server is with a job; extends the job's lease. Immutable and
 * thread-safe.
 *
 * @param mapId the map being processed ({@code map_id}); non-blank, at most 256 characters
 * @param jobId the lease ({@code job_id}); may be null, otherwise non-blank, at most 256 characters
 * @param percent completion in percent, 0 to 100
 */
public record Progress(String mapId, String jobId, double percent) implements ClientMessage {
  /** Wire name of this message. */
  public static final String TYPE = "progress";

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if an id is invalid or percent is outside 0..100 or NaN
   */
  public Progress {
    Check.id("map_id", mapId);
    Check.optionalId("job_id", jobId);
    Check.percent("percent", percent);
  }

  /** Returns {@value #TYPE}. */
  @Override
  public String type() {
    return TYPE;
  }
}
