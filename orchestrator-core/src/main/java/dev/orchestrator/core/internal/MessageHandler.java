package dev.orchestrator.core.internal;

import dev.orchestrator.core.ResultOutcome;
import dev.orchestrator.core.model.EventType;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.protocol.Ack;
import dev.orchestrator.core.protocol.ClientMessage;
import dev.orchestrator.core.protocol.Disconnect;
import dev.orchestrator.core.protocol.ErrorReport;
import dev.orchestrator.core.protocol.Heartbeat;
import dev.orchestrator.core.protocol.Hello;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.JobFailed;
import dev.orchestrator.core.protocol.Progress;
import dev.orchestrator.core.protocol.ProtocolErrorCode;
import dev.orchestrator.core.protocol.ProtocolException;
import dev.orchestrator.core.protocol.ReportedStatus;
import dev.orchestrator.core.protocol.StatusUpdate;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Decodes a server's frames and acts on them; runs on the server's inbox, in order. */
final class MessageHandler {
  private static final Logger log = LoggerFactory.getLogger(MessageHandler.class);
  private final Engine engine;

  MessageHandler(Engine engine) {
    this.engine = engine;
  }

  void handle(SessionChannel channel, String frame) {
    AttachedServer server = channel.server;
    if (!server.isCurrent(channel)) {
      return;
    }
    try {
      ClientMessage message = engine.codec.decodeClient(frame);
      if (server.touch(engine.now())) {
        engine.announceStatus(server);
        engine.persist(server);
        engine.assignment.request();
      }
      dispatch(channel, message);
    } catch (ProtocolException e) {
      channel.reject(e);
    }
  }

  private void dispatch(SessionChannel channel, ClientMessage message) {
    if (message instanceof Heartbeat heartbeat) {
      onHeartbeat(channel.server, heartbeat);
    } else if (message instanceof JobDone done) {
      onJobDone(channel, done);
    } else if (message instanceof StatusUpdate update) {
      onStatus(channel.server, update);
    } else if (message instanceof Hello hello) {
      onHello(channel.server, hello);
    } else if (message instanceof JobFailed failed) {
      onJobFailed(channel, failed.mapId(), failed.jobId(), failed.message(), failed.retryable());
    } else if (message instanceof ErrorReport error) {
      onError(channel, error);
    } else if (message instanceof Progress progress) {
      onProgress(channel.server, progress);
    } else if (message instanceof Disconnect disconnect) {
      onDisconnect(channel, disconnect.reason());
    }
  }

  private void onHeartbeat(AttachedServer server, Heartbeat heartbeat) {
    server.heartbeat(
        heartbeat.cpuUsage(), heartbeat.ramUsage(), heartbeat.diskUsage(), heartbeat.metrics());
    if (server.registryDue(engine.now(), engine.settings.registryRefresh(),
        engine.settings.reconnectGrace())) {
      engine.persist(server);
    }
    Map<String, String> details = new HashMap<>();
    putIfPresent(details, "cpu_usage", heartbeat.cpuUsage());
    putIfPresent(details, "ram_usage", heartbeat.ramUsage());
    putIfPresent(details, "disk_usage", heartbeat.diskUsage());
    engine.events.serverEvent(EventType.SERVER_HEARTBEAT, server.serverId, details);
  }

  private void onStatus(AttachedServer server, StatusUpdate update) {
    server.reportBusy(update.status() == ReportedStatus.BUSY);
    engine.persist(server);
    engine.announceStatus(server);
    if (update.status() == ReportedStatus.IDLE) {
      engine.assignment.request();
    }
  }

  private void onHello(AttachedServer server, Hello hello) {
    server.hello(hello.serverIp(), hello.capacity(), hello.labels(), hello.version());
    engine.persist(server);
    engine.announceStatus(server);
    engine.assignment.request();
  }

