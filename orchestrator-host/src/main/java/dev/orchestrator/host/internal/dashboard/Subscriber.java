package dev.orchestrator.host.internal.dashboard;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One open subscription (an SSE stream or a WebSocket): its filter and the matching events
 * that wait to be written. The journal pushes events in (only the ones the filter lets
 * through); one delivery task at a time takes them out and writes them. Holding more than
 * {@code capacity} events means the reader is too slow: the queue is emptied and the reader
 * is sent {@code reset} instead, so a stuck reader costs bounded memory. Thread-safe.
 */
abstract class Subscriber {
  final EventFilter filter;
  final AtomicBoolean scheduled = new AtomicBoolean();
  volatile boolean dead;
  private final int capacity;
  private final ArrayDeque<StreamEvent> queue = new ArrayDeque<>();
  private long resetTo = -1;

  Subscriber(EventFilter filter, int capacity) {
    this.filter = filter;
    this.capacity = capacity;
  }

  /**
   * Queues {@code event}, or turns the backlog into a reset when the queue is full.
   *
   * @return how many events this dropped: the backlog and {@code event}, or 0
   */
  final synchronized int offer(StreamEvent event) {
    if (queue.size() >= capacity) {
      int dropped = queue.size() + 1;
      reset(event.id());
      return dropped;
    }
    queue.addLast(event);
    return 0;
  }

  /** Drops what is queued: the reader is told to re-read and go on after {@code latestId}. */
  final synchronized void reset(long latestId) {
    queue.clear();
    resetTo = latestId;
  }

  final synchronized boolean hasPending() {
    return resetTo >= 0 || !queue.isEmpty();
  }

  /** Takes a pending reset (or -1) and up to {@code max} events, in the order to send. */
  final synchronized Batch take(int max) {
    long reset = resetTo;
    resetTo = -1;
    List<StreamEvent> events = new ArrayList<>(Math.min(max, queue.size()));
    while (events.size() < max && !queue.isEmpty()) {
      events.add(queue.pollFirst());
    }
    return new Batch(reset, events);
  }

  /** Whether a write is wanted: queued events, a reset, or (SSE) a keep-alive. */
  boolean wantsWrite() {
    return hasPending();
  }

  /** Whether the connection can take more now (a WebSocket with unsent data cannot). */
  boolean ready() {
    return true;
  }

  /** Writes a batch, which may be empty when only a keep-alive is due; may block (SSE). */
  abstract void send(Batch batch) throws IOException;

  /** Called by the delivery timer; returns false if the subscriber must be dropped. */
  boolean tick(long nowNanos) {
    return true;
  }

  /** Ends the connection; the subscriber is already dead. */
  abstract void end();

  /** What {@link #take} found. */
  record Batch(long resetTo, List<StreamEvent> events) {
    boolean isEmpty() {
      return resetTo < 0 && events.isEmpty();
    }
  }
}
