package dev.orchestrator.redis.internal;

import dev.orchestrator.core.StoreUnavailableException;
import dev.orchestrator.core.memory.InMemoryEventLog;
import dev.orchestrator.core.model.ServerCommand;
import dev.orchestrator.core.spi.EventLog;
import dev.orchestrator.core.spi.OrchestratorStore.Subscription;
import dev.orchestrator.core.spi.StoreClock;
import dev.orchestrator.core.spi.StoreListener;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one store holds open: the command connection, the pub/sub connection, the signal
 * thread and, when the store created it, the Lettuce client. Built by {@link #open}.
 */
public final class Backend implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Backend.class);
  private static final Duration CLOCK_RESYNC = Duration.ofMinutes(1);
  // The first resync after start, when the samples no longer pay for a cold JVM.
  private static final Duration CLOCK_SETTLE = Duration.ofSeconds(5);

  private final StoreConfig config;
  private final RedisClient ownedClient;
  private final ClientResources ownedResources;
  private final Gateway gateway;
  private final Signals signals;
  private final ScheduledExecutorService executor;
  private final StoreClock clock;
  private final MapWrites writes;
  private final StoreReads reads;
  private final ScriptRunner scripts;
  private final RedisEventLog events;

  private Backend(
      StoreConfig config,
      RedisClient client,
      boolean owned,
      ClientResources ownedResources,
      StatefulRedisConnection<String, String> commands,
      StatefulRedisPubSubConnection<String, String> pubSub) {
    this.config = config;
    this.ownedClient = owned ? client : null;
    this.ownedResources = ownedResources;
    this.gateway = new Gateway(commands, config.target());
    Codec codec = new Codec();
    ScriptRunner scripts = new ScriptRunner(gateway, config);
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "orchestrator-redis-" + config.keys().prefix());
              thread.setDaemon(true);
              return thread;
            });
    this.events =
        new RedisEventLog(scripts, codec, config.keys(), InMemoryEventLog.DEFAULT_CAPACITY);
    this.signals = new Signals(pubSub, executor, gateway, codec, config.keys(), events::wake);
    this.clock = new StoreClock(config.localClock(), this::redisTime);
    this.writes = new MapWrites(scripts, codec, config.keys());
    this.reads = new StoreReads(gateway, scripts, codec, config.keys());
    this.scripts = scripts;
  }

  private void start() {
    scripts.loadAll();
    clock.resync();
    signals.start();
    executor.scheduleWithFixedDelay(
        this::resyncClock, CLOCK_SETTLE.toMillis(), CLOCK_RESYNC.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Connects, loads the scripts, samples the Redis clock and subscribes to the signal channels.
   *
   * @param uri where to connect when {@code client} is null; the store then owns the client
   * @param client a caller's client, used as configured and never shut down by the store
   * @throws StoreUnavailableException if Redis cannot be reached
   */
  public static Backend open(StoreConfig config, RedisURI uri, RedisClient client) {
    boolean owned = client == null;
    ClientResources resources = null;
    RedisClient actual = client;
    StatefulRedisConnection<String, String> commands = null;
    StatefulRedisPubSubConnection<String, String> pubSub = null;
    try {
      if (owned) {
        // Short reconnect steps: a store that is down blocks every host's scheduling.
        resources =
            DefaultClientResources.builder()
                .reconnectDelay(
                    Delay.exponential(
                        Duration.ofMillis(10), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        actual = RedisClient.create(resources, uri);
        actual.setOptions(clientOptions(config.commandTimeout()));
      }
      commands = actual.connect(StringCodec.UTF8);
      commands.setTimeout(config.commandTimeout());
      pubSub = actual.connectPubSub(StringCodec.UTF8);
      pubSub.setTimeout(config.commandTimeout());
    } catch (RedisException | StoreUnavailableException e) {
      closeQuietly(pubSub, commands, owned ? actual : null, resources);
      if (e instanceof StoreUnavailableException) {
        throw e;
      }
      throw new StoreUnavailableException(
          "cannot connect to Redis at " + config.target() + ": " + e.getMessage(), e);
    }
    Backend backend = new Backend(config, actual, owned, resources, commands, pubSub);
    try {
      backend.start();
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
    return backend;
  }

  /**
   * The options a store's client needs: commands fail at once while disconnected instead of
   * queueing without bound, every command has a timeout, and Lettuce reconnects by itself.
   */
  public static ClientOptions clientOptions(Duration commandTimeout) {
    return ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
        .socketOptions(
            SocketOptions.builder().connectTimeout(commandTimeout).keepAlive(true).build())
        .build();
  }

  /** The changes. */
  public MapWrites writes() {
    return writes;
  }

  /** The queries. */
  public StoreReads reads() {
    return reads;
  }

  /** The event log shared by every host on the prefix. */
  public EventLog events() {
    return events;
  }

  /** JVM time moved to agree with Redis time. */
  public StoreClock clock() {
    return clock;
  }

  /** Whether a PING is answered within the command timeout, at most a second. */
  public boolean isReachable() {
    return gateway.ping(Math.min(1000, config.commandTimeout().toMillis()));
  }

  /** Adds a listener for signals from this process and other hosts. */
  public Subscription subscribe(StoreListener listener) {
    return signals.subscribe(listener);
  }

  /** Tells listeners here at once and other hosts through Redis, coalesced. */
  public void signalMapsChanged() {
    signals.signalMapsChanged();
  }

  /** Hands a command to listeners here and on other hosts. */
  public void routeCommand(String serverId, ServerCommand command) {
    signals.routeCommand(serverId, command);
  }

  @Override
  public void close() {
    signals.close();
    executor.shutdownNow();
    gateway.close();
    closeQuietly(null, null, ownedClient, ownedResources);
  }

  private Instant redisTime() {
    List<String> time = gateway.call("TIME", redis -> redis.time());
    return Instant.ofEpochSecond(Long.parseLong(time.get(0)), Long.parseLong(time.get(1)) * 1000);
  }

  private void resyncClock() {
    try {
      clock.resync();
    } catch (RuntimeException e) {
      log.debug("Redis clock resync skipped: {}", e.toString());
    }
  }

  private static void closeQuietly(
      StatefulRedisPubSubConnection<String, String> pubSub,
      StatefulRedisConnection<String, String> commands,
      RedisClient client,
      ClientResources resources) {
    if (pubSub != null) {
      pubSub.close();
    }
    if (commands != null) {
      commands.close();
    }
    if (client != null) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    if (resources != null) {
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }
}
