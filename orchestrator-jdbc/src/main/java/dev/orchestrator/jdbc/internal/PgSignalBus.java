package dev.orchestrator.jdbc.internal;

import dev.orchestrator.core.StoreUnavailableException;
import dev.orchestrator.core.model.ServerCommand;
import dev.orchestrator.core.spi.OrchestratorStore.Subscription;
import dev.orchestrator.core.spi.StoreListener;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signals over PostgreSQL LISTEN/NOTIFY. Local subscribers hear a signal at once; other store
 * instances on the same database and schema hear it through a NOTIFY. Each instance tags its
 * notifications with its own id and ignores them when they come back, so local subscribers hear
 * each signal once. Bursts of schedule changes become at most one NOTIFY per {@link
 * #COALESCE_WINDOW}.
 */
public final class PgSignalBus implements SignalBus {
  /** The shortest gap between two schedule-change notifications from one instance. */
  public static final Duration COALESCE_WINDOW = Duration.ofMillis(20);

  /** PostgreSQL rejects payloads of 8000 bytes or more. */
  static final int MAX_PAYLOAD_BYTES = 7999;

  private static final Logger LOG = LoggerFactory.getLogger(PgSignalBus.class);

  private final String origin = UUID.randomUUID().toString();
  private final Subscribers subscribers = new Subscribers();
  private final Transactions tx;
  private final ScheduledExecutorService scheduler;
  private final String mapsChannel;
  private final String commandsChannel;
  private final String eventsChannel;
  private final WakeUps eventReaders;
  private final PgListener listener;
  private final AtomicBoolean flushPending = new AtomicBoolean();
  private volatile long lastFlushNanos = System.nanoTime() - COALESCE_WINDOW.toNanos();

  /**
   * A bus for the store in {@code schema}; call {@link #start()} before use.
   *
   * @param listenConnections opens the dedicated LISTEN connection
   * @param scheduler runs the delayed NOTIFY of coalesced schedule changes
   * @param eventReaders woken when any host appended to the event log, and after a lost
   *     LISTEN connection is back
   */
  public PgSignalBus(
      Transactions tx,
      String schema,
      ConnectionFactory listenConnections,
      ScheduledExecutorService scheduler,
      WakeUps eventReaders) {
    this.tx = tx;
    this.scheduler = scheduler;
    String prefix = channelPrefix(schema);
    this.mapsChannel = prefix + "_maps";
    this.commandsChannel = prefix + "_commands";
    this.eventsChannel = eventsChannel(schema);
    this.eventReaders = eventReaders;
    this.listener =
        new PgListener(
            listenConnections,
            List.of(mapsChannel, commandsChannel, eventsChannel),
            this::onNotification,
            () -> {
              subscribers.signalsResumed();
              eventReaders.run();
            });
  }

  /**
   * Starts listening; returns once LISTEN is in place.
   *
   * @throws StoreUnavailableException if the LISTEN connection cannot be opened
   */
  public void start() {
    try {
      listener.start();
    } catch (SQLException e) {
      throw Transactions.unavailable("LISTEN on " + mapsChannel, e);
    }
  }

  /** The channel names of a store in {@code schema}: lower case, within PostgreSQL's 63. */
  static String channelPrefix(String schema) {
    String safe =
        schema == null ? "public" : schema.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    String prefix = "orchestrator_" + safe;
    return prefix.length() > 50 ? prefix.substring(0, 50) : prefix;
  }

  /** The channel an event-log append of a store in {@code schema} notifies on commit. */
  static String eventsChannel(String schema) {
    return channelPrefix(schema) + "_events";
  }

  @Override
  public Subscription subscribe(StoreListener listener) {
    return subscribers.add(listener);
  }

  @Override
  public void mapsChanged() {
    subscribers.mapsChanged();
    if (flushPending.compareAndSet(false, true)) {
      long wait = lastFlushNanos + COALESCE_WINDOW.toNanos() - System.nanoTime();
      scheduler.schedule(this::flushMapsChanged, Math.max(0, wait), TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void routeCommand(String serverId, ServerCommand command) {
    String payload =
        JsonText.write(
            Map.of(
                "origin", origin,
                "serverId", serverId,
                "commandId", command.commandId(),
                "action", command.action(),
                "params", command.params()));
    int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException(
          "command '"
              + command.commandId()
              + "' is "
              + bytes
              + " bytes as a NOTIFY payload; PostgreSQL allows "
              + MAX_PAYLOAD_BYTES);
    }
    subscribers.commandRouted(serverId, command);
    notify(commandsChannel, payload);
  }

  @Override
  public void close() {
    listener.close();
    subscribers.clear();
  }

  private void flushMapsChanged() {
    // Cleared before sending, so a change made while the NOTIFY is on its way sends another.
    flushPending.set(false);
    lastFlushNanos = System.nanoTime();
    try {
      notify(mapsChannel, origin);
    } catch (StoreUnavailableException e) {
      LOG.warn("could not tell other hosts the schedule changed; their sweep will notice", e);
    }
  }

  private void notify(String channel, String payload) {
    tx.inTransaction(
        "NOTIFY " + channel,
        c -> {
          try (PreparedStatement statement = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            statement.setString(1, channel);
            statement.setString(2, payload);
            statement.execute();
            return null;
          }
        });
  }

  private void onNotification(String channel, String payload) {
    try {
      if (channel.equals(eventsChannel)) {
        eventReaders.run();
      } else if (channel.equals(mapsChannel)) {
        if (!origin.equals(payload)) {
          subscribers.mapsChanged();
        }
      } else if (channel.equals(commandsChannel)) {
        Map<String, String> fields = JsonText.fields(payload);
        if (!origin.equals(fields.get("origin"))) {
          subscribers.commandRouted(
              fields.get("serverId"),
              new ServerCommand(
                  fields.get("commandId"), fields.get("action"), fields.get("params")));
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("ignoring a malformed notification on {}: {}", channel, payload, e);
    }
  }
}
