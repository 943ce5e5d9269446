package dev.orchestrator.core.internal;

import dev.orchestrator.core.model.GameMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the last read of the schedule told this host about due maps, so a job cycle can hand a
 * finishing server its next map in the same store call as the completion, without reading the
 * schedule first. Kept only while nothing says the schedule changed behind this host's back: a
 * store signal (a map created, re-queued or retried here or on another host), a due-time timer
 * or the sweep {@link #forget() forgets} it, and the next pass reads again. Maps this host
 * completes and leases again in one call need no signal, so a steady cycle keeps it.
 *
 * <p>{@link #forget()} is safe from any thread; the rest runs on the assignment lane only, which
 * plans and books every batch, so batches in flight at once see and update it in turn.
 */
final class DueKnowledge {
  /** The store's claim order: highest priority first, then oldest due first, then by id. */
  static final Comparator<GameMap> CLAIM_ORDER =
      Comparator.comparingInt(GameMap::priority)
          .reversed()
          .thenComparing(GameMap::nextRoundTime)
          .thenComparing(GameMap::mapId);

  private final AtomicLong changes = new AtomicLong();
  private long readAt = -1;
  private List<GameMap> unplaced = new ArrayList<>();
  private boolean partial;

  /** The schedule may have changed: the next use needs a fresh read. */
  void forget() {
    changes.incrementAndGet();
  }

  /** Whether {@link #dueWith} can answer without a new read. */
  boolean current() {
    return readAt == changes.get() && !(partial && unplaced.isEmpty());
  }

  /**
   * Whether the last read, still current, found every due map placed: until something says the
   * schedule changed, only maps this host completes can be due, and a read would find none.
   */
  boolean nothingWaits() {
    return readAt == changes.get() && !partial && unplaced.isEmpty();
  }

  /** Taken before a read; {@link #learned} keeps the read only if nothing changed since. */
  long mark() {
    return changes.get();
  }

  /**
   * Records a read.
   *
   * @param unplacedMaps due maps read and not leased, a prefix of the store's claim order
   * @param stoppedEarly whether more due maps may follow those read
   */
  void learned(long mark, List<GameMap> unplacedMaps, boolean stoppedEarly) {
    readAt = mark;
    unplaced = new ArrayList<>(unplacedMaps);
    unplaced.sort(CLAIM_ORDER);
    partial = stoppedEarly;
  }

  /**
   * The due maps to offer the policy: those known to wait plus {@code completedDue} (maps just
   * completed and due at once), in claim order; or null if the knowledge is gone. When the read
   * stopped early, completed maps that would sort after the unread rest are left out, so they
   * do not overtake maps waiting longer.
   */
  List<GameMap> dueWith(Collection<GameMap> completedDue) {
    if (!current()) {
      return null;
    }
    List<GameMap> due = new ArrayList<>(unplaced);
    GameMap horizon = partial ? unplaced.get(unplaced.size() - 1) : null;
    for (GameMap map : completedDue) {
      if (horizon == null || CLAIM_ORDER.compare(map, horizon) < 0) {
        due.add(map);
      }
    }
    due.sort(CLAIM_ORDER);
    return due;
  }

  /** Maps claimed (won or lost): no longer waiting as last seen. */
  void taken(Set<String> mapIds) {
    unplaced.removeIf(map -> mapIds.contains(map.mapId()));
  }

  /** Ids of the maps known to wait for a server. */
  Set<String> waitingIds() {
    Set<String> ids = new HashSet<>();
    unplaced.forEach(map -> ids.add(map.mapId()));
    return ids;
  }
}
