package dev.orchestrator.redis.internal;

import dev.orchestrator.core.model.ServerCommand;
import dev.orchestrator.core.spi.OrchestratorStore.Subscription;
import dev.orchestrator.core.spi.StoreListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signals between hosts over Redis pub/sub, on a dedicated connection. Local listeners hear a
 * signal at once from the sender's own process; other hosts hear it through Redis, and each host
 * drops the echo of its own messages. Listeners run on the store's single signal thread, in arrival
 * order, never on a Lettuce I/O thread.
 *
 * <p>Pub/sub keeps nothing for a subscriber that is away. Lettuce re-subscribes after a lost
 * connection; the confirmation of that re-subscription is turned into {@link
 * StoreListener#signalsResumed()}, so listeners re-check whatever they might have missed.
 */
final class Signals extends RedisPubSubAdapter<String, String> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Signals.class);

  private final String origin = UUID.randomUUID().toString();
  private final List<StoreListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean subscribedOnce = new AtomicBoolean();
  private final StatefulRedisPubSubConnection<String, String> connection;
  private final ScheduledExecutorService executor;
  private final Gateway gateway;
  private final Codec codec;
  private final String mapsChannel;
  private final String commandChannel;
  private final String eventsChannel;
  private final Runnable eventsAppended;
  private final Coalescer mapsChanged;

  Signals(
      StatefulRedisPubSubConnection<String, String> connection,
      ScheduledExecutorService executor,
      Gateway gateway,
      Codec codec,
      Keys keys,
      Runnable eventsAppended) {
    this.connection = connection;
    this.executor = executor;
    this.gateway = gateway;
    this.codec = codec;
    this.mapsChannel = keys.mapsChannel();
    this.commandChannel = keys.commandChannel();
    this.eventsChannel = keys.eventsChannel();
    this.eventsAppended = eventsAppended;
    this.mapsChanged = new Coalescer(executor, this::publishMapsChanged);
  }

  /** Subscribes to the channels; returns once Redis confirmed. */
  void start() {
    connection.addListener(this);
    gateway.guard(
        "SUBSCRIBE",
        () -> {
          connection.sync().subscribe(mapsChannel, commandChannel, eventsChannel);
          return null;
        });
  }

  Subscription subscribe(StoreListener listener) {
    listeners.add(listener);
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (open.compareAndSet(true, false)) {
        listeners.remove(listener);
      }
    };
  }

  void signalMapsChanged() {
    deliver(StoreListener::mapsChanged);
    mapsChanged.request();
  }

  void routeCommand(String serverId, ServerCommand command) {
    deliver(listener -> listener.commandRouted(serverId, command));
    RoutedCommand routed =
        new RoutedCommand(
            origin, serverId, command.commandId(), command.action(), command.params());
    gateway.publish(commandChannel, codec.json(routed), failure -> lost("command", failure));
  }

  @Override
  public void message(String channel, String message) {
    if (eventsChannel.equals(channel)) {
      run(eventsAppended);
    } else if (mapsChannel.equals(channel)) {
      if (!origin.equals(message)) {
        deliver(StoreListener::mapsChanged);
      }
    } else if (commandChannel.equals(channel)) {
      try {
        RoutedCommand routed = codec.parse(message, RoutedCommand.class);
        if (!origin.equals(routed.origin())) {
          ServerCommand command =
              new ServerCommand(routed.commandId(), routed.action(), routed.params());
          deliver(listener -> listener.commandRouted(routed.serverId(), command));
        }
      } catch (RuntimeException e) {
        // Anyone may publish on the channel; a bad message must not reach the I/O thread.
        log.warn("ignored a malformed routed command on {}: {}", channel, e.getMessage());
      }
    }
  }

  @Override
  public void subscribed(String channel, long count) {
    if (mapsChannel.equals(channel) && subscribedOnce.getAndSet(true)) {
      log.info("Redis signal subscription on {} is back; listeners re-check", channel);
      deliver(StoreListener::signalsResumed);
      run(eventsAppended);
    }
  }

  @Override
  public void close() {
    listeners.clear();
    connection.removeListener(this);
    connection.close();
  }

  private void publishMapsChanged() {
    gateway.publish(mapsChannel, origin, failure -> lost("maps-changed", failure));
  }

  private void deliver(Consumer<StoreListener> signal) {
    if (listeners.isEmpty()) {
      return;
    }
    try {
      executor.execute(
          () -> {
            for (StoreListener listener : listeners) {
              try {
                signal.accept(listener);
              } catch (RuntimeException e) {
                log.warn("store listener {} failed on a signal", listener, e);
              }
            }
          });
    } catch (RejectedExecutionException e) {
      log.debug("store is closed; signal not delivered");
    }
  }

  private void run(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("store is closed; wake-up not delivered");
    }
  }

  private static void lost(String what, Throwable failure) {
    // Hosts that miss it catch up by their safety tick or by signalsResumed after reconnecting.
    log.debug("could not publish {} signal: {}", what, failure.toString());
  }

  /** The pub/sub payload of a routed command. */
  record RoutedCommand(
      String origin, String serverId, String commandId, String action, String params) {}
}
