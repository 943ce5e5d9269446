package dev.orchestrator.core.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A map (a planet, an arena) and where it stands in its schedule. Stores hand out copies;
 * a change is a new record with a higher {@code version}.
 *
 * @param mapId unique map id
 * @param seasonId the season it belongs to
 * @param roundId the operator's round id
 * @param currentRoundNumber rounds completed so far
 * @param nextRoundTime when the next round is due; {@code null} once completed
 * @param status the state; {@code PROCESSING} exactly when {@code lease} is not null
 * @param priority higher runs first among due maps
 * @param labels requirements a server's labels must satisfy
 * @param mapConfig JSON object handed to the server with each job
 * @param attempt attempts made at the current round (0 before the first claim)
 * @param lease the live lease while processing, else {@code null}
 * @param lastProcessed when a round last completed, or {@code null}
 * @param lastError the last failure's message, or {@code null}
 * @param createdAt when the map was created
 * @param version increases by one with every change
 * @param pendingMove an operator's move waiting for the running round to end, or {@code null};
 *     see {@link #reservedFor()} for when it holds
 */
public record GameMap(
    String mapId,
    String seasonId,
    long roundId,
    long currentRoundNumber,
    Instant nextRoundTime,
    MapStatus status,
    int priority,
    Map<String, String> labels,
    String mapConfig,
    int attempt,
    Lease lease,
    Instant lastProcessed,
    String lastError,
    Instant createdAt,
    long version,
    PendingMove pendingMove) {

  /** Validates the fields and the status/lease invariant. */
  public GameMap {
    Ids.requireId("map_id", mapId);
    Ids.requireId("season_id", seasonId);
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    labels = Ids.labels("labels", labels);
    mapConfig = Ids.requireJsonObject("map_config", mapConfig);
    if ((status == MapStatus.PROCESSING) != (lease != null)) {
      throw new IllegalArgumentException(
          "map '" + mapId + "' is " + status.wireName() + " but lease is " + lease);
    }
    if (status == MapStatus.QUEUED && nextRoundTime == null) {
      throw new IllegalArgumentException("queued map '" + mapId + "' needs a next_round_time");
    }
  }

  /** A map without a pending move. */
  public GameMap(
      String mapId,
      String seasonId,
      long roundId,
      long currentRoundNumber,
      Instant nextRoundTime,
      MapStatus status,
      int priority,
      Map<String, String> labels,
      String mapConfig,
      int attempt,
      Lease lease,
      Instant lastProcessed,
      String lastError,
      Instant createdAt,
      long version) {
    this(mapId, seasonId, roundId, currentRoundNumber, nextRoundTime, status, priority, labels,
        mapConfig, attempt, lease, lastProcessed, lastError, createdAt, version, null);
  }

  /** A freshly created map from {@code spec}, due at its time or {@code now}. */
  public static GameMap create(NewMap spec, Instant now) {
    Instant due = spec.nextRoundTime() == null ? now : spec.nextRoundTime();
    return new GameMap(
        spec.mapId(),
        spec.seasonId(),
        spec.roundId(),
        spec.currentRoundNumber(),
        due,
        MapStatus.QUEUED,
        spec.priority(),
        spec.labels(),
        spec.mapConfig(),
        0,
        null,
        null,
        null,
        now,
        1);
  }

  /** The id of the live lease's job, or {@code null}. */
  public String jobId() {
    return lease == null ? null : lease.jobId();
  }

  /** Whether the map is queued and its time has come at {@code now}. */
  public boolean isDue(Instant now) {
    return status == MapStatus.QUEUED && !nextRoundTime.isAfter(now);
  }

  /**
   * The map after {@code lease} is granted.
   *
   * @throws IllegalTransitionException unless queued
   */
  public GameMap leasedTo(Lease newLease) {
    status.checkMove(mapId, MapStatus.PROCESSING);
    return new GameMap(
        mapId, seasonId, roundId, currentRoundNumber, nextRoundTime, MapStatus.PROCESSING,
        priority, labels, mapConfig, newLease.attempt(), newLease, lastProcessed, lastError,
        createdAt, version + 1, pendingMove);
  }

  /**
   * The map after a claim: leased to {@code serverId} as {@code jobId} for its next attempt at
   * the current round, granted at {@code now} until {@code deadline}.
   *
   * @throws IllegalTransitionException unless queued
   */
  public GameMap claimed(String jobId, String serverId, Instant now, Instant deadline) {
    return leasedTo(
        new Lease(jobId, mapId, serverId, attempt + 1, currentRoundNumber, now, deadline));
  }

  /**
   * The map after its round completed at {@code now}: the round counter moves on and the map
   * is queued for {@code next}, or completed when {@code next} is null.
   */
  public GameMap roundCompleted(Instant next, Instant now) {
    MapStatus target = next == null ? MapStatus.COMPLETED : MapStatus.QUEUED;
    status.checkMove(mapId, target);
    return new GameMap(
        mapId, seasonId, roundId, currentRoundNumber + 1, next, target, priority, labels,
        mapConfig, 0, null, now, null, createdAt, version + 1, pendingMove);
  }

  /**
   * The map after its lease ended without completion: queued again at {@code requeueAt},
   * or in error when {@code requeueAt} is null.
   */
  public GameMap leaseReleased(Instant requeueAt, String error) {
    MapStatus target = requeueAt == null ? MapStatus.ERROR : MapStatus.QUEUED;
    status.checkMove(mapId, target);
    return new GameMap(
        mapId, seasonId, roundId, currentRoundNumber, requeueAt, target, priority, labels,
        mapConfig, attempt, null, lastProcessed, error, createdAt, version + 1, pendingMove);
  }

  /**
   * The map queued again by an operator at {@code now}, with its attempts reset and any pending
   * move dropped.
   */
  public GameMap retried(Instant now) {
    status.checkMove(mapId, MapStatus.QUEUED);
    return new GameMap(
        mapId, seasonId, roundId, currentRoundNumber, now, MapStatus.QUEUED, priority, labels,
        mapConfig, 0, null, lastProcessed, lastError, createdAt, version + 1);
  }

  /** The map with its live lease's deadline moved to {@code deadline}. */
  public GameMap leaseRenewed(Instant deadline) {
    return new GameMap(
        mapId, seasonId, roundId, currentRoundNumber, nextRoundTime, status, priority, labels,
        mapConfig, attempt, lease.withDeadline(deadline), lastProcessed, lastError, createdAt,
        version + 1, pendingMove);
  }

  /**
   * The map after an operator moved it to {@code newLease}'s server at once: processing with
   * that lease, any pending move dropped. A running lease is replaced, a queued map is leased.
   *
   * @throws IllegalTransitionException unless queued or processing
   */
  public GameMap movedTo(Lease newLease) {
    if (status != MapStatus.QUEUED && status != MapStatus.PROCESSING) {
      throw new IllegalTransitionException(mapId, status.wireName(), "a move");
    }
    return new GameMap(
        mapId, seasonId, roundId, currentRoundNumber, nextRoundTime, MapStatus.PROCESSING,
        priority, labels, mapConfig, newLease.attempt(), newLease, lastProcessed, lastError,
        createdAt, version + 1, null);
  }

  /**
   * The map with its next round reserved for {@code serverId}: the round after the running one,
   * or for a queued map the round it waits for.
   *
   * @throws IllegalTransitionException unless queued or processing
   */
  public GameMap withMoveAfterRound(String serverId) {
    PendingMove move =
        switch (status) {
          case PROCESSING -> new PendingMove(serverId, lease.roundNumber() + 1, 0);
          case QUEUED -> new PendingMove(serverId, currentRoundNumber, attempt);
          default -> throw new IllegalTransitionException(mapId, status.wireName(), "a move");
        };
    return new GameMap(
        mapId, seasonId, roundId, currentRoundNumber, nextRoundTime, status, priority, labels,
        mapConfig, attempt, lease, lastProcessed, lastError, createdAt, version + 1, move);
  }

  /**
   * The server this queued map's round is reserved for by a pending move, or {@code null}: the
   * reservation holds only while the map waits for the round and attempt it was made for.
   */
  public String reservedFor() {
    return pendingMove != null
            && status == MapStatus.QUEUED
            && currentRoundNumber == pendingMove.round()
            && attempt == pendingMove.attempt()
        ? pendingMove.serverId()
        : null;
  }

  /**
   * The target of a pending move that has not taken effect yet (its round is still ahead or
   * reserved), or {@code null}.
   */
  public String pendingMoveTarget() {
    if (pendingMove == null) {
      return null;
    }
    boolean ahead =
        (status == MapStatus.QUEUED || status == MapStatus.PROCESSING)
            && currentRoundNumber < pendingMove.round();
    return ahead ? pendingMove.serverId() : reservedFor();
  }
}
