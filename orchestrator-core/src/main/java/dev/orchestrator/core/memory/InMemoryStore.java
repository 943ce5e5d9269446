package dev.orchestrator.core.memory;

import dev.orchestrator.core.MapExistsException;
import dev.orchestrator.core.MapNotFoundException;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.GameServer;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.model.ServerCommand;
import dev.orchestrator.core.model.ServerStatus;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.spi.ClaimRequest;
import dev.orchestrator.core.spi.Completion;
import dev.orchestrator.core.spi.CompletionResult;
import dev.orchestrator.core.spi.CycleResult;
import dev.orchestrator.core.spi.EventLog;
import dev.orchestrator.core.spi.LeaseRelease;
import dev.orchestrator.core.spi.MapPage;
import dev.orchestrator.core.spi.MapMove;
import dev.orchestrator.core.spi.MapQuery;
import dev.orchestrator.core.spi.MoveResult;
import dev.orchestrator.core.spi.OrchestratorStore;
import dev.orchestrator.core.spi.QueueStats;
import dev.orchestrator.core.spi.StoreListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A store in the JVM heap. One lock guards everything, which makes every operation atomic and
 * is fast enough for one host (see docs/BENCHMARKS.md). Several orchestrators in one process
 * may share an instance; signals reach all of them. State is lost when the process ends.
 */
public final class InMemoryStore implements OrchestratorStore {
  private final MapIndex maps = new MapIndex();
  private final Map<String, ArrayDeque<TaskRecord>> historyByMap = new HashMap<>();
  private final Map<String, TaskRecord> historyByJob = new HashMap<>();
  private final TreeMap<String, GameServer> servers = new TreeMap<>();
  private final List<StoreListener> listeners = new CopyOnWriteArrayList<>();
  private final InMemoryEventLog events = InMemoryEventLog.startingNow();

  @Override
  public synchronized GameMap createMap(NewMap spec, Instant now) {
    if (maps.get(spec.mapId()) != null) {
      throw new MapExistsException(spec.mapId());
    }
    GameMap created = GameMap.create(spec, now);
    maps.replace(null, created);
    return created;
  }

  @Override
  public synchronized Optional<GameMap> findMap(String mapId) {
    return Optional.ofNullable(maps.get(mapId));
  }

  @Override
  public synchronized MapPage listMaps(MapQuery query) {
    List<GameMap> page = new ArrayList<>();
    for (GameMap map : maps.from(query.afterMapId())) {
      if ((query.status() == null || map.status() == query.status())
          && (query.seasonId() == null || map.seasonId().equals(query.seasonId()))) {
        if (page.size() == query.limit()) {
          return new MapPage(page, page.get(page.size() - 1).mapId());
        }
        page.add(map);
      }
    }
    return new MapPage(page, null);
  }

  @Override
  public synchronized Optional<GameMap> deleteMap(String mapId, Instant now) {
    GameMap map = maps.get(mapId);
    if (map == null) {
      return Optional.empty();
    }
    if (map.lease() != null) {
      appendHistory(TaskRecord.of(map.lease(), now, TaskOutcome.REVOKED, "map deleted"));
    }
    maps.replace(map, null);
    return Optional.of(map);
  }

  @Override
  public synchronized List<GameMap> dueMaps(Instant now, int limit, int offset) {
    return maps.due(now, limit, offset);
  }

  @Override
  public synchronized Optional<Instant> nextDueTime() {
    return maps.nextDueTime();
  }

  @Override
  public synchronized List<GameMap> claim(
      List<ClaimRequest> requests, Instant now, Duration leaseTimeout) {
    List<GameMap> leased = new ArrayList<>(requests.size());
    for (ClaimRequest request : requests) {
      GameMap map = maps.get(request.mapId());
      if (map == null || map.version() != request.expectedVersion() || !map.isDue(now)) {
        continue;
      }
      GameMap updated =
          map.claimed(request.jobId(), request.serverId(), now, now.plus(leaseTimeout));
      maps.replace(map, updated);
      leased.add(updated);
    }
    return leased;
  }

  @Override
  public synchronized CompletionResult complete(
      String mapId, String jobId, String serverId, Instant nextRoundTime, Instant now) {
    GameMap map = maps.get(mapId);
    if (map == null) {
      return new CompletionResult(CompletionResult.Kind.UNKNOWN_MAP, null);
    }
    Lease lease = map.lease();
    if (lease == null || !lease.jobId().equals(jobId) || !lease.serverId().equals(serverId)) {
      TaskRecord done = historyByJob.get(jobId);
      boolean duplicate =
          done != null && done.outcome() == TaskOutcome.COMPLETED && done.mapId().equals(mapId);
      return new CompletionResult(
          duplicate ? CompletionResult.Kind.DUPLICATE : CompletionResult.Kind.STALE, map);
    }
    GameMap updated = map.roundCompleted(nextRoundTime, now);
    maps.replace(map, updated);
    appendHistory(TaskRecord.of(lease, now, TaskOutcome.COMPLETED, null));
    return new CompletionResult(CompletionResult.Kind.APPLIED, updated);
  }

  /** Atomic as a whole: the completions and claims run under the store's one lock. */
  @Override
  public synchronized CycleResult completeAndClaim(
      List<Completion> completions, List<ClaimRequest> claims, Instant now, Duration leaseTimeout) {
    return OrchestratorStore.super.completeAndClaim(completions, claims, now, leaseTimeout);
  }