  private void onJobDone(SessionChannel channel, JobDone done) {
    String tooFar = NextRoundLimit.problem(done.nextRoundTime(), engine.now());
    if (tooFar != null) {
      throw new ProtocolException(
          ProtocolErrorCode.INVALID_FIELD, tooFar, JobDone.TYPE, "next_round_time");
    }
    AttachedServer server = channel.server;
    String jobId = done.jobId();
    if (jobId == null) {
      Lease lease = server.leaseByMap(done.mapId());
      jobId = lease == null ? null : lease.jobId();
    }
    if (jobId == null) {
      // A seed client's report for a map it holds no lease on here: the store must tell.
      answerJobDone(
          channel,
          done.mapId(),
          null,
          engine.jobs.complete(server, server.serverId, done.mapId(), null, done.nextRoundTime()));
      return;
    }
    server.inbox.suspend();
    engine.assignment.complete(
        new PendingCompletion(channel, done.mapId(), jobId, done.jobId(), done.nextRoundTime()));
  }

  /** Answers a {@code job_done}: an ack, or the protocol error its outcome calls for. */
  void answerJobDone(SessionChannel channel, String mapId, String jobId, ResultOutcome outcome) {
    switch (outcome) {
      case APPLIED, DUPLICATE -> channel.send(new Ack("job_done", mapId, jobId));
      case STALE -> channel.reject(stale("job_done", mapId, jobId));
      case UNKNOWN_MAP -> channel.reject(unknownMap("job_done", mapId));
    }
  }

  private void onJobFailed(
      SessionChannel channel, String mapId, String jobId, String message, boolean retryable) {
    Lease lease = heldLease(channel.server, mapId, jobId);
    if (lease == null) {
      if (engine.store.findMap(mapId).isEmpty()) {
        throw unknownMap("job_failed", mapId);
      }
      throw stale("job_failed", mapId, jobId);
    }
    if (!engine.jobs.endLease(lease, TaskOutcome.FAILED, message, retryable, false)) {
      throw stale("job_failed", mapId, jobId);
    }
    channel.send(new Ack("job_failed", mapId, lease.jobId()));
  }

  private void onError(SessionChannel channel, ErrorReport error) {
    if (error.mapId() != null && channel.server.leaseByMap(error.mapId()) != null) {
      onJobFailed(channel, error.mapId(), null, error.message(), true);
      return;
    }
    log.info("server {} reported an error: {}", channel.server.serverId, error.message());
  }

  private void onProgress(AttachedServer server, Progress progress) {
    Lease lease = heldLease(server, progress.mapId(), progress.jobId());
    boolean renewed =
        lease != null
            && engine.store.renew(
                lease.mapId(),
                lease.jobId(),
                engine.now().plus(engine.settings.leaseTimeout()));
    if (!renewed) {
      throw stale("progress", progress.mapId(), progress.jobId());
    }
  }

  private void onDisconnect(SessionChannel channel, String reason) {
    channel.markLeaving(reason);
    // Detaching releases the held leases at once (no grace is owed), before any later pass
    // could pick this server again.
    engine.sessions.closed(channel, SessionChannel.CLOSE_NORMAL);
    channel.close(SessionChannel.CLOSE_NORMAL, "disconnect acknowledged");
  }

  private static Lease heldLease(AttachedServer server, String mapId, String jobId) {
    Lease lease = jobId != null ? server.leaseByJob(jobId) : server.leaseByMap(mapId);
    return lease != null && lease.mapId().equals(mapId) ? lease : null;
  }

  private static ProtocolException stale(String refType, String mapId, String jobId) {
    return new ProtocolException(
        ProtocolErrorCode.STALE_JOB,
        "job "
            + (jobId == null ? "(no job_id)" : "'" + jobId + "'")
            + " is not this server's current lease on map '"
            + mapId
            + "'; nothing changed",
        refType,
        jobId == null ? "map_id" : "job_id");
  }

  private static ProtocolException unknownMap(String refType, String mapId) {
    return new ProtocolException(
        ProtocolErrorCode.UNKNOWN_MAP, "map '" + mapId + "' does not exist", refType, "map_id");
  }

  private static void putIfPresent(Map<String, String> details, String key, Double value) {
    if (value != null) {
      details.put(key, value.toString());
    }
  }
}
