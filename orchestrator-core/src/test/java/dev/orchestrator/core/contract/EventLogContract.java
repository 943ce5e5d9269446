package dev.orchestrator.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.core.model.EventType;
import dev.orchestrator.core.model.OrchestratorEvent;
import dev.orchestrator.core.spi.EventLog;
import dev.orchestrator.core.spi.EventPage;
import dev.orchestrator.core.spi.LoggedEvent;
import dev.orchestrator.core.spi.OrchestratorStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The {@link EventLog} a store offers, seen from several clients as several hosts would: one
 * numbering for everyone, resume and reset, trimming, wake-ups. A store without a log of its
 * own skips these tests, since hosts then keep their events in their own process. Part of
 * {@link StoreContractTest}.
 */
public abstract class EventLogContract extends StoreContractSupport {

  @Test
  void shouldShowEventsAppendedOnOneClientOnAnotherUnderTheSameIds() {
    OrchestratorStore otherHost = open();
    long start = start(store);
    OrchestratorEvent full = new OrchestratorEvent(EventType.JOB_COMPLETED,
        T0.plusNanos(123_000), "m1", "srv-1", "job-1", 7,
        Map.of("status", "queued", "next_round_time", T0.plusSeconds(60).toString()));
    OrchestratorEvent bare = new OrchestratorEvent(EventType.SERVER_CONNECTED, T0.plusSeconds(1),
        null, "srv-2", null, 0, Map.of());

    logOf(store).append(List.of(full, bare), false);

    EventPage seen = logOf(otherHost).read(start, 10);
    assertThat(seen.reset()).isFalse();
    assertThat(seen.events()).extracting(LoggedEvent::event).containsExactly(full, bare);
    assertThat(seen.events()).extracting(LoggedEvent::afterLoss).containsExactly(false, false);
    assertThat(seen.events().get(0).id()).isGreaterThan(start);
    assertThat(seen.events().get(1).id()).isGreaterThan(seen.events().get(0).id());
    assertThat(seen.latestId()).isEqualTo(seen.events().get(1).id());
    assertThat(logOf(store).read(start, 10).events()).isEqualTo(seen.events());
  }

  @Test
  void shouldResumeFromAnyHeldPositionAndResetAnIdItNeverHandedOut() {
    long start = start(store);
    logOf(store).append(events("e", 5), false);
    List<LoggedEvent> all = logOf(store).read(start, 10).events();

    EventPage resumed = logOf(open()).read(all.get(1).id(), 10);
    assertThat(resumed.events()).extracting(e -> e.event().mapId())
        .containsExactly("e2", "e3", "e4");
    assertThat(logOf(store).read(all.get(4).id(), 10).events()).isEmpty();
    assertThat(logOf(store).read(all.get(0).id(), 2).events()).hasSize(2);

    EventPage future = logOf(store).read(all.get(4).id() + 1000, 10);
    assertThat(future.reset()).isTrue();
    assertThat(future.events()).isEmpty();
    assertThat(future.latestId()).isEqualTo(all.get(4).id());
  }

  @Test
  void shouldMarkTheFirstEventOfABatchAppendedAfterALoss() {
    long start = start(store);
    logOf(store).append(events("x", 2), true);
    logOf(store).append(List.of(), true);

    assertThat(logOf(store).read(start, 10).events()).extracting(LoggedEvent::afterLoss)
        .containsExactly(true, false);
  }

