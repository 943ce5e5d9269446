package dev.orchestrator.host.chaos;

import static org.awaitility.Awaitility.await;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.GameServer;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.model.ServerStatus;
import dev.orchestrator.host.Host;
import dev.orchestrator.host.HostConfig;
import dev.orchestrator.host.internal.StoreFactory;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several hosts on one store, each with its own store client as separate machines have, a fleet
 * of {@link ChaosServer}s doing rounds, and a fault injector that, every {@code faultEvery},
 * picks a server in the middle of a job and either kills its socket (no close frame) or
 * partitions it: its connection stops carrying anything in either direction without closing,
 * and it cannot reconnect until its host has noticed (by ping/pong) and taken the server
 * offline, so the job has to be released and handed to another server.
 */
final class ChaosRun implements AutoCloseable {
  private static final Duration HEARTBEAT = Duration.ofSeconds(1);
  private static final Duration DETECTION_LIMIT = Duration.ofSeconds(20);
  /** Past the 30 s lease timeout, so a job the grace did not release is seen expiring. */
  private static final Duration RELEASE_LIMIT = Duration.ofSeconds(45);
  /** Detection (at most 5 s) plus the 1 s grace, with room for a loaded machine. */
  private static final Duration SLOW_RELEASE = Duration.ofSeconds(10);

