package dev.orchestrator.core.memory;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.MapStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The maps and the indexes the schedule needs: due order, lease deadlines, leases per server.
 * Not thread-safe; {@link InMemoryStore} guards it.
 */
final class MapIndex {
  // By id for lookups, plus the ids in order for listing: a job cycle replaces a map twice, and
  // two hash operations cost less than two string-keyed tree operations; the ordered set
  // changes only when a map is created or deleted.
  private final Map<String, GameMap> byId = new HashMap<>();
  private final TreeSet<String> ids = new TreeSet<>();
  private final NavigableMap<Integer, TreeSet<DueKey>> queuedByPriority =
      new TreeMap<>(Comparator.reverseOrder());
  private final TreeSet<DeadlineKey> leasesByDeadline = new TreeSet<>();
  private final Map<String, Set<String>> leasedMapsByServer = new HashMap<>();

  GameMap get(String mapId) {
    return byId.get(mapId);
  }

  /** Every map, in no order. */
  Collection<GameMap> all() {
    return byId.values();
  }

  /** The maps after {@code afterMapId} (all when null), in id order. */
  Iterable<GameMap> from(String afterMapId) {
    NavigableSet<String> tail = afterMapId == null ? ids : ids.tailSet(afterMapId, false);
    return () -> tail.stream().map(byId::get).iterator();
  }

  /** Replaces {@code old} (null when new) by {@code current} (null when deleted). */
  void replace(GameMap old, GameMap current) {
    if (old != null) {
      unindex(old);
      if (current == null) {
        byId.remove(old.mapId());
        ids.remove(old.mapId());
      }
    }
    if (current != null) {
      if (byId.put(current.mapId(), current) == null) {
        ids.add(current.mapId());
      }
      index(current);
    }
  }

  List<GameMap> due(Instant now, int limit, int offset) {
    List<GameMap> result = new ArrayList<>(Math.min(limit, 1024));
    int skipped = 0;
    for (TreeSet<DueKey> bucket : queuedByPriority.values()) {
      for (DueKey key : bucket) {
        if (key.time.isAfter(now)) {
          break;
        }
        if (skipped < offset) {
          skipped++;
          continue;
        }
        result.add(byId.get(key.mapId));
        if (result.size() == limit) {
          return result;
        }
      }
    }
    return result;
  }

  Optional<Instant> nextDueTime() {
    Instant earliest = null;
    for (TreeSet<DueKey> bucket : queuedByPriority.values()) {
      Instant first = bucket.first().time;
      if (earliest == null || first.isBefore(earliest)) {
        earliest = first;
      }
    }
    return Optional.ofNullable(earliest);
  }

  long dueCount(Instant now) {
    long count = 0;
    for (TreeSet<DueKey> bucket : queuedByPriority.values()) {
      count += bucket.headSet(new DueKey(now, "\uffff"), true).size();
    }
    return count;
  }

  List<Lease> expired(Instant now, int limit) {
    List<Lease> result = new ArrayList<>();
    for (DeadlineKey key : leasesByDeadline) {
      if (key.deadline.isAfter(now) || result.size() == limit) {
        break;
      }
      result.add(byId.get(key.mapId).lease());
    }
    return result;
  }

  List<Lease> leasesOf(String serverId) {
    List<Lease> result = new ArrayList<>();
    for (String mapId : leasedMapsByServer.getOrDefault(serverId, Set.of())) {
      result.add(byId.get(mapId).lease());
    }
    return result;
  }

  private void index(GameMap map) {
    if (map.status() == MapStatus.QUEUED) {
      queuedByPriority
          .computeIfAbsent(map.priority(), p -> new TreeSet<>())
          .add(new DueKey(map.nextRoundTime(), map.mapId()));
    }
    Lease lease = map.lease();
    if (lease != null) {
      leasesByDeadline.add(new DeadlineKey(lease.deadline(), map.mapId()));
      leasedMapsByServer.computeIfAbsent(lease.serverId(), s -> new HashSet<>()).add(map.mapId());
    }
  }

  private void unindex(GameMap map) {
    if (map.status() == MapStatus.QUEUED) {
      TreeSet<DueKey> bucket = queuedByPriority.get(map.priority());
      bucket.remove(new DueKey(map.nextRoundTime(), map.mapId()));
      if (bucket.isEmpty()) {
        queuedByPriority.remove(map.priority());
      }
    }
    Lease lease = map.lease();
    if (lease != null) {
      leasesByDeadline.remove(new DeadlineKey(lease.deadline(), map.mapId()));
      Set<String> held = leasedMapsByServer.get(lease.serverId());
      held.remove(map.mapId());
      if (held.isEmpty()) {
        leasedMapsByServer.remove(lease.serverId());
      }
    }
  }

  private record DueKey(Instant time, String mapId) implements Comparable<DueKey> {
    @Override
    public int compareTo(DueKey other) {
      int byTime = time.compareTo(other.time);
      return byTime != 0 ? byTime : mapId.compareTo(other.mapId);
    }
  }

  private record DeadlineKey(Instant deadline, String mapId) implements Comparable<DeadlineKey> {
    @Override
    public int compareTo(DeadlineKey other) {
      int byTime = deadline.compareTo(other.deadline);
      return byTime != 0 ? byTime : mapId.compareTo(other.mapId);
    }
  }
}
