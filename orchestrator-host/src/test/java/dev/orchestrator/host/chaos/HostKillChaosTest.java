package dev.orchestrator.host.chaos;

import static org.awaitility.Awaitility.await;

import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.spi.OrchestratorStore;
import dev.orchestrator.host.SharedServices;
import dev.orchestrator.host.crash.HostProcess;
import dev.orchestrator.host.internal.StoreFactory;
import dev.orchestrator.host.internal.StoreFactory.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chaos suite's host fault: three host processes on one store with a fleet doing rounds,
 * and two of them killed with SIGKILL while their servers hold leases, one after the other. Each game
 * server reaches its host through its own loopback relay, which, like a load balancer that has
 * taken the dead backend out, sends its reconnect to a surviving host. Afterwards a fresh client
 * of the store must show every round of every map completed exactly once, no overlapping leases
 * and one history record per lease.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class HostKillChaosTest {
  private static final int HOSTS = 3;
  private static final int SERVERS_PER_HOST = 3;
  private static final int MAPS = 24;
  private static final int ROUNDS = 12;

  @Test
  void shouldLoseNoRoundWhenHostsAreKilledOnPostgres() throws Exception {
    String schema = SharedServices.createPostgresSchema("hostkill");
    try {
      String url = SharedServices.postgresUrl(schema);
      run("postgres", new StoreFactory.Options(Kind.POSTGRES, null, url, "postgres", null, null,
          null), List.of("--store", "postgres", "--jdbc-url", url, "--jdbc-user", "postgres"));
    } finally {
      SharedServices.dropPostgresSchema(schema);
    }
  }

  @Test
  void shouldLoseNoRoundWhenHostsAreKilledOnRedis() throws Exception {
    SharedServices.requireRedis();
    String prefix = "hostkill-" + UUID.randomUUID();
    try {
      run("redis", new StoreFactory.Options(Kind.REDIS, null, null, null, null,
          SharedServices.REDIS, prefix), List.of("--store", "redis", "--redis-uri",
          SharedServices.REDIS, "--redis-prefix", prefix));
    } finally {
      SharedServices.deleteRedisKeys(prefix);
    }
  }

  private static void run(String name, StoreFactory.Options options, List<String> storeArgs)
      throws Exception {
    Map<String, Set<String>> jobsSeen = new ConcurrentHashMap<>();
    List<String> mapIds = new ArrayList<>();
    StoreFactory.Opened observer = StoreFactory.open(options);
    OrchestratorStore store = observer.store();
    try {
      long millis = runFleet(name, observer, storeArgs, jobsSeen, mapIds);
      StoreInvariants.Summary history = StoreInvariants.check(store, mapIds, ROUNDS, jobsSeen);
      System.out.printf("chaos [%s host kill]: %d rounds completed in %d ms; history: %s%n",
          name, history.completedRounds(), millis, history);
    } finally {
      store.close();
    }
  }

  /** Runs the fleet through two host kills until every map is done; returns how long it took. */
  private static long runFleet(String name, StoreFactory.Opened observer, List<String> storeArgs,
      Map<String, Set<String>> jobsSeen, List<String> mapIds) throws Exception {
    OrchestratorStore store = observer.store();
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);
    List<HostProcess> hosts = new ArrayList<>();
    Map<ChaosServer, Integer> hostOf = new ConcurrentHashMap<>();
    Random random = new Random(11);
    long started = System.nanoTime();
    try {
      for (int h = 0; h < HOSTS; h++) {
        hosts.add(HostProcess.start(hostArgs(storeArgs, "host-" + h)));
      }
      for (int s = 0; s < HOSTS * SERVERS_PER_HOST; s++) {
        int h = s % HOSTS;
        ChaosServer server = new ChaosServer("hostkill-" + s, h, hosts.get(h).wsPort(), ROUNDS,
            Duration.ofMillis(200), Duration.ofMillis(500), random.nextLong(), jobsSeen,
            new AtomicBoolean(), scheduler);
        hostOf.put(server, h);
        server.start();
      }
      for (int i = 0; i < MAPS; i++) {
        mapIds.add(String.format("hostkill-%03d", i));
        store.createMap(NewMap.of(mapIds.get(i), "s1"), Instant.now(observer.clock()));
      }
      store.signalMapsChanged();

      // Host 0 dies at a quarter of the run, host 1 at half, each while its servers hold
      // leases. The dead one's servers are sent to the next host, as a load balancer sends
      // them once it has taken the backend out; at the end host 2 has the whole fleet.
      for (int victim = 0; victim < 2; victim++) {
        int threshold = MAPS * ROUNDS * (victim + 1) / 4;
        int dying = victim;
        await().atMost(Duration.ofSeconds(60)).until(() -> handedOut(jobsSeen) >= threshold
            && leasedBy(store, hostOf, dying) > 0);
        long leases = leasedBy(store, hostOf, dying);
        hosts.get(dying).kill();
        int survivor = (dying + 1) % HOSTS;
        hostOf.forEach((server, h) -> {
          if (h == dying) {
            server.proxy().retarget(hosts.get(survivor).wsPort());
            hostOf.put(server, survivor);
          }
        });
        System.out.printf("chaos [%s host kill]: killed host %d while its servers held %d"
            + " leases%n", name, dying, leases);
      }

      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
          .until(() -> store.queueStats(Instant.now(observer.clock())).byStatus()
              .getOrDefault(MapStatus.COMPLETED, 0L) == MAPS);
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    } finally {
      hostOf.keySet().forEach(ChaosServer::close);
      for (HostProcess host : hosts) {
        host.close();
      }
      scheduler.shutdownNow();
    }
  }

  private static List<String> hostArgs(List<String> storeArgs, String hostId) {
    List<String> args = new ArrayList<>(storeArgs);
    args.addAll(List.of("--host-id", hostId, "--heartbeat-interval", "1s",
        "--reconnect-grace", "2s", "--lease-timeout", "4s", "--max-attempts", "1000"));
    return args;
  }

  /** Jobs handed to any server so far. */
  private static long handedOut(Map<String, Set<String>> jobsSeen) {
    return jobsSeen.values().stream().mapToLong(Set::size).sum();
  }

  /** Leases the store holds for the servers that talk to host {@code index}. */
  private static long leasedBy(OrchestratorStore store, Map<ChaosServer, Integer> hostOf,
      int index) {
    return hostOf.entrySet().stream().filter(e -> e.getValue() == index)
        .mapToLong(e -> store.leasesOf(e.getKey().serverId()).size()).sum();
  }
}
