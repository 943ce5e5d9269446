package dev.orchestrator.host.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.spi.OrchestratorStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * The invariants of DESIGN.md checked from what a store recorded, after a run: no map lost,
 * no round completed twice, no two leases of one map overlapping in time, and one history
 * record per lease (including every lease a game server was handed).
 */
final class StoreInvariants {
  /**
   * Lease times come from each host's reading of the store's clock, which agree to within a
   * round trip; a real overlap (two servers playing one map) lasts a whole job.
   */
  private static final Duration CLOCK_TOLERANCE = Duration.ofMillis(20);

  private StoreInvariants() {}

  /** What the history holds, for the report. */
  record Summary(int maps, long leases, Map<TaskOutcome, Long> byOutcome) {
    long completedRounds() {
      return byOutcome.getOrDefault(TaskOutcome.COMPLETED, 0L);
    }

    @Override
    public String toString() {
      return maps + " maps, " + leases + " leases " + byOutcome;
    }
  }

  /**
   * Checks every map in {@code mapIds} and returns what the history holds.
   *
   * @param rounds how many rounds each map had, or -1 if that differs between maps (then rounds
   *     0 to the last completed one must each appear once)
   * @param jobsSeen the job ids game servers were handed, by map
   */
  static Summary check(OrchestratorStore store, List<String> mapIds, int rounds,
      Map<String, Set<String>> jobsSeen) {
    Set<String> allJobs = new HashSet<>();
    Map<TaskOutcome, Long> byOutcome = new EnumMap<>(TaskOutcome.class);
    long leases = 0;
    for (String mapId : mapIds) {
      GameMap map = store.findMap(mapId).orElseThrow(
          () -> new AssertionError("map " + mapId + " is lost: the store no longer has it"));
      assertThat(map.status()).as("status of %s (lost if not completed)", mapId)
          .isEqualTo(MapStatus.COMPLETED);

      List<TaskRecord> history = new ArrayList<>(store.history(mapId, 100_000));
      history.sort(Comparator.comparing(TaskRecord::startedAt));
      List<Long> completed = history.stream()
          .filter(r -> r.outcome() == TaskOutcome.COMPLETED)
          .map(TaskRecord::roundNumber).sorted().toList();
      assertThat(completed).as("completed rounds of %s: each once", mapId)
          .containsExactlyElementsOf(LongStream.range(0, rounds < 0 ? completed.size() : rounds)
              .boxed().toList());
      for (int i = 1; i < history.size(); i++) {
        TaskRecord before = history.get(i - 1);
        TaskRecord after = history.get(i);
        assertThat(before.endedAt())
            .as("lease %s on %s ended before lease %s began; the map's history:%n%s",
                before.jobId(), mapId, after.jobId(), describe(history))
            .isBeforeOrEqualTo(after.startedAt().plus(CLOCK_TOLERANCE));
      }
      for (TaskRecord record : history) {
        assertThat(allJobs.add(record.jobId()))
            .as("one history record for job %s", record.jobId()).isTrue();
        byOutcome.merge(record.outcome(), 1L, Long::sum);
      }
      Set<String> recorded = new HashSet<>();
      history.forEach(r -> recorded.add(r.jobId()));
      assertThat(recorded).as("every job handed out on %s has its history record", mapId)
          .containsAll(jobsSeen.getOrDefault(mapId, Set.of()));
      leases += history.size();
    }
    return new Summary(mapIds.size(), leases, byOutcome);
  }

  private static String describe(List<TaskRecord> history) {
    StringBuilder text = new StringBuilder();
    for (TaskRecord r : history) {
      text.append(String.format("  round %d %s on %s: %s .. %s %s (%s)%n", r.roundNumber(),
          r.jobId(), r.serverId(), r.startedAt(), r.endedAt(), r.outcome(), r.error()));
    }
    return text.toString();
  }
}
