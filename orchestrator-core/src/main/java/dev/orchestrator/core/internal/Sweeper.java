package dev.orchestrator.core.internal;

import dev.orchestrator.core.StoreUnavailableException;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.TaskOutcome;
import dev.orchestrator.core.spi.EngineScheduler;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slow safety tick: marks silent servers not responding, expires leases past their
 * deadline (also those of hosts that died), and runs an assignment pass in case a signal was
 * missed.
 */
final class Sweeper {
  private static final Logger log = LoggerFactory.getLogger(Sweeper.class);
  private static final int EXPIRY_BATCH = 500;
  private final Engine engine;
  private final SerialExecutor lane;
  private volatile boolean stopped;
  private EngineScheduler.Cancellable next;

  Sweeper(Engine engine) {
    this.engine = engine;
    this.lane = new SerialExecutor(engine.scheduler);
  }

  synchronized void start() {
    stopped = false;
    schedule();
  }

  synchronized void stop() {
    stopped = true;
    if (next != null) {
      next.cancel();
    }
  }

  private synchronized void schedule() {
    if (!stopped) {
      next = engine.scheduler.schedule(engine.settings.sweepInterval(), this::tick);
    }
  }

  private void tick() {
    lane.execute(
        () -> {
          try {
            sweep();
          } catch (StoreUnavailableException e) {
            log.warn("sweep incomplete: {}", e.getMessage());
          } finally {
            schedule();
          }
        });
  }

  void sweep() {
    Instant now = engine.now();
    markSilentServers(now);
    expireLeases(now);
    engine.assignment.lookAhead();
    engine.assignment.recheck();
  }

  private void markSilentServers(Instant now) {
    Instant cutoff = now.minus(engine.settings.heartbeatTimeout());
    for (AttachedServer server : engine.servers.values()) {
      if (server.markSilentSince(cutoff)) {
        engine.persist(server);
        engine.announceStatus(server);
      }
    }
  }

  private void expireLeases(Instant now) {
    for (Lease lease : engine.store.expiredLeases(now, EXPIRY_BATCH)) {
      if (engine.jobs.endLease(lease, TaskOutcome.TIMEOUT, "lease deadline passed", true, true)) {
        engine.commands.cancelJob(
            lease.serverId(), lease.jobId(), lease.mapId(), "lease deadline passed");
      }
    }
  }
}
