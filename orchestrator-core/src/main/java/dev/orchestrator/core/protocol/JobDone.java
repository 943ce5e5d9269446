package dev.orchestrator.core.protocol;

import java.time.Instant;

/**
 * {@code job_done}: the game server finished the round of a map. Immutable and thread-safe.
 *
 * <p>On the wire {@code next_round_time} may carry an offset or {@code Z}; a date-time without any
 * offset (what .NET's {@code ToString("O")} writes for a DateTime of unspecified kind, as the seed
 * Unity client does) is read as UTC.
 *
 * @param mapId the map whose round finished ({@code map_id}); non-blank, at most 256 characters
 * @param nextRoundTime when the map's next round is due; null means the map has no further round
 * @param jobId the lease this completes ({@code job_id}); null for seed clients, which do not send
 *     it; otherwise non-blank, at most 256 characters
 */
public record JobDone(String mapId, Instant nextRoundTime, String jobId) implements ClientMessage {
  /** Wire name of this message. */
  public static final String TYPE = "job_done";

  /**
   * Validates the ids.
   *
   * @throws IllegalArgumentException if mapId is null or invalid, or jobId is present and invalid
   */
  public JobDone {
    Check.id("map_id", mapId);
    Check.optionalId("job_id", jobId);
  }

  /** Returns {@value #TYPE}. */
  @Override
  public String type() {
    return TYPE;
  }
}
