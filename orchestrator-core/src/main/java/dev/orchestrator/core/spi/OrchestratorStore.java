package dev.orchestrator.core.spi;

import dev.orchestrator.core.MapExistsException;
import dev.orchestrator.core.MapNotFoundException;
import dev.orchestrator.core.StoreUnavailableException;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.GameServer;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.model.ServerCommand;
import dev.orchestrator.core.model.ServerStatus;
import dev.orchestrator.core.model.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the orchestrator keeps its state. Several hosts may share one store; every method is
 * atomic on its own and safe to call from any thread. Times are passed in by the caller (from
 * its {@code Clock}), so every store behaves the same on virtual time.
 *
 * <p>The invariants the contract kit checks: a map is in exactly one state, and processing
 * exactly when it has one live lease; a completion or release applies only to the current
 * lease; a completed job completes once; every lease ends in exactly one history record.
 *
 * <p>Every method may throw {@link StoreUnavailableException} when the backing service cannot
 * be reached; a failed call changes nothing.
 */
public interface OrchestratorStore extends AutoCloseable {

  /**
   * Creates a map, queued at its {@code nextRoundTime} or at {@code now}.
   *
   * @throws MapExistsException if the id is taken
   */
  GameMap createMap(NewMap map, Instant now);

  /** The map with this id, if any. */
  Optional<GameMap> findMap(String mapId);

  /** A page of maps ordered by id. */
  MapPage listMaps(MapQuery query);

  /**
   * Deletes a map. A live lease ends with a {@code REVOKED} history record.
   *
   * @return the map as it was before deletion, or empty if there was none
   */
  Optional<GameMap> deleteMap(String mapId, Instant now);

  /**
   * Queued maps whose time has come, highest priority first, then oldest due first, then by
   * id. {@code offset} skips that many, so a caller can page past maps it cannot place.
   */
  List<GameMap> dueMaps(Instant now, int limit, int offset);

  /** The earliest {@code next_round_time} among queued maps, due or not. */
  Optional<Instant> nextDueTime();

  /**
   * Leases maps to servers. Each request succeeds only if its map is queued, due at {@code
   * now}, and still at the expected version; the others are skipped, so two hosts racing for
   * one map cannot both win.
   *
   * @param leaseTimeout the granted leases' deadline is {@code now + leaseTimeout}
   * @return the maps that were leased, each with its new lease
   */
  List<GameMap> claim(List<ClaimRequest> requests, Instant now, Duration leaseTimeout);

  /**
   * Completes the round of {@code jobId} on map {@code mapId} if that job is the map's live
   * lease held by {@code serverId}: the round counter moves on, the map is queued for {@code
   * nextRoundTime} (or completed when it is {@code null}), and a {@code COMPLETED} history
   * record is written. A job that completed before is reported as a duplicate.
   */
  CompletionResult complete(
      String mapId, String jobId, String serverId, Instant nextRoundTime, Instant now);

  /**
   * Applies {@code completions} in order, each as {@link #complete} would, then {@code claims}
   * as {@link #claim} would, seeing the completions' effects: a claim may lease a map completed
   * in the same call (at the version the completion gave it). This is the engine's job cycle in
   * one call, so a store can make it one transaction or one script, and one round trip, for
   * many servers at once. A completion's next round and a claim's due check both use {@code
   * now}.
   *
   * <p>The default calls {@code complete} per completion and then {@code claim}: correct, since
   * every step is guarded on its own, but not atomic as a whole. If it throws, a prefix of the
   * completions may have been applied (as after a lost reply to {@code complete}) and no claim
   * was made; a store that overrides it in one transaction changes nothing when it throws.
   *
   * @param leaseTimeout the granted leases' deadline is {@code now + leaseTimeout}
   */
  default CycleResult completeAndClaim(
      List<Completion> completions, List<ClaimRequest> claims, Instant now, Duration leaseTimeout) {
    List<CompletionResult> results = new ArrayList<>(completions.size());
    for (Completion completion : completions) {
      results.add(
          complete(
              completion.mapId(),
              completion.jobId(),
              completion.serverId(),
              completion.nextRoundTime(),
              now));
    }
    List<GameMap> leased = claims.isEmpty() ? List.of() : claim(claims, now, leaseTimeout);
    return new CycleResult(results, leased);
  }

