package dev.orchestrator.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.spi.OrchestratorStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * Several engines on one shared store, each on its own store client as separate hosts are, with
 * many in-process game servers that answer every {@code assign_job} at once with {@code job_done}
 * (next round due now until the last round). Every assign a server receives and every {@code
 * job_done} it sends is logged with a global sequence number, so the order of leases on one map can
 * be checked afterwards, next to what the store itself recorded. Stores run it at scale in
 * their own tests (it needs minutes of real time, too long for every contract run).
 */
public final class FleetScenario {
  private final int engines;
  private final int serversPerEngine;
  private final int maps;
  private final int rounds;
  private final AtomicLong sequence = new AtomicLong();
  private final ConcurrentLinkedQueue<Step> log = new ConcurrentLinkedQueue<>();

  /** One assign received or one {@code job_done} sent by a server, in global order. */
  record Step(long seq, String mapId, String jobId, boolean assign, long round, Instant at) {}

  /** A fleet of {@code engines} x {@code serversPerEngine} servers over {@code maps} maps. */
  public FleetScenario(int engines, int serversPerEngine, int maps, int rounds) {
    this.engines = engines;
    this.serversPerEngine = serversPerEngine;
    this.maps = maps;
    this.rounds = rounds;
  }

  public static String mapId(int i) {
    return String.format("fleet-%05d", i);
  }

  /**
   * Starts one engine per client in {@code clients} (which must hold {@link #engines} clients of the
   * same data), attaches the servers, creates the maps round-robin through the engines and waits
   * until {@code observer} counts every map completed.
   *
   * @param clockOf the clock of each client, given to its engine and used by its servers
   */
  public <S extends OrchestratorStore> void run(
      List<S> clients, Function<S, Clock> clockOf, OrchestratorStore observer, Duration timeout) {
    assertThat(clients).hasSize(engines);
    List<Orchestrator> started = new ArrayList<>();
    try {
      for (int h = 0; h < engines; h++) {
        S client = clients.get(h);
        Clock clock = clockOf.apply(client);
        Orchestrator engine =
            Orchestrator.builder()
                .store(client)
                .clock(clock)
                .hostId("fleet-host-" + h)
                .sweepInterval(Duration.ofMillis(200))
                .heartbeatInterval(Duration.ofMinutes(10))
                .build();
        engine.start();
        started.add(engine);
        for (int s = 0; s < serversPerEngine; s++) {
          ScriptedServer server =
              new ScriptedServer("h" + h + "-s" + s).onAssign((self, job) -> answer(self, job.mapId(),
                  job.jobId(), job.currentRoundNumber(), clock));
          server.connectedAs(engine.attach(server));
        }
      }
      for (int i = 0; i < maps; i++) {
        started.get(i % engines).createMap(NewMap.of(mapId(i), "s1"));
      }
      Clock observerClock = Clock.systemUTC();
      await()
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  observer.queueStats(observerClock.instant()).byStatus().get(MapStatus.COMPLETED)
                      == maps);
    } finally {
      started.forEach(Orchestrator::close);
    }
  }

  private void answer(ScriptedServer self, String mapId, String jobId, long round, Clock clock) {
    log.add(new Step(sequence.incrementAndGet(), mapId, jobId, true, round, clock.instant()));
    Instant next = round + 1 < rounds ? clock.instant() : null;
    log.add(new Step(sequence.incrementAndGet(), mapId, jobId, false, round, clock.instant()));
    self.send(new JobDone(mapId, next, jobId));
  }

  /**
   * Checks, from {@code store}: every map completed with exactly one completed record per round and
   * nothing else, job ids unique across all history, and the same leases as the servers saw. Checks,
   * from the servers' log: on each map, assigns and completions alternate, for rounds 0, 1, ... in
   * order, each completion naming the job just assigned.
   */
  public void assertEveryRoundCompletedOnceWithoutOverlap(OrchestratorStore store) {
    Map<String, List<Step>> byMap =
        log.stream().collect(Collectors.groupingBy(Step::mapId));
    List<String> allJobs = new ArrayList<>();
    List<Long> expectedRounds = LongStream.range(0, rounds).boxed().toList();
    for (int i = 0; i < maps; i++) {
      String mapId = mapId(i);
      GameMap map = store.findMap(mapId).orElseThrow();
      assertThat(map.status()).as("status of %s", mapId).isEqualTo(MapStatus.COMPLETED);

      List<TaskRecord> history = store.history(mapId, 100_000);
      assertThat(history)
          .as("outcomes in the history of %s", mapId)
          .allMatch(r -> r.outcome() == TaskOutcome.COMPLETED);
      assertThat(history.stream().map(TaskRecord::roundNumber).sorted())
          .as("completed rounds of %s", mapId)
          .containsExactlyElementsOf(expectedRounds);
      history.forEach(r -> allJobs.add(r.jobId()));

      List<Step> steps = new ArrayList<>(byMap.getOrDefault(mapId, List.of()));
      steps.sort(Comparator.comparingLong(Step::seq));
      assertThat(steps).as("assigns and job_dones of %s", mapId).hasSize(2 * rounds);
      for (int k = 0; k < steps.size(); k += 2) {
        Step assign = steps.get(k);
        Step done = steps.get(k + 1);
        assertThat(assign.assign())
            .as("step %d of %s is an assign (a second job was outstanding otherwise): %s",
                k, mapId, steps)
            .isTrue();
        assertThat(done.assign()).as("step %d of %s is a job_done: %s", k + 1, mapId, steps)
            .isFalse();
        assertThat(done.jobId()).as("job_done after assign on %s: %s", mapId, steps)
            .isEqualTo(assign.jobId());
        assertThat(assign.round()).as("round of assign %d of %s: %s", k / 2, mapId, steps)
            .isEqualTo(k / 2);
      }
      Set<String> assignedJobs = new HashSet<>();
      steps.stream().filter(Step::assign).forEach(s -> assignedJobs.add(s.jobId()));
      assertThat(history.stream().map(TaskRecord::jobId).collect(Collectors.toSet()))
          .as("jobs in the history of %s are the jobs its servers were assigned", mapId)
          .isEqualTo(assignedJobs);
    }
    assertThat(allJobs).as("job ids across all history").doesNotHaveDuplicates()
        .hasSize(maps * rounds);
  }
}
