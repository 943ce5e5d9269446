package dev.orchestrator.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.core.MapExistsException;
import dev.orchestrator.core.MapNotFoundException;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.GameServer;
import dev.orchestrator.core.model.IllegalTransitionException;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.model.ServerMetrics;
import dev.orchestrator.core.model.ServerStatus;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.spi.ClaimRequest;
import dev.orchestrator.core.spi.CompletionResult;
import dev.orchestrator.core.spi.LeaseRelease;
import dev.orchestrator.core.spi.MapPage;
import dev.orchestrator.core.spi.MapQuery;
import dev.orchestrator.core.spi.QueueStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Single-client behaviour of every SPI operation. Part of {@link StoreContractTest}. */
public abstract class StoreOperationsContract extends EventLogContract {

  @Test
  void shouldCreateQueuedMapDueNowWithDefaults() {
    GameMap created = store.createMap(NewMap.of("planet_1", "7"), T0);

    assertThat(created.status()).isEqualTo(MapStatus.QUEUED);
    assertThat(created.nextRoundTime()).isEqualTo(T0);
    assertThat(created.currentRoundNumber()).isZero();
    assertThat(store.findMap("planet_1")).contains(created);
  }

  @Test
  void shouldKeepEveryFieldOfACreatedMap() {
    NewMap spec =
        NewMap.of("arena", "s2")
            .atRound(4, 9)
            .dueAt(T0.plusSeconds(30))
            .withPriority(3)
            .withLabels(Map.of("region", "eu"))
            .withMapConfig("{\"size\":12,\"name\":\"x\"}");

    store.createMap(spec, T0);

    GameMap found = store.findMap("arena").orElseThrow();
    assertThat(found.roundId()).isEqualTo(4);
    assertThat(found.currentRoundNumber()).isEqualTo(9);
    assertThat(found.nextRoundTime()).isEqualTo(T0.plusSeconds(30));
    assertThat(found.priority()).isEqualTo(3);
    assertThat(found.labels()).isEqualTo(Map.of("region", "eu"));
    assertThat(found.mapConfig()).contains("\"size\":12");
    assertThat(found.createdAt()).isEqualTo(T0);
  }

  @Test
  void shouldRejectDuplicateMapId() {
    createDue("m1");

    assertThatThrownBy(() -> store.createMap(NewMap.of("m1", "s"), T0))
        .isInstanceOf(MapExistsException.class)
        .hasMessageContaining("m1");
  }

  @Test
  void shouldOrderDueMapsByPriorityThenDueTimeThenId() {
    store.createMap(NewMap.of("late", "s").dueAt(T0.minusSeconds(1)), T0);
    store.createMap(NewMap.of("early-b", "s").dueAt(T0.minusSeconds(9)), T0);
    store.createMap(NewMap.of("early-a", "s").dueAt(T0.minusSeconds(9)), T0);
    store.createMap(NewMap.of("urgent", "s").dueAt(T0).withPriority(5), T0);
    store.createMap(NewMap.of("future", "s").dueAt(T0.plusSeconds(1)).withPriority(9), T0);

    List<String> due = store.dueMaps(T0, 10, 0).stream().map(GameMap::mapId).toList();

    assertThat(due).containsExactly("urgent", "early-a", "early-b", "late");
    assertThat(store.dueMaps(T0, 2, 1).stream().map(GameMap::mapId))
        .containsExactly("early-a", "early-b");
    assertThat(store.nextDueTime()).contains(T0.minusSeconds(9));
  }

  @Test
  void shouldLeaseClaimedMapWithOneLiveLease() {
    createDue("m1");

    GameMap leased = claimOne(store, "m1", "srv-a", T0);

    assertThat(leased.status()).isEqualTo(MapStatus.PROCESSING);
    Lease lease = leased.lease();
    assertThat(lease.serverId()).isEqualTo("srv-a");
    assertThat(lease.attempt()).isEqualTo(1);
    assertThat(lease.deadline()).isEqualTo(T0.plus(LEASE));
    assertThat(store.findMap("m1")).contains(leased);
    assertThat(store.leasesOf("srv-a")).containsExactly(lease);
    assertThat(store.dueMaps(T0, 10, 0)).isEmpty();
  }

