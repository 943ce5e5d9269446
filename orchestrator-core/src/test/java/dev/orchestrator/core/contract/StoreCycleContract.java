package dev.orchestrator.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.spi.ClaimRequest;
import dev.orchestrator.core.spi.Completion;
import dev.orchestrator.core.spi.CompletionResult;
import dev.orchestrator.core.spi.CompletionResult.Kind;
import dev.orchestrator.core.spi.CycleResult;
import dev.orchestrator.core.spi.OrchestratorStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link OrchestratorStore#completeAndClaim}: completions and claims in one call, as the engine
 * runs its job cycle. Part of {@link StoreContractTest}.
 */
public abstract class StoreCycleContract extends StoreMovesContract {
  private static final Instant T1 = T0.plusSeconds(1);

  @Test
  void shouldCompleteAndReleaseTheSameMapAgainInOneCall() {
    createDue("m1");
    GameMap leased = claimOne(store, "m1", "a", T0);
    String nextJob = newJobId();

    CycleResult result =
        store.completeAndClaim(
            List.of(new Completion("m1", leased.jobId(), "a", T1)),
            List.of(new ClaimRequest("m1", leased.version() + 1, "a", nextJob)),
            T1,
            LEASE);

    assertThat(result.completions()).extracting(CompletionResult::kind).containsExactly(Kind.APPLIED);
    GameMap completed = result.completions().get(0).map();
    assertThat(completed.currentRoundNumber()).isEqualTo(1);
    assertThat(completed.version()).isEqualTo(leased.version() + 1);
    // The map as the completion left it, even when the same call leased it again.
    assertThat(completed).isEqualTo(leased.roundCompleted(T1, T1));
    assertThat(result.leased()).hasSize(1);
    GameMap again = result.leased().get(0);
    assertThat(again.status()).isEqualTo(MapStatus.PROCESSING);
    assertThat(again.jobId()).isEqualTo(nextJob);
    assertThat(again.lease().roundNumber()).isEqualTo(1);
    assertThat(again.lease().attempt()).isEqualTo(1);
    assertThat(again.lease().deadline()).isEqualTo(T1.plus(LEASE));
    assertThat(store.findMap("m1")).contains(again);
    assertThat(store.findTask(leased.jobId()).map(TaskRecord::outcome))
        .contains(TaskOutcome.COMPLETED);
  }

  @Test
  void shouldAnswerEveryCompletionOfABatchAsCompleteWould() {
    createDue("done");
    createDue("finished");
    createDue("other");
    GameMap done = claimOne(store, "done", "a", T0);
    GameMap finished = claimOne(store, "finished", "b", T0);
    GameMap other = claimOne(store, "other", "c", T0);

    CycleResult result =
        store.completeAndClaim(
            List.of(
                new Completion("done", done.jobId(), "a", T1),
                new Completion("done", done.jobId(), "a", T1),
                new Completion("other", other.jobId(), "intruder", T1),
                new Completion("missing", "job-x", "a", T1),
                new Completion("finished", finished.jobId(), "b", null)),
            List.of(),
            T1,
            LEASE);

    assertThat(result.completions())
        .extracting(CompletionResult::kind)
        .containsExactly(Kind.APPLIED, Kind.DUPLICATE, Kind.STALE, Kind.UNKNOWN_MAP, Kind.APPLIED);
    assertThat(result.leased()).isEmpty();
    assertThat(store.findMap("done").orElseThrow().status()).isEqualTo(MapStatus.QUEUED);
    assertThat(store.findMap("finished").orElseThrow().status()).isEqualTo(MapStatus.COMPLETED);
    assertThat(store.findMap("other")).contains(other);
    assertThat(completedRounds(store, "done")).containsExactly(0L);
    assertOneRecordPerLease(store, "done");
  }

  @Test
  void shouldGrantOnlyClaimsStillValidAfterTheCompletions() {
    createDue("later");
    createDue("held");
    createDue("changed");
    createDue("free");
    GameMap later = claimOne(store, "later", "a", T0);
    GameMap held = claimOne(store, "held", "b", T0);
    GameMap changed = store.findMap("changed").orElseThrow();
    GameMap free = store.findMap("free").orElseThrow();
    String freeJob = newJobId();

    CycleResult result =
        store.completeAndClaim(
            List.of(
                new Completion("later", later.jobId(), "a", T1.plusSeconds(60)),
                new Completion("held", held.jobId(), "not-b", T1)),
            List.of(
                new ClaimRequest("later", later.version() + 1, "a", newJobId()),
                new ClaimRequest("held", held.version() + 1, "b", newJobId()),
                new ClaimRequest("changed", changed.version() + 1, "c", newJobId()),
                new ClaimRequest("free", free.version(), "c", freeJob)),
            T1,
            LEASE);

    assertThat(result.completions())
        .extracting(CompletionResult::kind)
        .containsExactly(Kind.APPLIED, Kind.STALE);
    assertThat(result.leased()).extracting(GameMap::jobId).containsExactly(freeJob);
    assertThat(store.findMap("later").orElseThrow().status()).isEqualTo(MapStatus.QUEUED);
    assertThat(store.findMap("held")).contains(held);
    assertThat(store.findMap("changed")).contains(changed);
  }

  @Test
  void shouldDoNothingForAnEmptyCycle() {
    CycleResult result = store.completeAndClaim(List.of(), List.of(), T0, LEASE);

    assertThat(result.completions()).isEmpty();
    assertThat(result.leased()).isEmpty();
  }

  @Test
  void shouldCountEachRoundOnceAndLeaseEachMapOnceWhenHostsRaceTheSameCycle() throws Exception {
    int mapCount = 40;
    List<GameMap> leased = new ArrayList<>();
    for (int i = 0; i < mapCount; i++) {
      store.createMap(NewMap.of("cyc" + i, "s").dueAt(T0), T0);
      leased.add(claimOne(store, "cyc" + i, "srv-" + i, T0));
    }
    AtomicInteger applied = new AtomicInteger();
    ConcurrentHashMap<String, String> winners = new ConcurrentHashMap<>();
    AtomicInteger doubleWins = new AtomicInteger();
    List<Callable<Void>> hosts = new ArrayList<>();
    for (OrchestratorStore client : List.of(store, open(), open())) {
      hosts.add(
          () -> {
            for (GameMap map : leased) {
              Lease lease = map.lease();
              String job = newJobId();
              CycleResult result =
                  client.completeAndClaim(
                      List.of(new Completion(map.mapId(), lease.jobId(), lease.serverId(), T1)),
                      List.of(new ClaimRequest(map.mapId(), map.version() + 1, "other", job)),
                      T1,
                      LEASE);
              if (result.completions().get(0).kind() == Kind.APPLIED) {
                applied.incrementAndGet();
              }
              for (GameMap won : result.leased()) {
                if (winners.putIfAbsent(won.mapId(), won.jobId()) != null) {
                  doubleWins.incrementAndGet();
                }
              }
            }
            return null;
          });
    }

    runTogether(hosts);

    assertThat(applied).hasValue(mapCount);
    assertThat(doubleWins).hasValue(0);
    assertThat(winners).hasSize(mapCount);
    for (GameMap map : leased) {
      assertThat(completedRounds(store, map.mapId())).containsExactly(0L);
      assertThat(store.findMap(map.mapId()).orElseThrow().jobId())
          .isEqualTo(winners.get(map.mapId()));
    }
  }
}
