package dev.orchestrator.host.badinput;

import dev.orchestrator.core.protocol.Ack;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.HostMessage;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.ProtocolCodec;
import dev.orchestrator.core.protocol.ProtocolError;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/**
 * A well-behaved game server: heartbeats on a fixed period, completes every job it is given at
 * once with the next round due shortly, and records the time from each {@code job_done} to its
 * {@code ack} under the phase the test is in.
 */
final class GoodServer extends WebSocketClient {
  private static final ProtocolCodec CODEC = new ProtocolCodec();
  private final Duration nextRoundDelay;
  private final Supplier<String> phase;
  private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
  private final Map<String, List<Long>> latencies;
  private final List<ProtocolError> errors = new CopyOnWriteArrayList<>();
  private final AtomicInteger completed = new AtomicInteger();
  private volatile int closeCode = -1;
  private ScheduledFuture<?> heartbeats;

  GoodServer(URI uri, Map<String, String> headers, Duration nextRoundDelay,
      Supplier<String> phase, Map<String, List<Long>> latencies) {
    super(uri, headers);
    this.nextRoundDelay = nextRoundDelay;
    this.phase = phase;
    this.latencies = latencies;
  }

  void startHeartbeats(ScheduledExecutorService scheduler, Duration period) {
    heartbeats = scheduler.scheduleAtFixedRate(() -> {
      if (isOpen()) {
        send("{\"type\":\"heartbeat\",\"cpu_usage\":20,\"ram_usage\":30}");
      }
    }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  void stopHeartbeats() {
    heartbeats.cancel(false);
  }

  int completed() {
    return completed.get();
  }

  int closeCode() {
    return closeCode;
  }

  List<ProtocolError> errors() {
    return errors;
  }

  @Override
  public void onOpen(ServerHandshake handshake) { }

  @Override
  public void onMessage(String frame) {
    HostMessage message = CODEC.decodeHost(frame);
    if (message instanceof AssignJob job && isOpen()) {
      sentAt.put(job.jobId(), System.nanoTime());
      send(new JobDone(job.mapId(), Instant.now().plus(nextRoundDelay), job.jobId()));
    } else if (message instanceof Ack ack) {
      Long sent = sentAt.remove(ack.jobId());
      if (sent != null) {
        latencies.computeIfAbsent(phase.get(), p -> new CopyOnWriteArrayList<>())
            .add(System.nanoTime() - sent);
      }
      completed.incrementAndGet();
    } else if (message instanceof ProtocolError error) {
      errors.add(error);
    }
  }

  private void send(JobDone done) {
    send(CODEC.encode(done));
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {
    closeCode = code;
  }

  @Override
  public void onError(Exception ex) { }
}