  private final StoreFactory.Options storeOptions;
  private final int hostCount;
  private final int serversPerHost;
  private final int mapCount;
  private final int rounds;
  private final Random random;
  private final List<Host> hosts = new ArrayList<>();
  private final List<ChaosServer> servers = new ArrayList<>();
  private final Map<String, Set<String>> jobsSeen = new ConcurrentHashMap<>();
  private final Set<ChaosServer> partitioned = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);
  private final AtomicInteger kills = new AtomicInteger();
  private final AtomicInteger partitions = new AtomicInteger();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final List<Long> releaseMillis = new CopyOnWriteArrayList<>();
  private final List<String> slowReleases = new CopyOnWriteArrayList<>();
  private final AtomicInteger reassigned = new AtomicInteger();
  private final AtomicBoolean finishing = new AtomicBoolean();
  private final List<Long> detectionMillis = new CopyOnWriteArrayList<>();

  ChaosRun(StoreFactory.Options storeOptions, int hosts, int serversPerHost, int maps, int rounds,
      long seed) {
    this.storeOptions = storeOptions;
    this.hostCount = hosts;
    this.serversPerHost = serversPerHost;
    this.mapCount = maps;
    this.rounds = rounds;
    this.random = new Random(seed);
  }

  /** What was done to the system, and what the store recorded. */
  record Report(int hosts, int servers, int maps, long millis, int kills,
      int partitions, List<Long> detectionMillis, List<Long> releaseMillis, int reassigned,
      StoreInvariants.Summary history) {
    @Override
    public String toString() {
      long min = detectionMillis.stream().mapToLong(Long::longValue).min().orElse(0);
      long max = detectionMillis.stream().mapToLong(Long::longValue).max().orElse(0);
      long[] released = releaseMillis.stream().mapToLong(Long::longValue).sorted().toArray();
      long p99 = released.length == 0 ? 0 : released[(int) Math.ceil(0.99 * released.length) - 1];
      return String.format("%d hosts, %d servers, %d maps, %d rounds completed in"
          + " %d ms; faults: %d socket kills, %d partitions (each detected by the host in"
          + " %d to %d ms; %d of their jobs released and run elsewhere, within %d ms of the"
          + " partition at p99 and %d ms at most); history: %s", hosts, servers, maps,
          history.completedRounds(), millis, kills, partitions, min, max, reassigned, p99,
          released.length == 0 ? 0 : released[released.length - 1], history);
    }
  }

  /**
   * Runs until every map has had all its rounds, injecting a fault every {@code faultEvery},
   * then stops everything and checks the invariants on a fresh client of the store.
   */
  Report run(Duration faultEvery, Duration timeout) throws IOException {
    return run(faultEvery, Duration.ZERO, timeout, () -> { });
  }

  /**
   * Like {@link #run(Duration, Duration)}, but for at least {@code length}: rounds go on until
   * then (the map count and round limit should be large enough), {@code everyMinute} runs once a
   * minute, and after {@code length} the servers report each map's round in progress as its
   * last, so every map completes and the invariants can be checked.
   */
  Report run(Duration faultEvery, Duration length, Duration timeout, Runnable everyMinute)
      throws IOException {
    long started = System.nanoTime();
    for (int h = 0; h < hostCount; h++) {
      hosts.add(startHost(h));
    }
    for (int s = 0; s < hostCount * serversPerHost; s++) {
      int h = s % hostCount;
      ChaosServer server = new ChaosServer("chaos-" + s, h, hosts.get(h).wsPort(), rounds,
          Duration.ofMillis(100), Duration.ofMillis(300), random.nextLong(), jobsSeen,
          finishing, scheduler);
      servers.add(server);
      server.start();
    }
    List<String> mapIds = new ArrayList<>();
    for (int i = 0; i < mapCount; i++) {
      mapIds.add(String.format("chaos-%03d", i));
      hosts.get(i % hostCount).orchestrator().createMap(NewMap.of(mapIds.get(i), "s1"));
    }
    ScheduledFuture<?> faults = scheduler.scheduleWithFixedDelay(this::injectFault,
        faultEvery.toMillis(), faultEvery.toMillis(), TimeUnit.MILLISECONDS);
    ScheduledFuture<?> report = scheduler.scheduleAtFixedRate(everyMinute, 1, 1,
        TimeUnit.MINUTES);
    if (!length.isZero()) {
      scheduler.schedule(() -> finishing.set(true), length.toMillis(), TimeUnit.MILLISECONDS);
    }
    try {
      await().atMost(timeout).pollInterval(Duration.ofMillis(200))
          .until(() -> completed() == mapCount);
    } finally {
      faults.cancel(false);
      report.cancel(false);
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    await().atMost(RELEASE_LIMIT.plusSeconds(5)).until(partitioned::isEmpty);
    close();
    StoreFactory.Opened fresh = StoreFactory.open(storeOptions);
    try {
      StoreInvariants.Summary history =
          StoreInvariants.check(fresh.store(), mapIds, finishing.get() ? -1 : rounds, jobsSeen);
      return new Report(hostCount, servers.size(), mapCount, millis, kills.get(),
          partitions.get(), List.copyOf(detectionMillis), List.copyOf(releaseMillis),
          reassigned.get(), history);
    } finally {
      fresh.store().close();
    }
  }

  /** The hosts, for reports while a run goes on. */
  List<Host> hosts() {
    return hosts;
  }

  /**
   * Partitions whose server the host did not take offline within 20 s, or whose jobs were still
   * leased 45 s after the partition began, one line each.
   */
  List<String> partitionProblems() {
    return List.copyOf(problems);
  }

  /** Partitions whose jobs took more than 10 s to be released, one line each. */
  List<String> slowReleases() {
    return List.copyOf(slowReleases);
  }

  private Host startHost(int index) {
    StoreFactory.Opened opened = StoreFactory.open(storeOptions);
    Clock clock = opened.clock();
    return Host.start(HostConfig.builder()
        .bind("127.0.0.1").wsPort(0).httpPort(0)
        .store(opened.store(), opened.description())
        .hostId("chaos-host-" + index)
        .heartbeatInterval(HEARTBEAT)
        .reconnectGrace(Duration.ofSeconds(1))
        .leaseTimeout(Duration.ofSeconds(30))
        .maxAttempts(1000)
        .customize(b -> b.clock(clock).sweepInterval(Duration.ofMillis(100))
            .retryBackoff(Duration.ZERO, Duration.ZERO))
        .build());
  }

  private long completed() {
    return hosts.get(0).orchestrator().queue().stats().byStatus()
        .getOrDefault(MapStatus.COMPLETED, 0L);
  }

  private void injectFault() {
    List<ChaosServer> candidates = servers.stream()
        .filter(s -> s.isMidJob() && !partitioned.contains(s)).toList();
    if (candidates.isEmpty()) {
      return;
    }
    ChaosServer victim = candidates.get(random.nextInt(candidates.size()));
    if (random.nextBoolean() || partitioned.size() >= servers.size() / 3) {
      victim.proxy().dropAll();
      kills.incrementAndGet();
      return;
    }
    partitioned.add(victim);
    victim.proxy().refuseNew(true);
    victim.proxy().freezeAll();
    Map<String, String> leases = victim.runningLeases();
    partitions.incrementAndGet();
    long since = System.nanoTime();
    Instant partitionedAt = Instant.now();
    long[] detectedAfter = {-1};
    ScheduledFuture<?>[] probe = new ScheduledFuture<?>[1];
    probe[0] = scheduler.scheduleWithFixedDelay(() -> {
      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
      if (detectedAfter[0] < 0 && offline(victim)) {
        detectedAfter[0] = waited;
        detectionMillis.add(waited);
      }
      boolean released = detectedAfter[0] >= 0 && leases.entrySet().stream().allMatch(
          e -> !e.getValue().equals(liveJob(e.getKey())));
      boolean givenUp = waited > (detectedAfter[0] < 0 ? DETECTION_LIMIT : RELEASE_LIMIT)
          .toMillis();
      if (released || givenUp) {
        if (released) {
          reassigned.addAndGet(leases.size());
          releaseMillis.add(waited);
          if (waited > SLOW_RELEASE.toMillis()) {
            slowReleases.add(String.format("partition of %s: offline after %d ms, jobs released"
                + " after %d ms as %s", victim.serverId(), detectedAfter[0], waited,
                endings(leases)));
          }
        } else {
          problems.add(String.format("partition of %s: %s after %d ms (held %s; the client"
              + " says it is %s; partitioned at %s; registry now %s)", victim.serverId(),
              detectedAfter[0] < 0 ? "still online"
                  : "offline after " + detectedAfter[0] + " ms but its jobs still leased",
              waited, leases, victim.isConnected() ? "connected" : "not connected",
              partitionedAt, registry(victim)));
        }
        probe[0].cancel(false);
        victim.proxy().refuseNew(false);
        partitioned.remove(victim);
      }
    }, 50, 50, TimeUnit.MILLISECONDS);
  }

  /** How each of these leases ended, from the history. */
  private String endings(Map<String, String> leases) {
    List<String> endings = new ArrayList<>();
    leases.forEach((mapId, jobId) -> hosts.get(0).orchestrator().history(mapId, 100).stream()
        .filter(r -> r.jobId().equals(jobId)).findFirst()
        .ifPresent(r -> endings.add(r.outcome() + " (" + r.error() + ")")));
    return endings.toString();
  }

  /** The server's registry entry as its host sees it, for a problem report. */
  private String registry(ChaosServer server) {
    return hosts.get(server.host()).orchestrator().findServer(server.serverId())
        .map(g -> String.format("{status=%s, host=%s, connected_at=%s, disconnected_at=%s,"
            + " last_heartbeat=%s}", g.status(), g.hostId(), g.connectedAt(),
            g.disconnectedAt(), g.lastHeartbeat()))
        .orElse("none");
  }

  private boolean offline(ChaosServer server) {
    return hosts.get(server.host()).orchestrator().findServer(server.serverId())
        .map(GameServer::status).orElse(ServerStatus.OFFLINE) == ServerStatus.OFFLINE;
  }

  /** The job id of the map's live lease, or null. */
  private String liveJob(String mapId) {
    Lease lease = hosts.get(0).orchestrator().findMap(mapId).map(GameMap::lease).orElse(null);
    return lease == null ? null : lease.jobId();
  }

  @Override
  public void close() {
    if (scheduler.isShutdown()) {
      return;
    }
    servers.forEach(ChaosServer::close);
    hosts.forEach(Host::close);
    scheduler.shutdownNow();
  }
}
