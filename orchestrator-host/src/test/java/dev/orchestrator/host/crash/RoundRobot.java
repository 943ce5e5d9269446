package dev.orchestrator.host.crash;

import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.Heartbeat;
import dev.orchestrator.core.protocol.HostMessage;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.ProtocolCodec;
import dev.orchestrator.core.protocol.Welcome;
import java.net.URI;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/**
 * A game server that finishes every round at once: the next round is due now until the map
 * has had {@code rounds} rounds. Also finishes the job {@code welcome} hands back on resume.
 */
final class RoundRobot extends WebSocketClient {
  private static final ProtocolCodec CODEC = new ProtocolCodec();
  private static final ScheduledExecutorService HEARTBEATS =
      Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "robot-heartbeats");
        thread.setDaemon(true);
        return thread;
      });
  private final int rounds;
  private final AtomicInteger completed;
  private ScheduledFuture<?> heartbeat;

  private RoundRobot(URI uri, int rounds, AtomicInteger completed) {
    super(uri);
    this.rounds = rounds;
    this.completed = completed;
  }

  /** Connects and returns once the handshake is done. */
  static RoundRobot connect(URI uri, int rounds, AtomicInteger completed)
      throws InterruptedException {
    RoundRobot robot = new RoundRobot(uri, rounds, completed);
    if (!robot.connectBlocking(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("could not connect to " + uri);
    }
    return robot;
  }

  @Override
  public void onMessage(String frame) {
    HostMessage message = CODEC.decodeHost(frame);
    if (message instanceof Welcome welcome && welcome.currentJob() != null) {
      finish(welcome.currentJob());
    } else if (message instanceof AssignJob job) {
      finish(job);
    }
  }

  private void finish(AssignJob job) {
    boolean last = job.currentRoundNumber() + 1 >= rounds;
    if (isOpen()) {
      send(CODEC.encode(new JobDone(job.mapId(), last ? null : Instant.now(), job.jobId())));
      completed.incrementAndGet();
    }
  }

  // Like a real game server it heartbeats while idle, so it stays eligible for work.
  @Override
  public void onOpen(ServerHandshake handshake) {
    heartbeat = HEARTBEATS.scheduleAtFixedRate(() -> {
      if (isOpen()) {
        send(CODEC.encode(new Heartbeat(null, null, null, null)));
      }
    }, 0, 500, TimeUnit.MILLISECONDS);
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {
    if (heartbeat != null) {
      heartbeat.cancel(false);
    }
  }

  @Override
  public void onError(Exception ex) { }
}
