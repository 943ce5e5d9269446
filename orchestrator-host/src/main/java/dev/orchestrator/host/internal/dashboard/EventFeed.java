package dev.orchestrator.host.internal.dashboard;

import dev.orchestrator.core.spi.EventLog;
import dev.orchestrator.core.spi.EventPage;
import dev.orchestrator.core.spi.OrchestratorStore.Subscription;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the shared {@link EventLog} into the {@link EventJournal} on one thread: it reads
 * when the log signals an append (from any host), gathering the signals of {@value
 * #GATHER_MILLIS} ms into one read so a busy log costs the store a bounded number of reads,
 * and at least once a second, since a signal can be lost while the store's connection is
 * down. It starts with the newest {@code
 * bufferSize} events the log holds, so a client may resume on this host with an id it got
 * from another one, and the dashboard's summary covers the whole orchestrator from the start.
 * When the log has moved past the feed's position (trimmed beyond it, or wiped), the journal's
 * readers are told to reset and the feed goes on from what the log holds.
 */
final class EventFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventFeed.class);
  private static final int PAGE = 1_000;
  private static final long POLL_MILLIS = 1_000;
  static final long GATHER_MILLIS = 50;

  private final EventLog eventLog;
  private final EventJournal journal;
  private final int bufferSize;
  private final Semaphore wakeUps = new Semaphore(0);
  private final Thread thread;
  private Subscription subscription;
  private long position = -1;
  private volatile boolean closed;

  EventFeed(EventLog eventLog, EventJournal journal, int bufferSize) {
    this.eventLog = eventLog;
    this.journal = journal;
    this.bufferSize = bufferSize;
    this.thread = new Thread(this::run, "events-feed");
    this.thread.setDaemon(true);
  }

  /**
   * Loads the newest events before returning, when the store answers, so streams opened next
   * can resume at once; then follows the log on its own thread.
   */
  void start() {
    subscription = eventLog.onAppend(this::wake);
    try {
      catchUp();
    } catch (RuntimeException e) {
      log.warn("could not read the event log yet; will keep trying: {}", e.toString());
    }
    thread.start();
  }

  private void wake() {
    if (wakeUps.availablePermits() == 0) {
      wakeUps.release();
    }
  }

  private void run() {
    while (!closed) {
      try {
        if (wakeUps.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          Thread.sleep(GATHER_MILLIS);
        }
        wakeUps.drainPermits();
        if (!closed) {
          catchUp();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("could not read the event log; will try again: {}", e.toString());
        sleepQuietly();
      }
    }
  }

  /** Reads everything after the position into the journal. Runs on one thread at a time. */
  private synchronized void catchUp() {
    if (position < 0) {
      EventPage bounds = eventLog.read(0, 0);
      position = Math.max(bounds.floorId(), bounds.latestId() - bufferSize);
      journal.restart(position, false);
    }
    while (true) {
      EventPage page = eventLog.read(position, PAGE);
      if (page.reset()) {
        long from = page.latestId() < position ? page.latestId()
            : Math.max(page.floorId(), page.latestId() - bufferSize);
        log.info("the event log moved past this host's position {}; streams reset at {}",
            position, from);
        position = from;
        journal.restart(position, true);
        continue;
      }
      if (!page.events().isEmpty()) {
        journal.add(page.events());
        position = page.events().get(page.events().size() - 1).id();
      }
      if (page.events().size() < PAGE) {
        return;
      }
    }
  }

  private void sleepQuietly() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    if (subscription != null) {
      subscription.close();
    }
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
