package dev.orchestrator.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.core.MoveMode;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.model.PendingMove;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.spi.ClaimRequest;
import dev.orchestrator.core.spi.CompletionResult;
import dev.orchestrator.core.spi.LeaseRelease;
import dev.orchestrator.core.spi.MapMove;
import dev.orchestrator.core.spi.MoveResult;
import dev.orchestrator.core.spi.OrchestratorStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link OrchestratorStore#move}: operator moves, now and after the round. Part of the kit. */
public abstract class StoreMovesContract extends StoreOperationsContract {
  private static final Instant LATER = T0.plusSeconds(30);

  @Test
  void shouldRevokeTheLiveLeaseAndLeaseTheMapToTheTargetInOneStep() {
    createDue("m1");
    GameMap leased = claimOne(store, "m1", "a", T0);

    MoveResult result = store.move(MapMove.now(leased, "b", "job-moved"), LATER, LEASE);

    assertThat(result.kind()).isEqualTo(MoveResult.Kind.MOVED);
    assertThat(result.revoked()).isEqualTo(leased.lease());
    GameMap moved = store.findMap("m1").orElseThrow();
    assertThat(result.map()).isEqualTo(moved);
    assertThat(moved.status()).isEqualTo(MapStatus.PROCESSING);
    assertThat(moved.version()).isEqualTo(leased.version() + 1);
    Lease lease = moved.lease();
    assertThat(lease.jobId()).isEqualTo("job-moved");
    assertThat(lease.serverId()).isEqualTo("b");
    assertThat(lease.attempt()).isEqualTo(1);
    assertThat(lease.roundNumber()).isZero();
    assertThat(lease.assignedAt()).isEqualTo(LATER);
    assertThat(lease.deadline()).isEqualTo(LATER.plus(LEASE));
    assertThat(store.leasesOf("a")).isEmpty();
    assertThat(store.leasesOf("b")).containsExactly(lease);
    assertThat(store.expiredLeases(T0.plus(LEASE), 10)).isEmpty();
    assertThat(store.expiredLeases(LATER.plus(LEASE), 10)).containsExactly(lease);
    TaskRecord record = store.findTask(leased.jobId()).orElseThrow();
    assertThat(record.outcome()).isEqualTo(TaskOutcome.REVOKED);
    assertThat(record.serverId()).isEqualTo("a");
    assertThat(record.error()).isEqualTo("moved to server 'b' by an operator");
    assertThat(record.endedAt()).isEqualTo(LATER);
    assertThat(store.history("m1", 10)).hasSize(1);
  }

  @Test
  void shouldCountTheMovedRoundOnceWhenTheTargetCompletesItAndRefuseTheOldJob() {
    createDue("m1");
    GameMap leased = claimOne(store, "m1", "a", T0);
    store.move(MapMove.now(leased, "b", "job-moved"), T0, LEASE);

    CompletionResult late = store.complete("m1", leased.jobId(), "a", LATER, LATER);
    CompletionResult done = store.complete("m1", "job-moved", "b", LATER.plusSeconds(60), LATER);

    assertThat(late.kind()).isEqualTo(CompletionResult.Kind.STALE);
    assertThat(done.kind()).isEqualTo(CompletionResult.Kind.APPLIED);
    assertThat(store.renew("m1", leased.jobId(), LATER.plus(LEASE))).isFalse();
    assertThat(store.history("m1", 10))
        .extracting(TaskRecord::jobId, TaskRecord::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("job-moved", TaskOutcome.COMPLETED),
            org.assertj.core.groups.Tuple.tuple(leased.jobId(), TaskOutcome.REVOKED));
    assertThat(completedRounds(store, "m1")).containsExactly(0L);
  }

  @Test
  void shouldLeaseAQueuedMapToTheTargetAtOnceEvenBeforeItIsDue() {
    store.createMap(NewMap.of("m1", "s1").dueAt(T0.plusSeconds(600)), T0);
    GameMap queued = store.findMap("m1").orElseThrow();

    MoveResult result = store.move(MapMove.now(queued, "b", "job-moved"), T0, LEASE);

    assertThat(result.kind()).isEqualTo(MoveResult.Kind.MOVED);
    assertThat(result.revoked()).isNull();
    GameMap moved = store.findMap("m1").orElseThrow();
    assertThat(moved.lease().serverId()).isEqualTo("b");
    assertThat(moved.lease().attempt()).isEqualTo(1);
    assertThat(moved.attempt()).isEqualTo(1);
    assertThat(store.dueMaps(T0.plusSeconds(600), 10, 0)).isEmpty();
    assertThat(store.nextDueTime()).isEmpty();
    assertThat(store.history("m1", 10)).isEmpty();
  }