  /**
   * How many {@link #completeAndClaim} calls one host may have under way at once. With two, the
   * engine starts the next batch while one is in the store, so a store that waits on a server
   * (a round trip, a commit) overlaps that wait with the engine's work. Default 1: on the
   * 2-core machine of docs/BENCHMARKS.md ("Batches in flight") two batches at once cost more
   * CPU per cycle (smaller batches, two transactions competing) than the overlap saved, for
   * H2, PostgreSQL and Redis alike. At least 1.
   */
  default int cyclesInFlight() {
    return 1;
  }

  /**
   * Ends a live lease without completing its round and writes its history record.
   *
   * @return the map after the change, or empty if {@code release.jobId()} is not the live
   *     lease (nothing changed)
   */
  Optional<GameMap> release(LeaseRelease release, Instant now);

  /**
   * Moves a map to another server in one atomic step, if {@link MapMove#fits} the map as it is
   * (a stale job id or version changes nothing). For {@code NOW}: a live lease ends with a
   * {@code REVOKED} history record whose error is {@code move.reason()}, and the map is leased to
   * {@code move.toServerId()} as {@code move.jobId()} with deadline {@code now + leaseTimeout},
   * its pending move dropped; see {@link MapMove#applyTo} for the new lease's fields. For {@code
   * AFTER_ROUND}: only the map's {@link GameMap#pendingMove()} is set. The version goes up by one
   * either way. A store keeps the pending move until the next move or retry replaces it; {@link
   * GameMap#reservedFor()} says when it holds.
   *
   * @param leaseTimeout the new lease's deadline is {@code now + leaseTimeout}
   */
  MoveResult move(MapMove move, Instant now, Duration leaseTimeout);

  /**
   * Moves a live lease's deadline.
   *
   * @return whether {@code jobId} was the live lease of {@code mapId}
   */
  boolean renew(String mapId, String jobId, Instant deadline);

  /** Live leases whose deadline is at or before {@code now}, earliest first. */
  List<Lease> expiredLeases(Instant now, int limit);

  /** Live leases held by {@code serverId}. */
  List<Lease> leasesOf(String serverId);

  /**
   * Re-queues a map in {@code error} or {@code completed} for {@code now} with its attempts
   * reset and its pending move dropped.
   *
   * @throws MapNotFoundException if there is no such map
   * @throws dev.orchestrator.core.model.IllegalTransitionException if it is queued or leased
   */
  GameMap retry(String mapId, Instant now);

  /** Counts over the schedule. */
  QueueStats queueStats(Instant now);

  /** Task history of a map, newest first. */
  List<TaskRecord> history(String mapId, int limit);

  /** The history record of a job, if its lease has ended. */
  Optional<TaskRecord> findTask(String jobId);

  /**
   * Deletes history records that ended before {@code cutoff}.
   *
   * @return how many were deleted
   */
  long purgeHistory(Instant cutoff);

  /** Creates or replaces a server's registry entry. */
  void saveServer(GameServer server);

  /** The registry entry of a server, if any. */
  Optional<GameServer> findServer(String serverId);

  /** Registry entries, all or those with {@code status}, ordered by id. */
  List<GameServer> listServers(ServerStatus status);

  /** Subscribes to signals from this process and from other hosts sharing the store. */
  Subscription subscribe(StoreListener listener);

  /** Tells every subscriber, here and on other hosts, that the schedule changed. */
  void signalMapsChanged();

  /** Hands a command to every subscriber, here and on other hosts, for {@code serverId}. */
  void routeCommand(String serverId, ServerCommand command);

  /**
   * The log of events shared by every host on this store, if the store keeps one. Empty (the
   * default) means each host keeps its own events in its process (an {@code
   * dev.orchestrator.core.memory.InMemoryEventLog}), which is enough for a store that serves
   * one host. Returns the same instance on every call; the store closes it.
   */
  default Optional<EventLog> eventLog() {
    return Optional.empty();
  }

  /** Whether the backing service answers now. Never throws. */
  boolean isReachable();

  /** Releases connections and threads. Does not delete data. */
  @Override
  void close();

  /** A handle to stop receiving signals. */
  @FunctionalInterface
  interface Subscription extends AutoCloseable {
    /** Stops delivery; idempotent. */
    @Override
    void close();
  }
}