  @Test
  void shouldNumberConcurrentAppendsFromSeveralClientsInOneIncreasingOrder() throws Exception {
    long start = start(store);
    List<OrchestratorStore> hosts = List.of(store, open(), open());
    int batches = 20;
    int perBatch = 5;
    List<Callable<Void>> appenders = new ArrayList<>();
    for (int h = 0; h < hosts.size(); h++) {
      EventLog log = logOf(hosts.get(h));
      String host = "h" + h + "-";
      appenders.add(() -> {
        for (int b = 0; b < batches; b++) {
          log.append(events(host + b + "-", perBatch), false);
        }
        return null;
      });
    }
    runAll(appenders);

    List<LoggedEvent> all = readAll(logOf(open()), start);
    assertThat(all).hasSize(hosts.size() * batches * perBatch);
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i).id()).isGreaterThan(all.get(i - 1).id());
    }
    for (int h = 0; h < hosts.size(); h++) {
      String host = "h" + h + "-";
      List<String> own = all.stream().map(e -> e.event().mapId())
          .filter(id -> id.startsWith(host)).toList();
      List<String> expected = new ArrayList<>();
      for (int b = 0; b < batches; b++) {
        for (int i = 0; i < perBatch; i++) {
          expected.add(host + b + "-" + i);
        }
      }
      assertThat(own).as("events of client %d in append order", h).isEqualTo(expected);
    }
  }

  @Test
  void shouldKeepAtLeastItsCapacityAndResetReadersBehindWhatItKeeps() {
    EventLog log = logOf(store);
    long start = start(store);
    int total = log.capacity() + log.capacity() / 4 + 10;
    for (int appended = 0; appended < total; appended += 500) {
      log.append(events("t" + appended + "-", Math.min(500, total - appended)), false);
    }

    EventPage behind = log.read(start, 10);
    assertThat(behind.reset()).isTrue();
    assertThat(behind.floorId()).isGreaterThan(start);
    List<LoggedEvent> kept = readAll(log, behind.floorId());
    assertThat(kept.size()).isGreaterThanOrEqualTo(log.capacity()).isLessThan(total);
    assertThat(kept.get(kept.size() - 1).id()).isEqualTo(behind.latestId());
  }

  @Test
  void shouldWakeReadersOnOtherClientsAfterAnAppend() {
    AtomicInteger wakeUps = new AtomicInteger();
    OrchestratorStore otherHost = open();
    OrchestratorStore.Subscription subscription =
        logOf(otherHost).onAppend(wakeUps::incrementAndGet);
    try {
      logOf(store).append(events("w", 1), false);

      await().atMost(Duration.ofSeconds(10)).until(() -> wakeUps.get() > 0);
    } finally {
      subscription.close();
    }
  }

  @Test
  void shouldSkipAndCountEventsOfATypeThisVersionDoesNotKnow() {
    long start = start(store);
    logOf(store).append(events("k", 1), false);
    for (int i = 0; i < 3; i++) {
      storeEventOfUnknownType(store, "MAP_TELEPORTED");
    }
    logOf(store).append(events("n", 2), false);

    EventLog reader = logOf(open());
    EventPage page = reader.read(start, 2);

    assertThat(page.reset()).isFalse();
    assertThat(page.events()).extracting(e -> e.event().mapId()).containsExactly("k0", "n0");
    assertThat(reader.unknownTypesSkipped()).isEqualTo(3);
    EventPage rest = reader.read(page.events().get(1).id(), 10);
    assertThat(rest.events()).extracting(e -> e.event().mapId()).containsExactly("n1");
    assertThat(rest.latestId()).isEqualTo(rest.events().get(0).id());
  }

  /**
   * Stores one event whose type name this version does not know, as a newer host sharing the
   * store would, bypassing {@link EventLog#append}. A store whose log lives in a shared service
   * (rows, stream entries) must override this with a write of its own stored form; by default
   * the test is skipped, which is right only for a log that keeps events as objects in the
   * process, where no event can have an unknown type.
   */
  protected void storeEventOfUnknownType(OrchestratorStore client, String typeName) {
    Assumptions.abort(getClass().getSimpleName() + " keeps its event log as objects in the"
        + " process, so no stored event can have a type it does not know");
  }

  /** The store's log; a store without one skips these tests. */
  private static EventLog logOf(OrchestratorStore client) {
    Assumptions.assumeTrue(client.eventLog().isPresent(),
        "the store offers no event log; hosts keep their events in their own process");
    return client.eventLog().orElseThrow();
  }

  /** The position a new reader starts from: the newest id. */
  private static long start(OrchestratorStore client) {
    return logOf(client).read(0, 0).latestId();
  }

  private static List<OrchestratorEvent> events(String prefix, int count) {
    List<OrchestratorEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(new OrchestratorEvent(EventType.MAP_CREATED, T0.plusSeconds(i), prefix + i,
          null, null, 1, Map.of()));
    }
    return events;
  }

  private static List<LoggedEvent> readAll(EventLog log, long after) {
    List<LoggedEvent> all = new ArrayList<>();
    long position = after;
    while (true) {
      EventPage page = log.read(position, 1000);
      assertThat(page.reset()).as("reset while reading from %d", position).isFalse();
      if (page.events().isEmpty()) {
        return all;
      }
      all.addAll(page.events());
      position = page.events().get(page.events().size() - 1).id();
    }
  }

  private static void runAll(List<Callable<Void>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      for (Future<Void> future : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