  @Test
  void shouldChangeNothingForAStaleJobIdAVersionThatMovedOnOrAMissingMap() {
    createDue("m1");
    GameMap queued = store.findMap("m1").orElseThrow();
    GameMap leased = claimOne(store, "m1", "a", T0);
    createDue("m2");
    GameMap m2 = store.findMap("m2").orElseThrow();

    MoveResult staleJob =
        store.move(new MapMove("m1", "job-old", leased.version(), "b", MoveMode.NOW, "j1",
            "moved"), T0, LEASE);
    MoveResult queuedButLeased = store.move(MapMove.now(queued, "b", "j2"), T0, LEASE);
    MoveResult oldVersion =
        store.move(new MapMove("m2", null, m2.version() - 1, "b", MoveMode.AFTER_ROUND, null,
            "moved"), T0, LEASE);
    MoveResult missing = store.move(
        new MapMove("none", null, 1, "b", MoveMode.NOW, "j3", "moved"), T0, LEASE);

    assertThat(staleJob.kind()).isEqualTo(MoveResult.Kind.STALE);
    assertThat(staleJob.map()).isEqualTo(leased);
    assertThat(queuedButLeased.kind()).isEqualTo(MoveResult.Kind.STALE);
    assertThat(oldVersion.kind()).isEqualTo(MoveResult.Kind.STALE);
    assertThat(missing.kind()).isEqualTo(MoveResult.Kind.UNKNOWN_MAP);
    assertThat(store.findMap("m1")).contains(leased);
    assertThat(store.findMap("m2")).contains(m2);
    assertThat(store.history("m1", 10)).isEmpty();
    assertThat(store.findTask("j1")).isEmpty();
  }

  @Test
  void shouldRefuseToMoveAMapThatCompletedOrWasDeletedMeanwhile() {
    createDue("done");
    GameMap doneLeased = claimOne(store, "done", "a", T0);
    store.complete("done", doneLeased.jobId(), "a", null, T0);
    createDue("gone");
    GameMap goneLeased = claimOne(store, "gone", "a", T0);
    store.deleteMap("gone", T0);

    MoveResult completed = store.move(MapMove.now(doneLeased, "b", "j1"), LATER, LEASE);
    MoveResult deleted = store.move(MapMove.now(goneLeased, "b", "j2"), LATER, LEASE);

    assertThat(completed.kind()).isEqualTo(MoveResult.Kind.STALE);
    assertThat(completed.map().status()).isEqualTo(MapStatus.COMPLETED);
    assertThat(deleted.kind()).isEqualTo(MoveResult.Kind.UNKNOWN_MAP);
    assertThat(store.history("done", 10)).extracting(TaskRecord::outcome)
        .containsExactly(TaskOutcome.COMPLETED);
    assertThat(store.findTask("j1")).isEmpty();
    assertThat(store.leasesOf("b")).isEmpty();
  }

  @Test
  void shouldReserveTheNextRoundForTheTargetAndLeaveTheRunningLeaseAlone() {
    createDue("m1");
    GameMap leased = claimOne(store, "m1", "a", T0);

    MoveResult result = store.move(MapMove.afterRound(leased, "b"), T0, LEASE);

    assertThat(result.kind()).isEqualTo(MoveResult.Kind.MOVED);
    assertThat(result.revoked()).isNull();
    GameMap pending = store.findMap("m1").orElseThrow();
    assertThat(pending.lease()).isEqualTo(leased.lease());
    assertThat(pending.version()).isEqualTo(leased.version() + 1);
    assertThat(pending.pendingMove()).isEqualTo(new PendingMove("b", 1, 0));
    assertThat(pending.pendingMoveTarget()).isEqualTo("b");
    assertThat(pending.reservedFor()).isNull();

    store.complete("m1", leased.jobId(), "a", LATER, T0.plusSeconds(5));

    GameMap next = store.findMap("m1").orElseThrow();
    assertThat(next.reservedFor()).isEqualTo("b");
    assertThat(store.history("m1", 10)).extracting(TaskRecord::outcome)
        .containsExactly(TaskOutcome.COMPLETED);
    GameMap claimed = claimOne(store, "m1", "b", LATER);
    assertThat(claimed.reservedFor()).isNull();
    assertThat(claimed.pendingMoveTarget()).isNull();
  }

