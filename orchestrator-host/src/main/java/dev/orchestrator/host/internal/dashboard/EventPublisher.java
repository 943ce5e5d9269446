package dev.orchestrator.host.internal.dashboard;

import dev.orchestrator.core.EventListener;
import dev.orchestrator.core.model.EventType;
import dev.orchestrator.core.model.OrchestratorEvent;
import dev.orchestrator.core.spi.EventLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries this host's engine events into the shared {@link EventLog}. {@link #onEvent} runs on
 * engine threads and never waits: it only offers the event to a bounded queue, and a full
 * queue drops the event and marks the next appended batch {@code afterLoss}, which makes every
 * reader reset. One publisher thread appends what has queued up as one batch, lingering {@value
 * #LINGER_MILLIS} ms after the first event of a batch, so the log costs the store at most about
 * twenty appends a second per host however busy the engine is, and a slow store means bigger
 * batches, not more round trips.
 *
 * <p>Heartbeats are coalesced per server before they reach the queue: the first of a window
 * goes at once, the latest of the rest when the window ends. The window grows with the number
 * of servers heartbeating through this host, so their heartbeat events stay under {@code
 * heartbeatsPerSecond} however large the fleet (10,000 servers at 200 a second: one heartbeat
 * event per server every 50 s, metrics still arrive with every other event of the server).
 * Thread-safe.
 */
final class EventPublisher implements EventListener, AutoCloseable {
  static final int QUEUE = 20_000;
  static final int BATCH = 1_000;
  private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
  private static final long RETRY_MILLIS = 1_000;
  private static final long FLUSH_MILLIS = 100;
  static final long LINGER_MILLIS = 50;

  private final EventLog eventLog;
  private final long minWindowNanos;
  private final int heartbeatsPerSecond;
  private final BlockingQueue<OrchestratorEvent> queue = new ArrayBlockingQueue<>(QUEUE);
  private final ConcurrentMap<String, Long> lastHeartbeat = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, OrchestratorEvent> pendingHeartbeats =
      new ConcurrentHashMap<>();
  private final AtomicBoolean lost = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  private final Thread thread;
  private volatile boolean closed;

  EventPublisher(EventLog eventLog, Duration heartbeatWindow, int heartbeatsPerSecond) {
    this.eventLog = eventLog;
    this.minWindowNanos = heartbeatWindow.toNanos();
    this.heartbeatsPerSecond = heartbeatsPerSecond;
    this.thread = new Thread(this::run, "events-publisher");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Events dropped because the queue was full or an append failed. */
  long dropped() {
    return dropped.get();
  }

  @Override
  public void onEvent(OrchestratorEvent event) {
    if (event.type() == EventType.SERVER_HEARTBEAT) {
      heartbeat(event);
      return;
    }
    if (event.type() == EventType.SERVER_DISCONNECTED && event.serverId() != null) {
      lastHeartbeat.remove(event.serverId());
      OrchestratorEvent pending = pendingHeartbeats.remove(event.serverId());
      if (pending != null) {
        offer(pending);
      }
    }
    offer(event);
  }

  private void heartbeat(OrchestratorEvent event) {
    String serverId = event.serverId();
    long now = System.nanoTime();
    Long last = lastHeartbeat.get(serverId);
    if (last == null || now - last >= window()) {
      lastHeartbeat.put(serverId, now);
      pendingHeartbeats.remove(serverId);
      offer(event);
    } else {
      pendingHeartbeats.put(serverId, event);
    }
  }

  /** At least the configured window; longer when more servers heartbeat than the budget. */
  private long window() {
    long spread = TimeUnit.SECONDS.toNanos(1) * lastHeartbeat.size() / heartbeatsPerSecond;
    return Math.max(minWindowNanos, spread);
  }

  private void offer(OrchestratorEvent event) {
    if (!queue.offer(event)) {
      dropped.incrementAndGet();
      lost.set(true);
    }
  }

  private void flushHeartbeats() {
    long now = System.nanoTime();
    long window = window();
    Iterator<Map.Entry<String, OrchestratorEvent>> it = pendingHeartbeats.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, OrchestratorEvent> entry = it.next();
      Long last = lastHeartbeat.get(entry.getKey());
      if ((last == null || now - last >= window)
          && pendingHeartbeats.remove(entry.getKey(), entry.getValue())) {
        lastHeartbeat.put(entry.getKey(), now);
        offer(entry.getValue());
      }
    }
  }

  private void run() {
    List<OrchestratorEvent> batch = new ArrayList<>(BATCH);
    while (!closed || !queue.isEmpty()) {
      try {
        OrchestratorEvent first = queue.poll(FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        flushHeartbeats();
        if (first == null) {
          continue;
        }
        batch.add(first);
        if (!closed) {
          Thread.sleep(LINGER_MILLIS);
        }
        queue.drainTo(batch, BATCH - 1);
        append(batch);
        batch.clear();
      } catch (InterruptedException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void append(List<OrchestratorEvent> batch) throws InterruptedException {
    boolean afterLoss = lost.getAndSet(false);
    try {
      eventLog.append(batch, afterLoss);
    } catch (RuntimeException e) {
      dropped.addAndGet(batch.size());
      lost.set(true);
      log.warn("could not append {} event(s) to the event log; streams will reset: {}",
          batch.size(), e.toString());
      Thread.sleep(RETRY_MILLIS);
    }
  }

  /** Appends what is queued (waiting up to a second) and stops the thread. Idempotent. */
  @Override
  public void close() {
    closed = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread.interrupt();
  }
}
