package dev.orchestrator.core.protocol;

/**
 * {@code ack}: the host applied (or had already applied) a {@code job_done} or {@code job_failed}.
 * Immutable and thread-safe.
 *
 * @param refType the acknowledged frame's type ({@code ref_type}): {@value JobDone#TYPE} or {@value
 *     JobFailed#TYPE}
 * @param mapId the map ({@code map_id}); non-blank, at most 256 characters
 * @param jobId the job ({@code job_id}); may be null (seed clients do not send one), otherwise
 *     non-blank, at most 256 characters
 */
public record Ack(String refType, String mapId, String jobId) implements HostMessage {
  /** Wire name of this message. */
  public static final String TYPE = "ack";

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if refType is not job_done or job_failed, or an id is invalid
   */
  public Ack {
    Check.notNull("ref_type", refType);
    if (!refType.equals(JobDone.TYPE) && !refType.equals(JobFailed.TYPE)) {
      throw new InvalidFieldException(
          "ref_type", "ref_type must be 'job_done' or 'job_failed', got " + Check.quote(refType));
    }
    Check.id("map_id", mapId);
    Check.optionalId("job_id", jobId);
  }

  /** Returns {@value #TYPE}. */
  @Override
  public String type() {
    return TYPE;
  }
}
