package dev.orchestrator.host.internal.dashboard;

import com.sun.net.httpserver.HttpHandler;
import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.host.internal.TokenCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live dashboard's server side: the journal that listens to the orchestrator, the event
 * stream on top of it and the page's files. Create it, {@link #start()} it with the admin
 * server and {@link #close()} it before the admin server stops, so open streams end at once
 * instead of holding the server's stop for its grace period.
 *
 * <p>The stream shows what the orchestrator this host runs publishes. Several hosts on one
 * store each publish only the events of their own engine (their sessions, their
 * assignments); showing the whole fleet from any host needs the store to fan events out.
 */
public final class Dashboard implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
  private final Orchestrator orchestrator;
  private final EventJournal journal;
  private final EventStream stream;
  private final DashboardAssets assets = new DashboardAssets();
  private AutoCloseable subscription;

  /** Prepares everything; nothing listens or runs before {@link #start()}. */
  public Dashboard(Orchestrator orchestrator, TokenCheck adminToken,
      EventStreamSettings settings) {
    this.orchestrator = orchestrator;
    this.journal = new EventJournal(settings.bufferSize(), settings.heartbeatCoalesce(),
        settings.clock().millis());
    this.stream = new EventStream(orchestrator, journal, adminToken, settings);
  }

  /** Subscribes to the orchestrator's events and starts the stream's threads. */
  public synchronized void start() {
    stream.start();
    subscription = orchestrator.subscribe(journal);
  }

  /** The handler of everything under {@code /api/events}. */
  public HttpHandler events() {
    return stream;
  }

  /** The page's files. */
  public DashboardAssets assets() {
    return assets;
  }

  /** Unsubscribes and ends every open stream. Idempotent. */
  @Override
  public synchronized void close() {
    if (subscription != null) {
      try {
        subscription.close();
      } catch (Exception e) {
        log.warn("could not unsubscribe the dashboard from the orchestrator", e);
      }
      subscription = null;
    }
    stream.close();
  }
}
