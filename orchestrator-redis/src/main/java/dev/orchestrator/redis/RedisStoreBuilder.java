package dev.orchestrator.redis;

import dev.orchestrator.redis.internal.Backend;
import dev.orchestrator.redis.internal.Keys;
import dev.orchestrator.redis.internal.StoreConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Configures a {@link RedisStore}. Setters check their value at once and throw {@link
 * IllegalArgumentException} naming the option; {@link #build()} checks the combination and reports
 * every problem in one message. Not thread-safe; the built store copies everything.
 */
public final class RedisStoreBuilder {
  /** Default history records kept per map. */
  public static final int DEFAULT_HISTORY_CAP = 1000;

  /** Default time a job's record is kept for {@code findTask} and duplicate detection. */
  public static final Duration DEFAULT_HISTORY_RETENTION = Duration.ofDays(30);

  /** Default command timeout. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

  /** Default key prefix. */
  public static final String DEFAULT_KEY_PREFIX = "orch";

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private String uri;
  private RedisClient client;
  private String keyPrefix = DEFAULT_KEY_PREFIX;
  private int historyCap = DEFAULT_HISTORY_CAP;
  private Duration historyRetention = DEFAULT_HISTORY_RETENTION;
  private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
  private ClockSource clockSource = ClockSource.REDIS;
  private Clock localClock = Clock.systemUTC();

  RedisStoreBuilder() {}

  /**
   * Where to connect, e.g. {@code redis://127.0.0.1:6379/0} or {@code
   * rediss://user:pw@host:6380/2}. The store creates and owns its Lettuce client, configured to
   * fail fast while disconnected and to reconnect by itself. Use this or {@link #client}.
   */
  public RedisStoreBuilder uri(String uri) {
    this.uri = Objects.requireNonNull(uri, "uri");
    return this;
  }

  /**
   * A Lettuce client created with a default URI ({@code RedisClient.create(uri)}) to connect with
   * instead of {@link #uri}. The store uses its options as they are and never shuts it down; give
   * it {@link RedisStore#recommendedClientOptions(Duration)} for fail-fast behaviour while Redis is
   * unreachable.
   */
  public RedisStoreBuilder client(RedisClient client) {
    this.client = Objects.requireNonNull(client, "client");
    return this;
  }

  /**
   * The prefix of every key and channel (default {@value #DEFAULT_KEY_PREFIX}). Keys are {@code
   * {prefix}:...}: the braces are a Redis Cluster hash tag, so one orchestrator lives in one slot,
   * and orchestrators with different prefixes share a Redis without touching each other's data. 1
   * to 64 of {@code A-Z a-z 0-9 . _ : -}.
   */
  public RedisStoreBuilder keyPrefix(String keyPrefix) {
    if (keyPrefix == null || !PREFIX.matcher(keyPrefix).matches()) {
      throw new IllegalArgumentException(
          "keyPrefix must be 1 to 64 of A-Z a-z 0-9 . _ : -, got '" + keyPrefix + "'");
    }
    this.keyPrefix = keyPrefix;
    return this;
  }

  /** History records kept per map, newest first; older ones are trimmed (default 1000). */
  public RedisStoreBuilder historyCap(int historyCap) {
    if (historyCap < 1) {
      throw new IllegalArgumentException("historyCap must be >= 1, got " + historyCap);
    }
    this.historyCap = historyCap;
    return this;
  }

  /**
   * How long a job's record stays after its lease ended (default 30 days): Redis expires it then,
   * after which {@code findTask} no longer finds it and a late resend of its {@code job_done}
   * counts as stale rather than duplicate. At least one second.
   */
  public RedisStoreBuilder historyRetention(Duration historyRetention) {
    if (historyRetention == null || historyRetention.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "historyRetention must be at least 1s, got " + historyRetention);
    }
    this.historyRetention = historyRetention;
    return this;
  }

  /**
   * How long one command may take before it fails with {@code StoreUnavailableException} (default 2
   * s); also the connect timeout. Between 10 ms and 1 minute.
   */
  public RedisStoreBuilder commandTimeout(Duration commandTimeout) {
    if (commandTimeout == null
        || commandTimeout.compareTo(Duration.ofMillis(10)) < 0
        || commandTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException(
          "commandTimeout must be between 10ms and 1m, got " + commandTimeout);
    }
    this.commandTimeout = commandTimeout;
    return this;
  }

  /** Where scripts read the time (default {@link ClockSource#REDIS}). */
  public RedisStoreBuilder clockSource(ClockSource clockSource) {
    this.clockSource = Objects.requireNonNull(clockSource, "clockSource");
    return this;
  }

  /**
   * This machine's clock, which {@link RedisStore#redisClock()} adds its measured offset to
   * (default the system clock in UTC). Tests set a skewed one to show that hosts whose clocks
   * disagree still agree on Redis time.
   */
  public RedisStoreBuilder localClock(Clock clock) {
    this.localClock = Objects.requireNonNull(clock, "localClock");
    return this;
  }

  /**
   * Connects, loads the scripts and subscribes to the signal channels.
   *
   * @throws IllegalArgumentException listing every configuration problem
   * @throws dev.orchestrator.core.StoreUnavailableException if Redis cannot be reached
   */
  public RedisStore build() {
    List<String> problems = new ArrayList<>();
    RedisURI parsed = null;
    if (uri == null && client == null) {
      problems.add("set uri(...) or client(...)");
    }
    if (uri != null && client != null) {
      problems.add("set uri(...) or client(...), not both");
    }
    if (uri != null) {
      try {
        parsed = RedisURI.create(uri);
      } catch (IllegalArgumentException e) {
        problems.add("uri '" + uri + "' is not a Redis URI: " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid Redis store configuration: " + String.join("; ", problems));
    }
    String target = "the caller's client";
    if (parsed != null) {
      parsed.setClientName("orchestrator-" + keyPrefix);
      target =
          parsed.getHost() == null
              ? "the configured Redis"
              : parsed.getHost() + ":" + parsed.getPort() + "/" + parsed.getDatabase();
    }
    StoreConfig config =
        new StoreConfig(
            new Keys(keyPrefix), historyCap, historyRetention, commandTimeout, clockSource, target,
            localClock);
    return new RedisStore(Backend.open(config, parsed, client));
  }

  static ClientOptions recommended(Duration commandTimeout) {
    return Backend.clientOptions(commandTimeout);
  }
}
