package dev.orchestrator.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.contract.ScriptedServer;
import dev.orchestrator.core.memory.InMemoryStore;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.policy.AssignmentPolicies;
import dev.orchestrator.core.policy.AssignmentPolicy;
import dev.orchestrator.core.policy.ServerCandidate;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.JobDone;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two job cycle batches in the store at once, on real threads: the first batch's store call is
 * held until the second has been planned.
 */
class BatchesInFlightTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final InMemoryStore backing = new InMemoryStore();
  private final AtomicBoolean holdNextCycle = new AtomicBoolean();
  private final CountDownLatch firstInStore = new CountDownLatch(1);
  private final CountDownLatch secondPlanned = new CountDownLatch(1);
  private final List<Set<String>> offers = new CopyOnWriteArrayList<>();
  private final AtomicBoolean recording = new AtomicBoolean();
  private final Orchestrator orchestrator =
      Orchestrator.builder()
          .store(InterceptedStore.of(backing, this::beforeStoreCall, 2))
          .policy(recordingPolicy())
          .hostId("test-host")
          .sweepInterval(Duration.ofMinutes(1))
          .build();

  @AfterEach
  void close() {
    orchestrator.close();
  }

  @Test
  void shouldNeverOfferAServerToTwoBatchesInFlightAtOnce() throws InterruptedException {
    // Given two servers working a map each and a third one idle
    orchestrator.start();
    List<ScriptedServer> servers = Stream.of("a", "b", "c").map(this::connect).toList();
    orchestrator.createMap(NewMap.of("m1", "s1"));
    orchestrator.createMap(NewMap.of("m2", "s1"));
    await().atMost(WAIT).until(() -> working(servers).size() == 2);
    List<ScriptedServer> working = working(servers);
    recording.set(true);
    holdNextCycle.set(true);

    // When the first finishes and its batch is held in the store, then the second finishes
    finish(working.get(0));
    assertThat(firstInStore.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    finish(working.get(1));

    // Then the second batch was planned while the first was in the store, with none of the
    // servers offered to the first, and both maps go round again
    await().atMost(WAIT).until(() -> roundOf("m1") == 1 && roundOf("m2") == 1);
    assertThat(secondPlanned.getCount()).as("second batch planned while the first was held")
        .isZero();
    assertThat(offers.get(0)).doesNotContainAnyElementsOf(offers.get(1));
    await().atMost(WAIT).until(() -> leasedCount() == 2);
  }

  private void beforeStoreCall(String method) {
    if (method.equals("completeAndClaim") && holdNextCycle.compareAndSet(true, false)) {
      firstInStore.countDown();
      try {
        secondPlanned.await(WAIT.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The default policy, remembering which servers each call was offered. */
  private AssignmentPolicy recordingPolicy() {
    AssignmentPolicy policy = AssignmentPolicies.defaultPolicy();
    return (List<GameMap> due, List<ServerCandidate> candidates, Instant now) -> {
      if (recording.get()) {
        Set<String> ids = new HashSet<>();
        candidates.forEach(candidate -> ids.add(candidate.serverId()));
        offers.add(ids);
        if (offers.size() == 2) {
          secondPlanned.countDown();
        }
      }
      return policy.assign(due, candidates, now);
    };
  }

  private ScriptedServer connect(String serverId) {
    ScriptedServer server = new ScriptedServer(serverId);
    server.connectedAs(orchestrator.attach(server));
    return server;
  }

  private static List<ScriptedServer> working(List<ScriptedServer> servers) {
    return servers.stream().filter(server -> !server.received(AssignJob.class).isEmpty()).toList();
  }

  private static void finish(ScriptedServer server) {
    AssignJob job = server.last(AssignJob.class);
    server.send(new JobDone(job.mapId(), Instant.now(), job.jobId()));
  }

  private long roundOf(String mapId) {
    return backing.findMap(mapId).orElseThrow().currentRoundNumber();
  }

  private long leasedCount() {
    return Stream.of("m1", "m2")
        .filter(id -> backing.findMap(id).orElseThrow().status() == MapStatus.PROCESSING)
        .count();
  }
}
