package dev.orchestrator.core.model;

import java.time.Instant;
import java.util.Map;

/**
 * What it takes to create a map. Only {@code mapId} and {@code seasonId} are required, as
 * in the seed's create API; a {@code null} {@code nextRoundTime} means "due now".
 *
 * @param mapId unique map id (1-256 characters)
 * @param seasonId the season it belongs to
 * @param roundId the operator's round id (default 0)
 * @param currentRoundNumber the round counter (default 0)
 * @param nextRoundTime when the next round is due, or {@code null} for now
 * @param priority higher runs first among due maps (default 0)
 * @param labels requirements a server's labels must satisfy
 * @param mapConfig a JSON object handed to the server with each job ({@code "{}"} if none)
 */
public record NewMap(
    String mapId,
    String seasonId,
    long roundId,
    long currentRoundNumber,
    Instant nextRoundTime,
    int priority,
    Map<String, String> labels,
    String mapConfig) {

  /** Validates and normalises every field. */
  public NewMap {
    Ids.requireId("map_id", mapId);
    Ids.requireId("season_id", seasonId);
    if (roundId < 0) {
      throw new IllegalArgumentException("round_id must be >= 0, got " + roundId);
    }
    if (currentRoundNumber < 0) {
      throw new IllegalArgumentException(
          "current_round_number must be >= 0, got " + currentRoundNumber);
    }
    labels = Ids.labels("labels", labels);
    mapConfig = Ids.requireJsonObject("map_config", mapConfig);
  }

  /** A map with defaults for everything but its ids. */
  public static NewMap of(String mapId, String seasonId) {
    return new NewMap(mapId, seasonId, 0, 0, null, 0, Map.of(), "{}");
  }

  /** This spec due at {@code time}. */
  public NewMap dueAt(Instant time) {
    return new NewMap(
        mapId, seasonId, roundId, currentRoundNumber, time, priority, labels, mapConfig);
  }

  /** This spec with {@code newPriority}. */
  public NewMap withPriority(int newPriority) {
    return new NewMap(
        mapId, seasonId, roundId, currentRoundNumber, nextRoundTime, newPriority, labels, mapConfig);
  }

  /** This spec requiring {@code newLabels} of its server. */
  public NewMap withLabels(Map<String, String> newLabels) {
    return new NewMap(
        mapId, seasonId, roundId, currentRoundNumber, nextRoundTime, priority, newLabels, mapConfig);
  }

  /** This spec with a JSON object of configuration. */
  public NewMap withMapConfig(String json) {
    return new NewMap(
        mapId, seasonId, roundId, currentRoundNumber, nextRoundTime, priority, labels, json);
  }

  /** This spec starting at round {@code number} with round id {@code id}. */
  public NewMap atRound(long id, long number) {
    return new NewMap(mapId, seasonId, id, number, nextRoundTime, priority, labels, mapConfig);
  }
}
