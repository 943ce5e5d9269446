package dev.orchestrator.core.protocol;

import java.time.Instant;

/**
 * {@code assign_job}: the host leases one round of a map to the game server. Immutable and
 * thread-safe.
 *
 * @param jobId the lease id ({@code job_id}), unique and never reused; non-blank, at most 256
 *     characters
 * @param mapId the map ({@code map_id}); non-blank, at most 256 characters
 * @param seasonId the map's season ({@code season_id}); non-blank, at most 256 characters. When
 *     decoding, an integral JSON number is accepted and kept as its text
 * @param roundId the round's id ({@code round_id}), at least 0
 * @param currentRoundNumber the round number ({@code current_round_number}), at least 0
 * @param attempt which attempt at this round this is, at least 1
 * @param deadline when the lease expires; never null. Written as ISO-8601 UTC with {@code Z}
 * @param mapConfigJson the map's configuration as the compact text of a JSON object, "{}" when
 *     empty (null becomes "{}"). On the wire {@code map_config} is that object itself, not a
 *     string. The text is normalised on construction (whitespace removed, numbers kept as written)
 *     so equal objects give equal records
 */
public record AssignJob(
    String jobId,
    String mapId,
    String seasonId,
    long roundId,
    long currentRoundNumber,
    int attempt,
    Instant deadline,
    String mapConfigJson)
    implements HostMessage {
  /** Wire name of this message. */
  public static final String TYPE = "assign_job";

  /**
   * Validates the components and normalises the map configuration.
   *
   * @throws IllegalArgumentException if an id is invalid, a number is out of range, deadline is
   *     null or mapConfigJson is not exactly one JSON object
   */
  public AssignJob {
    Check.id("job_id", jobId);
    Check.id("map_id", mapId);
    Check.id("season_id", seasonId);
    Check.atLeast("round_id", roundId, 0);
    Check.atLeast("current_round_number", currentRoundNumber, 0);
    Check.intRange("attempt", attempt, 1, Integer.MAX_VALUE);
    Check.notNull("deadline", deadline);
    mapConfigJson = Json.normalizeObject("map_config", mapConfigJson);
  }

  /** Returns {@value #TYPE}. */
  @Override
  public String type() {
    return TYPE;
  }
}
