package dev.orchestrator.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.model.ServerCommand;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.spi.ClaimRequest;
import dev.orchestrator.core.spi.CompletionResult;
import dev.orchestrator.core.spi.LeaseRelease;
import dev.orchestrator.core.spi.OrchestratorStore;
import dev.orchestrator.core.spi.StoreListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The store contract: what every {@link OrchestratorStore} must do, including under
 * concurrency and with several hosts. A store's test subclasses this and supplies {@link
 * #openStore()} and {@link #clearAll()}; the behaviour lives here, not in copies.
 */
public abstract class StoreContractTest extends StoreCycleContract {

  @Test
  void shouldCarrySignalsAndCommandsToOtherClients() {
    OrchestratorStore otherHost = open();
    AtomicInteger changes = new AtomicInteger();
    List<String> commands = new CopyOnWriteArrayList<>();
    otherHost.subscribe(
        new StoreListener() {
          @Override
          public void mapsChanged() {
            changes.incrementAndGet();
          }

          @Override
          public void commandRouted(String serverId, ServerCommand command) {
            commands.add(serverId + ":" + command.action() + ":" + command.params());
          }
        });

    store.signalMapsChanged();
    store.routeCommand("srv-9", new ServerCommand("c1", "restart", "{\"in\":5}"));

    await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() > 0 && !commands.isEmpty());
    assertThat(commands).containsExactly("srv-9:restart:{\"in\":5}");
  }

  @Test
  void shouldClaimEachDueMapExactlyOnceAcrossClientsAndThreads() throws Exception {
    int mapCount = 200;
    for (int i = 0; i < mapCount; i++) {
      createDue(String.format("m%03d", i));
    }
    List<OrchestratorStore> hosts = List.of(store, open(), open());
    ConcurrentHashMap<String, String> winners = new ConcurrentHashMap<>();
    AtomicInteger doubleWins = new AtomicInteger();
    List<Callable<Void>> claimers = new ArrayList<>();
    for (int h = 0; h < hosts.size(); h++) {
      for (int t = 0; t < 3; t++) {
        OrchestratorStore client = hosts.get(h);
        String serverId = "host" + h + "-srv" + t;
        claimers.add(
            () -> {
              List<GameMap> due;
              while (!(due = client.dueMaps(T0, 20, 0)).isEmpty()) {
                List<ClaimRequest> requests =
                    due.stream()
                        .map(m -> new ClaimRequest(m.mapId(), m.version(), serverId, newJobId()))
                        .toList();
                for (GameMap won : client.claim(requests, T0, LEASE)) {
                  if (winners.putIfAbsent(won.mapId(), serverId) != null) {
                    doubleWins.incrementAndGet();
                  }
                }
              }
              return null;
            });
      }
    }

    runTogether(claimers);

    assertThat(doubleWins).hasValue(0);
    assertThat(winners).hasSize(mapCount);
    for (String mapId : winners.keySet()) {
      GameMap map = store.findMap(mapId).orElseThrow();
      assertThat(map.status()).isEqualTo(MapStatus.PROCESSING);
      assertThat(map.lease().serverId()).isEqualTo(winners.get(mapId));
    }
  }

  @Test
  void shouldLetExactlyOneOfCompletionAndExpiryWin() throws Exception {
    int mapCount = 40;
    List<Lease> leases = new ArrayList<>();
    for (int i = 0; i < mapCount; i++) {
      createDue("race" + i);
      leases.add(claimOne(store, "race" + i, "srv", T0).lease());
    }
    OrchestratorStore otherHost = open();
    Instant late = T0.plus(LEASE).plusSeconds(1);
    AtomicInteger completions = new AtomicInteger();
    AtomicInteger expiries = new AtomicInteger();
    List<Callable<Void>> racers = new ArrayList<>();
    racers.add(
        () -> {
          for (Lease lease : leases) {
            CompletionResult result =
                store.complete(lease.mapId(), lease.jobId(), "srv", late.plusSeconds(60), late);
            if (result.kind() == CompletionResult.Kind.APPLIED) {
              completions.incrementAndGet();
            }
          }
          return null;
        });
    racers.add(
        () -> {
          for (Lease lease : leases) {
            LeaseRelease expiry =
                new LeaseRelease(lease.mapId(), lease.jobId(), TaskOutcome.TIMEOUT, "late", late);
            if (otherHost.release(expiry, late).isPresent()) {
              expiries.incrementAndGet();
            }
          }
          return null;
        });

    runTogether(racers);

    assertThat(completions.get() + expiries.get()).isEqualTo(mapCount);
    for (Lease lease : leases) {
      assertThat(store.history(lease.mapId(), 10)).hasSize(1);
      assertThat(store.findMap(lease.mapId()).orElseThrow().status()).isEqualTo(MapStatus.QUEUED);
    }
  }

  @Test
  void shouldCompleteEveryRoundExactlyOnceWithSeveralEngines() {
    int mapCount = 24;
    int rounds = 4;
    List<Orchestrator> engines = new ArrayList<>();
    try {
      for (int h = 0; h < 3; h++) {
        Orchestrator engine =
            Orchestrator.builder()
                .store(h == 0 ? store : open())
                .hostId("host-" + h)
                .sweepInterval(Duration.ofMillis(50))
                .build();
        engine.start();
        engines.add(engine);
        for (int s = 0; s < 4; s++) {
          ScriptedServer server =
              new ScriptedServer("h" + h + "-s" + s)
                  .onAssign(
                      (self, job) ->
                          self.send(
                              new JobDone(
                                  job.mapId(),
                                  job.currentRoundNumber() + 1 < rounds ? Instant.now() : null,
                                  job.jobId())));
          server.connectedAs(engine.attach(server));
        }
      }
      for (int i = 0; i < mapCount; i++) {
        engines.get(i % engines.size()).createMap(NewMap.of("multi" + i, "s1"));
      }

      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  LongStream.range(0, mapCount)
                      .allMatch(
                          i ->
                              store.findMap("multi" + i).orElseThrow().status()
                                  == MapStatus.COMPLETED));
    } finally {
      engines.forEach(Orchestrator::close);
    }
    for (int i = 0; i < mapCount; i++) {
      assertThat(completedRounds(store, "multi" + i))
          .as("completed rounds of multi%d", i)
          .containsExactly(0L, 1L, 2L, 3L);
      assertOneRecordPerLease(store, "multi" + i);
    }
  }

  @Test
  void shouldRequeueLeasesOfADeadHostOnAnotherHostWhenTheyExpire() {
    Orchestrator doomed =
        Orchestrator.builder()
            .store(store)
            .hostId("doomed")
            .leaseTimeout(Duration.ofSeconds(1))
            .sweepInterval(Duration.ofMillis(50))
            .build();
    Orchestrator survivor =
        Orchestrator.builder()
            .store(open())
            .hostId("survivor")
            .leaseTimeout(Duration.ofSeconds(1))
            .sweepInterval(Duration.ofMillis(50))
            .build();
    try {
      doomed.start();
      ScriptedServer hung = new ScriptedServer("hung");
      hung.connectedAs(doomed.attach(hung));
      doomed.createMap(NewMap.of("orphan", "s1"));
      await().atMost(Duration.ofSeconds(10))
          .until(() -> !hung.received(dev.orchestrator.core.protocol.AssignJob.class).isEmpty());
      doomed.close();

      survivor.start();
      ScriptedServer rescuer =
          new ScriptedServer("rescuer")
              .onAssign((self, job) -> self.send(new JobDone(job.mapId(), null, job.jobId())));
      rescuer.connectedAs(survivor.attach(rescuer));

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> store.findMap("orphan").orElseThrow().status() == MapStatus.COMPLETED);
    } finally {
      doomed.close();
      survivor.close();
    }
    assertThat(store.history("orphan", 10))
        .extracting(dev.orchestrator.core.model.TaskRecord::outcome)
        .containsExactly(TaskOutcome.COMPLETED, TaskOutcome.TIMEOUT);
    assertThat(completedRounds(store, "orphan")).containsExactly(0L);
  }
}
