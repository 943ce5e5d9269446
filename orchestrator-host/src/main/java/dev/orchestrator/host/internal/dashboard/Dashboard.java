package dev.orchestrator.host.internal.dashboard;

import com.sun.net.httpserver.HttpHandler;
import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.spi.EventLog;
import dev.orchestrator.host.internal.TokenCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live dashboard's server side: the publisher that carries this host's engine events into
 * the shared event log, the feed that follows the log into this host's journal, the event
 * stream and the page's files. With a store that keeps a shared log (PostgreSQL, Redis) every
 * host's stream shows the events of the whole orchestrator under one numbering. Create it,
 * {@link #start()} it with the admin server and {@link #close()} it before the admin server
 * stops, so open streams end at once instead of holding the server's stop for its grace
 * period.
 */
public final class Dashboard implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
  private final Orchestrator orchestrator;
  private final EventLog eventLog;
  private final EventPublisher publisher;
  private final EventFeed feed;
  private final Delivery delivery;
  private final EventStream stream;
  private final EventSockets sockets;
  private final DashboardAssets assets = new DashboardAssets();
  private AutoCloseable subscription;
  private boolean started;

  /**
   * Prepares everything; nothing listens or runs before {@link #start()}.
   *
   * @param eventLog the store's shared log, or a log of this process
   */
  public Dashboard(Orchestrator orchestrator, EventLog eventLog, TokenCheck adminToken,
      EventStreamSettings settings) {
    this.orchestrator = orchestrator;
    this.eventLog = eventLog;
    this.publisher = new EventPublisher(eventLog, settings.heartbeatCoalesce(),
        settings.heartbeatBudget());
    this.delivery = new Delivery(settings.bufferSize());
    this.feed = new EventFeed(eventLog, delivery.journal(), settings.bufferSize());
    Access access = new Access(adminToken, settings);
    this.stream = new EventStream(orchestrator, delivery, access, settings);
    this.sockets = new EventSockets(delivery, access);
  }

  /** Loads the newest shared events, subscribes to the orchestrator and starts the threads. */
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    delivery.start();
    feed.start();
    publisher.start();
    subscription = orchestrator.subscribe(publisher);
  }

  /** The handler of everything under {@code /api/events}. */
  public HttpHandler events() {
    return stream;
  }

  /** The WebSocket variant of the stream, for the game-server listener to route to. */
  public EventSockets sockets() {
    return sockets;
  }

  /** Events this host's publisher dropped: its queue to the log was full or an append failed. */
  public long publishDropped() {
    return publisher.dropped();
  }

  /** Events dropped because a subscriber's queue overflowed (it was told to reset). */
  public long subscriberDropped() {
    return delivery.journal().overflowDropped();
  }

  /** Stored events this host skipped because it does not know their type. */
  public long unknownTypesSkipped() {
    return eventLog.unknownTypesSkipped();
  }

  /** The page's files. */
  public DashboardAssets assets() {
    return assets;
  }

  /** Unsubscribes, publishes what is queued and ends every open subscription. Idempotent. */
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
    publisher.close();
    feed.close();
    delivery.close();
  }
}