  @Test
  void shouldRefuseClaimOfChangedNotDueOrLeasedMap() {
    GameMap map = createDue("m1");
    store.createMap(NewMap.of("later", "s").dueAt(T0.plusSeconds(60)), T0);

    List<GameMap> staleVersion =
        store.claim(List.of(new ClaimRequest("m1", map.version() + 1, "a", "j1")), T0, LEASE);
    GameMap later = store.findMap("later").orElseThrow();
    List<GameMap> notDue =
        store.claim(List.of(new ClaimRequest("later", later.version(), "a", "j2")), T0, LEASE);
    claimOne(store, "m1", "a", T0);
    List<GameMap> leasedAlready =
        store.claim(List.of(new ClaimRequest("m1", map.version(), "b", "j3")), T0, LEASE);

    assertThat(staleVersion).isEmpty();
    assertThat(notDue).isEmpty();
    assertThat(leasedAlready).isEmpty();
    assertThat(store.findMap("m1").orElseThrow().lease().serverId()).isEqualTo("a");
  }

  @Test
  void shouldCompleteRoundAndRequeueForNextRoundTime() {
    createDue("m1");
    Lease lease = claimOne(store, "m1", "a", T0).lease();
    Instant next = T0.plusSeconds(300);

    CompletionResult result = store.complete("m1", lease.jobId(), "a", next, T0.plusSeconds(2));

    assertThat(result.kind()).isEqualTo(CompletionResult.Kind.APPLIED);
    GameMap map = store.findMap("m1").orElseThrow();
    assertThat(map.status()).isEqualTo(MapStatus.QUEUED);
    assertThat(map.nextRoundTime()).isEqualTo(next);
    assertThat(map.currentRoundNumber()).isEqualTo(1);
    assertThat(map.lastProcessed()).isEqualTo(T0.plusSeconds(2));
    assertThat(map.lease()).isNull();
    assertThat(store.leasesOf("a")).isEmpty();
    TaskRecord record = store.findTask(lease.jobId()).orElseThrow();
    assertThat(record.outcome()).isEqualTo(TaskOutcome.COMPLETED);
    assertThat(record.duration()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void shouldCompleteMapWhenNoNextRoundTime() {
    createDue("m1");
    Lease lease = claimOne(store, "m1", "a", T0).lease();

    store.complete("m1", lease.jobId(), "a", null, T0);

    GameMap map = store.findMap("m1").orElseThrow();
    assertThat(map.status()).isEqualTo(MapStatus.COMPLETED);
    assertThat(map.nextRoundTime()).isNull();
    assertThat(store.nextDueTime()).isEmpty();
  }

  @Test
  void shouldRejectStaleCompletionAndChangeNothing() {
    createDue("m1");
    Lease lease = claimOne(store, "m1", "a", T0).lease();
    GameMap before = store.findMap("m1").orElseThrow();

    CompletionResult wrongJob = store.complete("m1", "job-other", "a", T0, T0);
    CompletionResult wrongServer = store.complete("m1", lease.jobId(), "b", T0, T0);
    CompletionResult noMap = store.complete("nope", lease.jobId(), "a", T0, T0);

    assertThat(wrongJob.kind()).isEqualTo(CompletionResult.Kind.STALE);
    assertThat(wrongServer.kind()).isEqualTo(CompletionResult.Kind.STALE);
    assertThat(noMap.kind()).isEqualTo(CompletionResult.Kind.UNKNOWN_MAP);
    assertThat(store.findMap("m1")).contains(before);
    assertThat(store.history("m1", 10)).isEmpty();
  }

  @Test
  void shouldReportDuplicateCompletionAndCountItOnce() {
    createDue("m1");
    Lease lease = claimOne(store, "m1", "a", T0).lease();
    store.complete("m1", lease.jobId(), "a", T0.plusSeconds(60), T0);
    GameMap after = store.findMap("m1").orElseThrow();

    CompletionResult again = store.complete("m1", lease.jobId(), "a", T0.plusSeconds(60), T0);

    assertThat(again.kind()).isEqualTo(CompletionResult.Kind.DUPLICATE);
    assertThat(store.findMap("m1")).contains(after);
    assertThat(completedRounds(store, "m1")).containsExactly(0L);
  }

  @Test
  void shouldRequeueReleasedLeaseKeepingAttemptAndWriteOneRecord() {
    createDue("m1");
    Lease lease = claimOne(store, "m1", "a", T0).lease();

    GameMap released =
        store
            .release(
                new LeaseRelease("m1", lease.jobId(), TaskOutcome.FAILED, "boom", T0.plusSeconds(1)),
                T0)
            .orElseThrow();

    assertThat(released.status()).isEqualTo(MapStatus.QUEUED);
    assertThat(released.nextRoundTime()).isEqualTo(T0.plusSeconds(1));
    assertThat(released.attempt()).isEqualTo(1);
    assertThat(released.lastError()).isEqualTo("boom");
    assertThat(claimOne(store, "m1", "b", T0.plusSeconds(1)).lease().attempt()).isEqualTo(2);
    assertThat(store.history("m1", 10)).singleElement().satisfies(r -> {
      assertThat(r.outcome()).isEqualTo(TaskOutcome.FAILED);
      assertThat(r.error()).isEqualTo("boom");
    });
  }

  @Test
  void shouldPutMapInErrorWhenReleasedWithoutRequeueTime() {
    createDue("m1");
    Lease lease = claimOne(store, "m1", "a", T0).lease();

    store.release(new LeaseRelease("m1", lease.jobId(), TaskOutcome.TIMEOUT, "late", null), T0);

    assertThat(store.findMap("m1").orElseThrow().status()).isEqualTo(MapStatus.ERROR);
    assertThat(store.history("m1", 10).get(0).outcome()).isEqualTo(TaskOutcome.TIMEOUT);
  }

  @Test
  void shouldIgnoreReleaseOfStaleLease() {
    createDue("m1");
    claimOne(store, "m1", "a", T0);
    GameMap before = store.findMap("m1").orElseThrow();

    assertThat(store.release(new LeaseRelease("m1", "old", TaskOutcome.FAILED, "x", T0), T0))
        .isEmpty();
    assertThat(store.findMap("m1")).contains(before);
  }

  @Test
  void shouldRenewOnlyTheLiveLeaseAndReportExpiredLeases() {
    createDue("m1");
    createDue("m2");
    Lease first = claimOne(store, "m1", "a", T0).lease();
    Lease second = claimOne(store, "m2", "a", T0.plusSeconds(10)).lease();

    assertThat(store.renew("m1", first.jobId(), T0.plus(LEASE).plusSeconds(60))).isTrue();
    assertThat(store.renew("m1", "other", T0)).isFalse();

    assertThat(store.expiredLeases(T0.plus(LEASE).plusSeconds(10), 10))
        .extracting(Lease::jobId)
        .containsExactly(second.jobId());
    assertThat(store.expiredLeases(T0.plus(LEASE).plusSeconds(60), 10))
        .extracting(Lease::jobId)
        .containsExactly(second.jobId(), first.jobId());
  }

  @Test
  void shouldRetryMapInErrorAndRefuseRetryOfQueuedMap() {
    createDue("m1");
    Lease lease = claimOne(store, "m1", "a", T0).lease();
    store.release(new LeaseRelease("m1", lease.jobId(), TaskOutcome.FAILED, "x", null), T0);

    GameMap retried = store.retry("m1", T0.plusSeconds(5));

    assertThat(retried.status()).isEqualTo(MapStatus.QUEUED);
    assertThat(retried.attempt()).isZero();
    assertThat(retried.nextRoundTime()).isEqualTo(T0.plusSeconds(5));
    assertThatThrownBy(() -> store.retry("m1", T0)).isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> store.retry("none", T0)).isInstanceOf(MapNotFoundException.class);
  }

  @Test
  void shouldRevokeLeaseWhenLeasedMapIsDeleted() {
    createDue("m1");
    Lease lease = claimOne(store, "m1", "a", T0).lease();

    assertThat(store.deleteMap("m1", T0)).isPresent();

    assertThat(store.findMap("m1")).isEmpty();
    assertThat(store.leasesOf("a")).isEmpty();
    assertThat(store.expiredLeases(T0.plus(LEASE).plusSeconds(1), 10)).isEmpty();
    assertThat(store.findTask(lease.jobId()).orElseThrow().outcome())
        .isEqualTo(TaskOutcome.REVOKED);
    assertThat(store.deleteMap("m1", T0)).isEmpty();
  }

  @Test
  void shouldPageMapsByIdWithFilters() {
    for (String id : List.of("c", "a", "e", "b", "d")) {
      store.createMap(NewMap.of(id, id.equals("e") ? "s2" : "s1"), T0);
    }
    claimOne(store, "b", "x", T0);

    MapPage first = store.listMaps(MapQuery.all(2));
    MapPage second = store.listMaps(new MapQuery(null, null, first.nextCursor(), 2));
    MapPage last = store.listMaps(new MapQuery(null, null, second.nextCursor(), 2));

    assertThat(first.maps()).extracting(GameMap::mapId).containsExactly("a", "b");
    assertThat(second.maps()).extracting(GameMap::mapId).containsExactly("c", "d");
    assertThat(last.maps()).extracting(GameMap::mapId).containsExactly("e");
    assertThat(last.nextCursor()).isNull();
    assertThat(store.listMaps(new MapQuery(MapStatus.PROCESSING, null, null, 10)).maps())
        .extracting(GameMap::mapId)
        .containsExactly("b");
    assertThat(store.listMaps(new MapQuery(null, "s2", null, 10)).maps())
        .extracting(GameMap::mapId)
        .containsExactly("e");
  }

  @Test
  void shouldCountMapsByStatusAndDueNow() {
    store.createMap(NewMap.of("old", "s").dueAt(T0.minusSeconds(30)), T0);
    createDue("now");
    store.createMap(NewMap.of("later", "s").dueAt(T0.plusSeconds(30)), T0);
    createDue("leased");
    claimOne(store, "leased", "a", T0);

    QueueStats stats = store.queueStats(T0);

    assertThat(stats.byStatus())
        .containsEntry(MapStatus.QUEUED, 3L)
        .containsEntry(MapStatus.PROCESSING, 1L)
        .containsEntry(MapStatus.ERROR, 0L)
        .containsEntry(MapStatus.COMPLETED, 0L);
    assertThat(stats.dueNow()).isEqualTo(2);
    assertThat(stats.oldestDue()).isEqualTo(T0.minusSeconds(30));
    assertThat(stats.leased()).isEqualTo(1);
  }

  @Test
  void shouldKeepHistoryNewestFirstAndPurgeOldRecords() {
    createDue("m1");
    Lease first = claimOne(store, "m1", "a", T0).lease();
    store.complete("m1", first.jobId(), "a", T0.plusSeconds(10), T0.plusSeconds(1));
    Lease second = claimOne(store, "m1", "a", T0.plusSeconds(10)).lease();
    store.complete("m1", second.jobId(), "a", T0.plusSeconds(20), T0.plusSeconds(11));

    assertThat(store.history("m1", 10))
        .extracting(TaskRecord::jobId)
        .containsExactly(second.jobId(), first.jobId());
    assertThat(store.history("m1", 1)).extracting(TaskRecord::jobId).containsExactly(second.jobId());

    assertThat(store.purgeHistory(T0.plusSeconds(5))).isEqualTo(1);
    assertThat(store.history("m1", 10)).extracting(TaskRecord::jobId).containsExactly(second.jobId());
    assertThat(store.findTask(first.jobId())).isEmpty();
  }

  @Test
  void shouldSaveFindAndFilterServers() {
    GameServer idle = server("srv-b", ServerStatus.IDLE);
    GameServer offline = server("srv-a", ServerStatus.OFFLINE);
    store.saveServer(idle);
    store.saveServer(offline);
    GameServer updated = server("srv-b", ServerStatus.BUSY);
    store.saveServer(updated);

    assertThat(store.findServer("srv-b")).contains(updated);
    assertThat(store.listServers(null)).extracting(GameServer::serverId)
        .containsExactly("srv-a", "srv-b");
    assertThat(store.listServers(ServerStatus.OFFLINE)).containsExactly(offline);
    assertThat(store.findServer("none")).isEmpty();
  }

  private static GameServer server(String id, ServerStatus status) {
    ServerMetrics metrics =
        new ServerMetrics(12.5, 40.0, 10.0, 5.0, 30.0, 90.0, 80.0, Map.of("players", 12.0));
    return new GameServer(id, "10.0.0.1", status, Map.of("region", "eu"), 2, metrics,
        List.of("m9"), 5, 4, 1, T0, null, T0.plusSeconds(3), false, "host-1", "1.2.3");
  }
}
