package dev.orchestrator.host.chaos;

import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.host.client.GameServerClient;
import dev.orchestrator.host.client.JobResult;
import dev.orchestrator.host.simulator.TcpProxy;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A game server of the chaos fleet: a {@link GameServerClient} that reaches its host through
 * its own {@link TcpProxy}, so faults hit exactly this server's connection. It plays each round
 * for a random short time, with the next round due at once until the map's last round (or
 * until the run is finishing), and notes every job it was handed.
 */
final class ChaosServer implements AutoCloseable {
  private final GameServerClient client;
  private final TcpProxy proxy;
  private final int host;
  private final Map<String, String> mapOfJob = new ConcurrentHashMap<>();

  /**
   * Connects to the host whose WebSocket port is {@code wsPort}.
   *
   * @param jobsSeen every job id handed to any server, by map, shared by the fleet
   */
  ChaosServer(String serverId, int host, int wsPort, int rounds, Duration minJob, Duration maxJob,
      long seed, Map<String, Set<String>> jobsSeen, AtomicBoolean finishing,
      ScheduledExecutorService scheduler)
      throws IOException {
    this.host = host;
    this.proxy = new TcpProxy(wsPort);
    Random random = new Random(seed);
    GameServerClient[] self = new GameServerClient[1];
    this.client = GameServerClient.builder(URI.create("ws://127.0.0.1:" + proxy.port()), serverId)
        .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
        .connectTimeout(Duration.ofSeconds(2))
        .scheduler(scheduler)
        .jobHandler((job, resumed) -> {
          jobsSeen.computeIfAbsent(job.mapId(), m -> ConcurrentHashMap.newKeySet())
              .add(job.jobId());
          mapOfJob.put(job.jobId(), job.mapId());
          long span = maxJob.toMillis() - minJob.toMillis();
          long playFor = minJob.toMillis() + (span <= 0 ? 0 : random.nextInt((int) span));
          scheduler.schedule(() -> finish(self[0], job, rounds, finishing.get()), playFor,
              TimeUnit.MILLISECONDS);
          return (JobResult) null;
        })
        .build();
    self[0] = client;
  }

  private static void finish(GameServerClient client, AssignJob job, int rounds,
      boolean finishing) {
    boolean last = finishing || job.currentRoundNumber() + 1 >= rounds;
    client.jobDone(job.mapId(), job.jobId(), last ? null : Instant.now());
  }

  void start() {
    client.start();
  }

  String serverId() {
    return client.serverId();
  }

  /** Index of the host this server talks to. */
  int host() {
    return host;
  }

  /** The jobs this server is playing now, as map id to job id. */
  Map<String, String> runningLeases() {
    Map<String, String> leases = new HashMap<>();
    for (String jobId : client.runningJobs()) {
      leases.put(mapOfJob.get(jobId), jobId);
    }
    return leases;
  }

  boolean isMidJob() {
    return client.isConnected() && !client.runningJobs().isEmpty();
  }

  boolean isConnected() {
    return client.isConnected();
  }

  TcpProxy proxy() {
    return proxy;
  }

  @Override
  public void close() {
    client.close();
    proxy.close();
  }
}
