package dev.orchestrator.host.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.core.model.GameServer;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.model.ServerStatus;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.ProtocolError;
import dev.orchestrator.core.protocol.ProtocolErrorCode;
import dev.orchestrator.core.spi.OrchestratorStore;
import dev.orchestrator.host.Host;
import dev.orchestrator.host.HostConfig;
import dev.orchestrator.host.SharedServices;
import dev.orchestrator.host.WsClient;
import dev.orchestrator.jdbc.JdbcStore;
import dev.orchestrator.redis.RedisStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three hosts on one PostgreSQL or Redis whose own clocks are 2 h ahead, 2 h behind and right.
 * Each reads time from the store's clock (its own clock plus the offset it measured to the
 * database or Redis), so they agree: a round is handed out neither before it is due (which the
 * host that is ahead would do on its own clock) nor hours late (the host that is behind), and a
 * lease taken on the host that is behind expires after its timeout, not at once on the host that
 * is ahead, and its map goes to another server only then.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SkewedHostClockTest {
  private static final Duration SKEW = Duration.ofHours(2);
  private static final Duration LEASE_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration DUE_IN = Duration.ofSeconds(3);
  /** How late is still on time on a loaded machine; the skew is hours. */
  private static final Duration SLACK = Duration.ofSeconds(5);
  /** How far two readings of the store's clock may disagree on a loaded machine. */
  private static final Duration ROUND_TRIP = Duration.ofMillis(500);

  private final List<Host> hosts = new ArrayList<>();
  private final Map<Host, Clock> clocks = new HashMap<>();
  private final List<WsClient> servers = new ArrayList<>();
  private Runnable cleanup = () -> { };

  @AfterEach
  void stop() {
    servers.forEach(WsClient::close);
    hosts.forEach(Host::close);
    cleanup.run();
  }

  @Test
  void shouldAgreeOnDueTimesAndLeaseDeadlinesOnPostgres() throws Exception {
    String schema = SharedServices.createPostgresSchema("skew");
    cleanup = () -> {
      try {
        SharedServices.dropPostgresSchema(schema);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
    runAgainst(skew -> {
      JdbcStore store = JdbcStore.builder().jdbcUrl(SharedServices.postgresUrl(schema))
          .user("postgres").createSchemaIfMissing(true).maximumPoolSize(4)
          .localClock(Clock.offset(Clock.systemUTC(), skew)).build();
      return new Opened(store, store.databaseClock());
    });
  }

  @Test
  void shouldAgreeOnDueTimesAndLeaseDeadlinesOnRedis() throws Exception {
    SharedServices.requireRedis();
    String prefix = "skew-" + UUID.randomUUID();
    cleanup = () -> SharedServices.deleteRedisKeys(prefix);
    runAgainst(skew -> {
      RedisStore store = RedisStore.builder().uri(SharedServices.REDIS).keyPrefix(prefix)
          .localClock(Clock.offset(Clock.systemUTC(), skew)).build();
      return new Opened(store, store.redisClock());
    });
  }

  private record Opened(OrchestratorStore store, Clock clock) { }

  private void runAgainst(Function<Duration, Opened> open) {
    Host ahead = start("ahead", open.apply(SKEW));
    Host behind = start("behind", open.apply(SKEW.negated()));
    start("right", open.apply(Duration.ZERO));
    for (Host host : hosts) {
      assertThat(Duration.between(Instant.now(), clocks.get(host).instant()).abs())
          .as("the store clock of every host reads the right time").isLessThan(ROUND_TRIP);
    }

    shouldHandOutARoundWhenDue(behind, ahead, "due-on-ahead");
    shouldHandOutARoundWhenDue(ahead, behind, "due-on-behind");
    shouldExpireALeaseAfterItsTimeoutAndOnlyThenMoveTheMap(ahead, behind);
  }

  /** A map created through one host is handed out by another exactly when it is due. */
  private void shouldHandOutARoundWhenDue(Host createdOn, Host servedBy, String mapId) {
    WsClient server = connect(servedBy, "server-" + mapId);
    Instant due = clocks.get(createdOn).instant().plus(DUE_IN);
    createdOn.orchestrator().createMap(NewMap.of(mapId, "s1").dueAt(due));

    AssignJob job = awaitJob(server, 0);
    Instant received = Instant.now();

    assertThat(received).as("not handed out before it is due")
        .isAfterOrEqualTo(due.minus(ROUND_TRIP));
    assertThat(received).as("nor hours late").isBefore(due.plus(SLACK));
    Lease lease = servedBy.orchestrator().findMap(mapId).orElseThrow().lease();
    assertThat(lease.jobId()).isEqualTo(job.jobId());
    assertThat(lease.assignedAt()).isBetween(due.minus(ROUND_TRIP), due.plus(SLACK));
    server.send(new JobDone(mapId, null, job.jobId()));
    // Gone before the next scenario, which would otherwise lease its map to this server.
    server.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> servedBy.orchestrator()
        .findServer("server-" + mapId).map(GameServer::status).orElseThrow()
        == ServerStatus.OFFLINE);
  }

  private void shouldExpireALeaseAfterItsTimeoutAndOnlyThenMoveTheMap(Host ahead, Host behind) {
    WsClient holder = connect(behind, "holder");
    behind.orchestrator().createMap(NewMap.of("lease-1", "s1"));
    AssignJob held = awaitJob(holder, 0);
    Instant heldAt = Instant.now();
    // Takes no further work, so the round can only go to the other server when the lease ends.
    behind.orchestrator().drain("holder");
    WsClient taker = connect(ahead, "taker");

    AssignJob taken = awaitJob(taker, 0);
    Instant takenAt = Instant.now();

    assertThat(taken.mapId()).isEqualTo("lease-1");
    assertThat(taken.attempt()).as("attempt; history %s",
        ahead.orchestrator().history("lease-1", 10)).isEqualTo(2);
    assertThat(Duration.between(heldAt, takenAt)).as("moved only after the lease timed out")
        .isBetween(LEASE_TIMEOUT.minus(ROUND_TRIP), LEASE_TIMEOUT.plus(SLACK));
    List<TaskRecord> history = ahead.orchestrator().history("lease-1", 10);
    assertThat(history).hasSize(1);
    TaskRecord timedOut = history.get(0);
    assertThat(timedOut.jobId()).isEqualTo(held.jobId());
    assertThat(timedOut.outcome()).isEqualTo(TaskOutcome.TIMEOUT);
    assertThat(timedOut.duration()).as("neither early nor late expiry")
        .isBetween(LEASE_TIMEOUT, LEASE_TIMEOUT.plus(SLACK));
    assertThat(ahead.orchestrator().findMap("lease-1").orElseThrow().lease().assignedAt())
        .as("no overlap: the new lease starts after the old one ended")
        .isAfterOrEqualTo(timedOut.endedAt());

    holder.send(new JobDone("lease-1", Instant.now(), held.jobId()));
    assertThat(holder.await(ProtocolError.class).code()).isEqualTo(ProtocolErrorCode.STALE_JOB);
  }

  private Host start(String name, Opened opened) {
    Host host = Host.start(HostConfig.builder()
        .bind("127.0.0.1").wsPort(0).httpPort(0)
        .store(opened.store(), "skewed " + name)
        .hostId("skewed-" + name)
        .heartbeatInterval(Duration.ofSeconds(30))
        .reconnectGrace(Duration.ofSeconds(1))
        .leaseTimeout(LEASE_TIMEOUT)
        .customize(b -> b.clock(opened.clock()).sweepInterval(Duration.ofMillis(100)))
        .build());
    hosts.add(host);
    clocks.put(host, opened.clock());
    return host;
  }

  private WsClient connect(Host host, String serverId) {
    WsClient client = WsClient.connect(
        URI.create("ws://127.0.0.1:" + host.wsPort() + "/ws/server/" + serverId + "/"));
    servers.add(client);
    return client;
  }

  /** Waits for the {@code index}th assign_job, polling often so its arrival time is exact. */
  private static AssignJob awaitJob(WsClient client, int index) {
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(10))
        .until(() -> client.received().stream().filter(AssignJob.class::isInstance).count()
            > index);
    return client.await(AssignJob.class, index);
  }
}