  @Override
  public synchronized Optional<GameMap> release(LeaseRelease release, Instant now) {
    GameMap map = maps.get(release.mapId());
    if (map == null || map.lease() == null || !map.lease().jobId().equals(release.jobId())) {
      return Optional.empty();
    }
    GameMap updated = map.leaseReleased(release.requeueAt(), release.error());
    maps.replace(map, updated);
    appendHistory(TaskRecord.of(map.lease(), now, release.outcome(), release.error()));
    return Optional.of(updated);
  }

  @Override
  public synchronized MoveResult move(MapMove move, Instant now, Duration leaseTimeout) {
    GameMap map = maps.get(move.mapId());
    if (map == null) {
      return MoveResult.unknownMap();
    }
    if (!move.fits(map)) {
      return MoveResult.stale(map);
    }
    GameMap moved = move.applyTo(map, now, leaseTimeout);
    Lease revoked = move.revokes(map);
    if (revoked != null) {
      appendHistory(TaskRecord.of(revoked, now, TaskOutcome.REVOKED, move.reason()));
    }
    maps.replace(map, moved);
    return new MoveResult(MoveResult.Kind.MOVED, moved, revoked);
  }

  @Override
  public synchronized boolean renew(String mapId, String jobId, Instant deadline) {
    GameMap map = maps.get(mapId);
    if (map == null || map.lease() == null || !map.lease().jobId().equals(jobId)) {
      return false;
    }
    maps.replace(map, map.leaseRenewed(deadline));
    return true;
  }

  @Override
  public synchronized List<Lease> expiredLeases(Instant now, int limit) {
    return maps.expired(now, limit);
  }

  @Override
  public synchronized List<Lease> leasesOf(String serverId) {
    return maps.leasesOf(serverId);
  }

  @Override
  public synchronized GameMap retry(String mapId, Instant now) {
    GameMap map = maps.get(mapId);
    if (map == null) {
      throw new MapNotFoundException(mapId);
    }
    GameMap updated = map.retried(now);
    maps.replace(map, updated);
    return updated;
  }

  @Override
  public synchronized QueueStats queueStats(Instant now) {
    Map<MapStatus, Long> counts = new EnumMap<>(MapStatus.class);
    for (MapStatus status : MapStatus.values()) {
      counts.put(status, 0L);
    }
    for (GameMap map : maps.all()) {
      counts.merge(map.status(), 1L, Long::sum);
    }
    long due = maps.dueCount(now);
    // When anything is due, the earliest queued time overall is a due one.
    Instant oldest = due == 0 ? null : maps.nextDueTime().orElseThrow();
    return new QueueStats(counts, due, oldest);
  }

  @Override
  public synchronized List<TaskRecord> history(String mapId, int limit) {
    ArrayDeque<TaskRecord> records = historyByMap.getOrDefault(mapId, new ArrayDeque<>());
    List<TaskRecord> newestFirst = new ArrayList<>(Math.min(limit, records.size()));
    Iterator<TaskRecord> it = records.descendingIterator();
    while (it.hasNext() && newestFirst.size() < limit) {
      newestFirst.add(it.next());
    }
    return newestFirst;
  }

  @Override
  public synchronized Optional<TaskRecord> findTask(String jobId) {
    return Optional.ofNullable(historyByJob.get(jobId));
  }

  @Override
  public synchronized long purgeHistory(Instant cutoff) {
    long purged = 0;
    for (Iterator<ArrayDeque<TaskRecord>> maps = historyByMap.values().iterator();
        maps.hasNext(); ) {
      ArrayDeque<TaskRecord> records = maps.next();
      while (!records.isEmpty() && records.peekFirst().endedAt().isBefore(cutoff)) {
        historyByJob.remove(records.pollFirst().jobId());
        purged++;
      }
      if (records.isEmpty()) {
        maps.remove();
      }
    }
    return purged;
  }

  @Override
  public synchronized void saveServer(GameServer server) {
    servers.put(server.serverId(), server);
  }

  @Override
  public synchronized Optional<GameServer> findServer(String serverId) {
    return Optional.ofNullable(servers.get(serverId));
  }

  @Override
  public synchronized List<GameServer> listServers(ServerStatus status) {
    List<GameServer> result = new ArrayList<>();
    for (GameServer server : servers.values()) {
      if (status == null || server.status() == status) {
        result.add(server);
      }
    }
    return result;
  }

  @Override
  public Subscription subscribe(StoreListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public void signalMapsChanged() {
    for (StoreListener listener : listeners) {
      listener.mapsChanged();
    }
  }

  @Override
  public void routeCommand(String serverId, ServerCommand command) {
    for (StoreListener listener : listeners) {
      listener.commandRouted(serverId, command);
    }
  }

  /** A log in this process, shared by every orchestrator that shares this instance. */
  @Override
  public Optional<EventLog> eventLog() {
    return Optional.of(events);
  }

  @Override
  public boolean isReachable() {
    return true;
  }

  @Override
  public void close() {
    listeners.clear();
  }

  private void appendHistory(TaskRecord record) {
    historyByMap.computeIfAbsent(record.mapId(), id -> new ArrayDeque<>()).addLast(record);
    historyByJob.put(record.jobId(), record);
  }
}
