package dev.orchestrator.jdbc.internal;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.spi.Completion;
import dev.orchestrator.core.spi.CompletionResult;
import dev.orchestrator.core.spi.CompletionResult.Kind;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A batch of completions inside the caller's transaction, in a fixed number of round trips
 * whatever its size: one statement locks every named map, the new states are worked out here,
 * then one JDBC batch writes the maps and one the history records. Each completion is fenced as {@link
 * LeaseRepository#complete} fences one.
 */
final class CompletionStatements {
  private CompletionStatements() {}

  static List<CompletionResult> apply(Connection c, List<Completion> completions, Instant now)
      throws SQLException {
    Set<String> ids = new HashSet<>();
    completions.forEach(completion -> ids.add(completion.mapId()));
    Map<String, GameMap> locked = MapRepository.lockAll(c, ids);
    Map<String, GameMap> current = new HashMap<>(locked);
    Map<String, GameMap> changed = new LinkedHashMap<>();
    List<TaskRecord> records = new ArrayList<>();
    Set<String> completedHere = new HashSet<>();
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
                || completedBefore(c, completion.jobId(), completion.mapId());
        results.add(new CompletionResult(duplicate ? Kind.DUPLICATE : Kind.STALE, map));
        continue;
      }
      GameMap completed = map.roundCompleted(completion.nextRoundTime(), now);
      current.put(map.mapId(), completed);
      changed.put(map.mapId(), completed);
      records.add(TaskRecord.of(lease, now, TaskOutcome.COMPLETED, null));
      completedHere.add(completion.jobId());
      results.add(new CompletionResult(Kind.APPLIED, completed));
    }
    MapRepository.writeAll(c, locked, changed.values());
    HistoryRepository.appendAll(c, records);
    return results;
  }

  private static boolean completedBefore(Connection c, String jobId, String mapId)
      throws SQLException {
    Optional<TaskRecord> record = HistoryRepository.find(c, jobId);
    return record.filter(r -> r.outcome() == TaskOutcome.COMPLETED && r.mapId().equals(mapId))
        .isPresent();
  }
}
