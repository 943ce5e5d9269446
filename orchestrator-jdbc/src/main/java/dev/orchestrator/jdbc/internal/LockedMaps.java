package dev.orchestrator.jdbc.internal;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.spi.ClaimRequest;
import dev.orchestrator.core.spi.Completion;
import dev.orchestrator.core.spi.CompletionResult;
import dev.orchestrator.core.spi.CompletionResult.Kind;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The maps one transaction changes: locked by primary key in one statement per batch, changed
 * here, and written once each in one JDBC batch, with their history records in another. So a
 * batch of completions and claims costs a fixed number of round trips whatever its size, and a
 * map completed and leased again in the same batch is written once. Each completion is fenced by
 * the lease's job id and server, each claim by the expected version, status and due time, as
 * {@link dev.orchestrator.core.spi.OrchestratorStore} requires. Not thread-safe: one per
 * transaction.
 */
final class LockedMaps {
  private final Connection c;
  private final Map<String, GameMap> asLocked = new HashMap<>();
  private final Map<String, GameMap> current = new HashMap<>();
  private final Map<String, GameMap> changed = new LinkedHashMap<>();
  private final List<TaskRecord> records = new ArrayList<>();
  private final Set<String> completedHere = new HashSet<>();

  LockedMaps(Connection c) {
    this.c = c;
  }

  /**
   * Locks the maps with these ids that are not locked yet, in id order.
   *
   * @param skipLocked skip rows another transaction holds instead of waiting for them (for
   *     claims: that transaction is changing the map, so the claim would lose anyway)
   */
  void lock(Collection<String> mapIds, boolean skipLocked) throws SQLException {
    Set<String> missing = new HashSet<>(mapIds);
    missing.removeAll(asLocked.keySet());
    for (GameMap map : MapRepository.lockAll(c, missing, skipLocked).values()) {
      asLocked.put(map.mapId(), map);
      current.put(map.mapId(), map);
    }
  }

  /** Applies {@code completions} in order to the locked maps; see {@code complete}. */
  List<CompletionResult> complete(List<Completion> completions, Instant now)
      throws SQLException {
    List<CompletionResult> results = new ArrayList<>(completions.size());
    for (Completion completion : completions) {
      GameMap map = current.get(completion.mapId());
      if (map == null) {
        results.add(new CompletionResult(Kind.UNKNOWN_MAP, null));
        continue;
      }
      Lease lease = map.lease();
      if (lease == null
          || !lease.jobId().equals(completion.jobId())
          || !lease.serverId().equals(completion.serverId())) {
        boolean duplicate =
            completedHere.contains(completion.jobId())
                || completedBefore(completion.jobId(), completion.mapId());
        results.add(new CompletionResult(duplicate ? Kind.DUPLICATE : Kind.STALE, map));
        continue;
      }
      GameMap completed = map.roundCompleted(completion.nextRoundTime(), now);
      change(completed);
      records.add(TaskRecord.of(lease, now, TaskOutcome.COMPLETED, null));
      completedHere.add(completion.jobId());
      results.add(new CompletionResult(Kind.APPLIED, completed));
    }
    return results;
  }

  /** Grants the requests whose locked map is at the expected version, queued and due. */
  List<GameMap> claim(List<ClaimRequest> requests, Instant now, Instant deadline) {
    List<GameMap> leased = new ArrayList<>();
    for (ClaimRequest request : requests) {
      GameMap map = current.get(request.mapId());
      if (map == null || map.version() != request.expectedVersion() || !map.isDue(now)) {
        continue;
      }
      GameMap granted = map.claimed(request.jobId(), request.serverId(), now, deadline);
      change(granted);
      leased.add(granted);
    }
    return leased;
  }

  /** Writes every changed map and the history records. */
  void write() throws SQLException {
    MapRepository.writeAll(c, asLocked, changed.values());
    HistoryRepository.appendAll(c, records);
  }

  private void change(GameMap map) {
    current.put(map.mapId(), map);
    changed.put(map.mapId(), map);
  }

  private boolean completedBefore(String jobId, String mapId) throws SQLException {
    return HistoryRepository.find(c, jobId)
        .filter(r -> r.outcome() == TaskOutcome.COMPLETED && r.mapId().equals(mapId))
        .isPresent();
  }
}
