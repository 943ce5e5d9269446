package dev.orchestrator.core.internal;

import dev.orchestrator.core.ResultOutcome;
import dev.orchestrator.core.model.EventType;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.protocol.WireTime;
import dev.orchestrator.core.spi.CompletionResult;
import dev.orchestrator.core.spi.LeaseRelease;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How leases end: completion, failure, timeout, disconnect; and what follows each. */
final class JobLifecycle {
  private final Engine engine;

  JobLifecycle(Engine engine) {
    this.engine = engine;
  }

  /**
   * Applies a finished round reported by {@code serverId} ({@code local} is its entry here, or
   * null if it is not attached to this host). Seed clients send no job id: the map's live
   * lease held by that server is meant.
   */
  ResultOutcome complete(
      AttachedServer local, String serverId, String mapId, String jobId, Instant next) {
    Instant now = engine.now();
    String job = jobId;
    if (job == null) {
      Lease lease = local == null ? null : local.leaseByMap(mapId);
      if (lease == null) {
        Optional<GameMap> map = engine.store.findMap(mapId);
        if (map.isEmpty()) {
          return ResultOutcome.UNKNOWN_MAP;
        }
        Lease live = map.get().lease();
        if (live == null || !live.serverId().equals(serverId)) {
          return completedBefore(mapId, serverId) ? ResultOutcome.DUPLICATE : ResultOutcome.STALE;
        }
        lease = live;
      }
      job = lease.jobId();
    }
    CompletionResult result = engine.store.complete(mapId, job, serverId, next, now);
    switch (result.kind()) {
      case APPLIED -> applied(local, serverId, job, result.map(), next);
      case STALE -> {
        if (local != null) {
          local.removeLease(job);
        }
      }
      default -> { }
    }
    return ResultOutcome.valueOf(result.kind().name());
  }

  private void applied(
      AttachedServer local, String serverId, String jobId, GameMap map, Instant next) {
    completed(local, serverId, jobId, map);
    publishCompleted(serverId, jobId, map, next);
    if (local != null) {
      engine.announceStatus(local);
    }
    if (next != null) {
      engine.assignment.wakeAt(next);
      engine.store.signalMapsChanged();
    }
    engine.assignment.request();
  }

  /**
   * Books a completion the assignment lane applied in a batch: its lease ends here at once, so
   * the lane may hand the server its next job. What the server and listeners are told of it is
   * returned, for the server's inbox to run.
   */
  Runnable settle(PendingCompletion pending, CompletionResult result) {
    AttachedServer local = pending.server();
    Runnable publish = () -> { };
    switch (result.kind()) {
      case APPLIED -> {
        completed(local, local.serverId, pending.jobId(), result.map());
        publish =
            () ->
                publishCompleted(
                    local.serverId, pending.jobId(), result.map(), pending.nextRoundTime());
      }
      case STALE -> local.removeLease(pending.jobId());
      default -> { }
    }
    ResultOutcome outcome = ResultOutcome.valueOf(result.kind().name());
    Runnable then = publish;
    return () -> {
      then.run();
      engine.messages.answerJobDone(
          pending.channel(), pending.mapId(), pending.ackJobId(), outcome);
    };
  }

  private void completed(AttachedServer local, String serverId, String jobId, GameMap map) {
    if (local != null && local.removeLease(jobId)) {
      local.countCompleted();
    } else {
      engine.commands.cancelJob(serverId, jobId, map.mapId(), "completed through the admin API");
    }
  }

  private void publishCompleted(String serverId, String jobId, GameMap map, Instant next) {
    Map<String, String> details = new HashMap<>();
    details.put("status", map.status().wireName());
    details.put("round", String.valueOf(map.currentRoundNumber()));
    if (next != null) {
      details.put("next_round_time", WireTime.format(next));
    }
    engine.events.publish(
        EventType.JOB_COMPLETED, map.mapId(), serverId, jobId, map.version(), details);
  }

  private boolean completedBefore(String mapId, String serverId) {
    List<TaskRecord> newest = engine.store.history(mapId, 1);
    return !newest.isEmpty()
        && newest.get(0).serverId().equals(serverId)
        && newest.get(0).outcome() == TaskOutcome.COMPLETED;
  }

  /**
   * Ends a lease without completing it. The map is re-queued with the next attempt (at once
   * when {@code immediate}, else after the backoff), or goes to error when it is out of
   * attempts or the failure is not retryable.
   *
   * @return whether the lease was still live (false: nothing changed)
   */
  boolean endLease(
      Lease lease, TaskOutcome outcome, String error, boolean retryable, boolean immediate) {
    Instant now = engine.now();
    var settings = engine.settings;
    Instant requeueAt = null;
    if (retryable && lease.attempt() < settings.maxAttempts()) {
      requeueAt = immediate ? now : now.plus(settings.backoffAfter(lease.attempt()));
    }
    Optional<GameMap> released =
        engine.store.release(
            new LeaseRelease(lease.mapId(), lease.jobId(), outcome, error, requeueAt), now);
    AttachedServer local = engine.servers.get(lease.serverId());
    if (local != null && local.removeLease(lease.jobId())) {
      if (released.isPresent()) {
        local.countFailed();
      }
      engine.announceStatus(local);
    }
    if (released.isEmpty()) {
      return false;
    }
    GameMap map = released.get();
    EventType type =
        switch (outcome) {
          case TIMEOUT -> EventType.JOB_TIMED_OUT;
          case REVOKED -> EventType.JOB_REVOKED;
          default -> EventType.JOB_FAILED;
        };
    Map<String, String> details = new HashMap<>();
    details.put("error", String.valueOf(error));
    details.put("attempt", String.valueOf(lease.attempt()));
    engine.events.publish(
        type, lease.mapId(), lease.serverId(), lease.jobId(), map.version(), details);
    if (requeueAt != null) {
      engine.events.publish(
          EventType.JOB_REQUEUED, lease.mapId(), lease.serverId(), lease.jobId(), map.version(),
          Map.of("next_round_time", requeueAt.toString(), "status", map.status().wireName()));
      engine.assignment.wakeAt(requeueAt);
      engine.store.signalMapsChanged();
    } else {
      engine.events.publish(
          EventType.MAP_ERROR, lease.mapId(), lease.serverId(), lease.jobId(), map.version(),
          Map.of("error", String.valueOf(error), "status", map.status().wireName()));
    }
    engine.assignment.request();
    return true;
  }
}