  @Test
  void shouldKeepTheReservationThroughARetriedRoundAndDropItWhenTheTargetFailsOrOnRetry() {
    createDue("m1");
    GameMap leased = claimOne(store, "m1", "a", T0);
    store.move(MapMove.afterRound(leased, "b"), T0, LEASE);
    store.release(new LeaseRelease("m1", leased.jobId(), TaskOutcome.FAILED, "x", T0), T0);

    GameMap retrying = store.findMap("m1").orElseThrow();
    assertThat(retrying.reservedFor()).isNull();
    assertThat(retrying.pendingMoveTarget()).isEqualTo("b");
    GameMap second = claimOne(store, "m1", "a", T0);
    store.complete("m1", second.jobId(), "a", T0, T0);
    GameMap reserved = store.findMap("m1").orElseThrow();
    assertThat(reserved.reservedFor()).isEqualTo("b");

    GameMap refused = claimOne(store, "m1", "b", T0);
    store.release(new LeaseRelease("m1", refused.jobId(), TaskOutcome.FAILED, "no", null), T0);
    GameMap inError = store.findMap("m1").orElseThrow();
    assertThat(inError.pendingMoveTarget()).isNull();
    GameMap retried = store.retry("m1", T0);
    assertThat(retried.pendingMove()).isNull();
    assertThat(store.findMap("m1").orElseThrow().pendingMove()).isNull();
  }

  @Test
  void shouldReserveAQueuedMapsWaitingRoundAndDropTheReservationOnAMoveNow() {
    store.createMap(NewMap.of("m1", "s1").dueAt(LATER), T0);
    GameMap queued = store.findMap("m1").orElseThrow();

    store.move(MapMove.afterRound(queued, "b"), T0, LEASE);
    GameMap reserved = store.findMap("m1").orElseThrow();
    store.move(MapMove.now(reserved, "c", "j-now"), T0, LEASE);

    assertThat(reserved.reservedFor()).isEqualTo("b");
    assertThat(reserved.nextRoundTime()).isEqualTo(LATER);
    GameMap moved = store.findMap("m1").orElseThrow();
    assertThat(moved.pendingMove()).isNull();
    assertThat(moved.lease().serverId()).isEqualTo("c");
  }

  @Test
  void shouldLetExactlyOneOfACompletionAndAMoveOfTheSameLeaseWin() throws Exception {
    int mapCount = 30;
    List<GameMap> leased = new ArrayList<>();
    for (int i = 0; i < mapCount; i++) {
      createDue("race" + i);
      leased.add(claimOne(store, "race" + i, "a", T0));
    }
    OrchestratorStore otherHost = open();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch start = new CountDownLatch(1);
      Future<Integer> completions = pool.submit(() -> {
        start.await();
        int applied = 0;
        for (GameMap map : leased) {
          CompletionResult result =
              store.complete(map.mapId(), map.jobId(), "a", LATER.plusSeconds(60), LATER);
          applied += result.kind() == CompletionResult.Kind.APPLIED ? 1 : 0;
        }
        return applied;
      });
      Future<Integer> moves = pool.submit(() -> {
        start.await();
        int moved = 0;
        for (GameMap map : leased) {
          MoveResult result =
              otherHost.move(MapMove.now(map, "b", "moved-" + map.mapId()), LATER, LEASE);
          moved += result.kind() == MoveResult.Kind.MOVED ? 1 : 0;
        }
        return moved;
      });
      start.countDown();

      assertThat(completions.get(60, TimeUnit.SECONDS) + moves.get(60, TimeUnit.SECONDS))
          .isEqualTo(mapCount);
    } finally {
      pool.shutdownNow();
    }
    for (GameMap map : leased) {
      List<TaskRecord> history = store.history(map.mapId(), 10);
      assertThat(history).singleElement().satisfies(r -> assertThat(r.jobId())
          .isEqualTo(map.jobId()));
      GameMap now = store.findMap(map.mapId()).orElseThrow();
      if (history.get(0).outcome() == TaskOutcome.COMPLETED) {
        assertThat(now.status()).isEqualTo(MapStatus.QUEUED);
        assertThat(now.currentRoundNumber()).isEqualTo(1);
      } else {
        assertThat(history.get(0).outcome()).isEqualTo(TaskOutcome.REVOKED);
        assertThat(now.lease().serverId()).isEqualTo("b");
        assertThat(now.currentRoundNumber()).isZero();
      }
    }
  }

  @Test
  void shouldGiveAMovedLeaseToTheTargetAcrossClients() {
    createDue("m1");
    GameMap leased = claimOne(store, "m1", "a", T0);
    OrchestratorStore otherHost = open();

    otherHost.move(MapMove.now(leased, "b", "job-moved"), T0, LEASE);

    assertThat(store.leasesOf("b")).extracting(Lease::jobId).containsExactly("job-moved");
    assertThat(store.claim(
        List.of(new ClaimRequest("m1", leased.version() + 1, "c", "j-c")), LATER, LEASE))
        .isEmpty();
  }
}
