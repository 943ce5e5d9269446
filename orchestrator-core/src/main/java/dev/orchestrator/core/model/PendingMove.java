package dev.orchestrator.core.model;

/**
 * An operator's move that waits for the running round to end: the map's round {@code round}
 * goes to {@code serverId}. It holds while the map is queued for that round with {@code attempt}
 * attempts made; once the round is leased (to the target or, after the target had its chance,
 * to anyone) or the map is retried, it has no effect any more.
 *
 * @param serverId the server the round is reserved for
 * @param round the {@code current_round_number} the reservation is for
 * @param attempt the map's {@code attempt} while the reservation holds (0 after a completed
 *     round)
 */
public record PendingMove(String serverId, long round, int attempt) {

  /** Validates. */
  public PendingMove {
    Ids.requireId("to_server", serverId);
    if (round < 0 || attempt < 0) {
      throw new IllegalArgumentException(
          "pending move round and attempt must be >= 0, got " + round + " and " + attempt);
    }
  }
}
