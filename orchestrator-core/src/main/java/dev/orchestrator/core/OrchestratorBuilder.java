package dev.orchestrator.core;

import dev.orchestrator.core.internal.DefaultOrchestrator;
import dev.orchestrator.core.internal.ThreadPoolScheduler;
import dev.orchestrator.core.memory.InMemoryStore;
import dev.orchestrator.core.policy.AssignmentPolicies;
import dev.orchestrator.core.policy.AssignmentPolicy;
import dev.orchestrator.core.spi.EngineScheduler;
import dev.orchestrator.core.spi.OrchestratorStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Configures an {@link Orchestrator}. Setters fail fast with the option's name and the bad
 * value; {@link #build()} copies everything, so the builder may be reused.
 */
public final class OrchestratorBuilder {
  private OrchestratorStore store;
  private AssignmentPolicy policy = AssignmentPolicies.defaultPolicy();
  private Clock clock = Clock.systemUTC();
  private EngineScheduler scheduler;
  private final List<EventListener> listeners = new ArrayList<>();
  private final OrchestratorSettings defaults = OrchestratorSettings.defaults();
  private String hostId = defaults.hostId();
  private Duration heartbeatInterval = defaults.heartbeatInterval();
  private Duration reconnectGrace = defaults.reconnectGrace();
  private Duration leaseTimeout = defaults.leaseTimeout();
  private int maxAttempts = defaults.maxAttempts();
  private Duration retryBackoff = defaults.retryBackoff();
  private Duration maxRetryBackoff = defaults.maxRetryBackoff();
  private Duration sweepInterval = defaults.sweepInterval();
  private int claimBatchSize = defaults.claimBatchSize();
  private int messagesPerSecond = defaults.messagesPerSecond();
  private int messageBurst = defaults.messageBurst();
  private int strikeLimit = defaults.strikeLimit();
  private Duration strikeWindow = defaults.strikeWindow();
  private Duration registryRefresh = defaults.registryRefresh();

  OrchestratorBuilder() {}

  /** Where state lives; default a new {@link InMemoryStore}. Not closed by the orchestrator. */
  public OrchestratorBuilder store(OrchestratorStore value) {
    this.store = Objects.requireNonNull(value, "store");
    return this;
  }

  /** Which map goes to which server; default {@link AssignmentPolicies#defaultPolicy()}. */
  public OrchestratorBuilder policy(AssignmentPolicy value) {
    this.policy = Objects.requireNonNull(value, "policy");
    return this;
  }

  /** The time source; default the system clock in UTC. */
  public OrchestratorBuilder clock(Clock value) {
    this.clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  /**
   * Where engine work runs; default a pool of four threads per core (at least eight), closed
   * with the engine. Store calls block, so more threads than cores keep servers' work moving
   * while others wait on the database.
   */
  public OrchestratorBuilder scheduler(EngineScheduler value) {
    this.scheduler = Objects.requireNonNull(value, "scheduler");
    return this;
  }

  /** Adds a listener for every state change. */
  public OrchestratorBuilder listener(EventListener value) {
    listeners.add(Objects.requireNonNull(value, "listener"));
    return this;
  }

  /** Names this host (1-64 characters of letters, digits, {@code _.:-}). */
  public OrchestratorBuilder hostId(String value) {
    if (value == null || !value.matches("[A-Za-z0-9_.:-]{1,64}")) {
      throw new IllegalArgumentException(
          "hostId must be 1-64 characters of letters, digits, _ . : -, got '" + value + "'");
    }
    hostId = value;
    return this;
  }

  /** How often servers heartbeat; 100 ms to 10 min. */
  public OrchestratorBuilder heartbeatInterval(Duration value) {
    heartbeatInterval = range("heartbeatInterval", value, 100, 600_000);
    return this;
  }

  /** How long a dropped server keeps its leases; 0 to 1 h. */
  public OrchestratorBuilder reconnectGrace(Duration value) {
    reconnectGrace = range("reconnectGrace", value, 0, 3_600_000);
    return this;
  }

  /** How long a job may run without progress; 1 s to 7 days. */
  public OrchestratorBuilder leaseTimeout(Duration value) {
    leaseTimeout = range("leaseTimeout", value, 1_000, 7 * 86_400_000L);
    return this;
  }

  /** Attempts at one round before the map goes to error; 1 to 1000. */
  public OrchestratorBuilder maxAttempts(int value) {
    requireRange("maxAttempts", value, 1, 1000);
    maxAttempts = value;
    return this;
  }

  /** First retry delay of a failed job and its cap; each 0 to 1 h, first not above the cap. */
  public OrchestratorBuilder retryBackoff(Duration first, Duration cap) {
    range("retryBackoff", first, 0, 3_600_000);
    range("maxRetryBackoff", cap, 0, 3_600_000);
    if (first.compareTo(cap) > 0) {
      throw new IllegalArgumentException(
          "retryBackoff " + first + " must not exceed maxRetryBackoff " + cap);
    }
    retryBackoff = first;
    maxRetryBackoff = cap;
    return this;
  }

  /** How often heartbeats and deadlines are checked; 10 ms to 1 min. */
  public OrchestratorBuilder sweepInterval(Duration value) {
    sweepInterval = range("sweepInterval", value, 10, 60_000);
    return this;
  }

  /** Most maps claimed in one store call; 1 to 10,000. */
  public OrchestratorBuilder claimBatchSize(int value) {
    requireRange("claimBatchSize", value, 1, 10_000);
    claimBatchSize = value;
    return this;
  }

  /** Per-session rate limit: steady frames per second and burst; each 1 to 1,000,000. */
  public OrchestratorBuilder rateLimit(int perSecond, int burst) {
    requireRange("messagesPerSecond", perSecond, 1, 1_000_000);
    requireRange("messageBurst", burst, 1, 1_000_000);
    messagesPerSecond = perSecond;
    messageBurst = burst;
    return this;
  }

  /** Bad or rate-limited frames within {@code window} that close a session; 1 to 100,000. */
  public OrchestratorBuilder strikeLimit(int limit, Duration window) {
    requireRange("strikeLimit", limit, 1, 100_000);
    strikeWindow = range("strikeWindow", window, 1, 3_600_000);
    strikeLimit = limit;
    return this;
  }

  /**
   * How often a heartbeat alone rewrites the server's registry entry in the store; zero to 1
   * h. Zero writes on every heartbeat; other changes are always written at once.
   */
  public OrchestratorBuilder registryRefresh(Duration value) {
    registryRefresh = range("registryRefresh", value, 0, 3_600_000);
    return this;
  }

  /** Builds and returns a new orchestrator; call {@link Orchestrator#start()} next. */
  public Orchestrator build() {
    OrchestratorStore chosenStore = store != null ? store : new InMemoryStore();
    boolean ownsScheduler = scheduler == null;
    EngineScheduler chosenScheduler =
        ownsScheduler
            ? new ThreadPoolScheduler(Math.max(8, 4 * Runtime.getRuntime().availableProcessors()))
            : scheduler;
    OrchestratorSettings settings =
        new OrchestratorSettings(
            hostId, heartbeatInterval, defaults.missedHeartbeats(), reconnectGrace, leaseTimeout,
            maxAttempts, retryBackoff, maxRetryBackoff, sweepInterval, claimBatchSize,
            defaults.maxFrameBytes(), messagesPerSecond, messageBurst, strikeLimit, strikeWindow,
            registryRefresh);
    return new DefaultOrchestrator(
        chosenStore, policy, clock, chosenScheduler, ownsScheduler, List.copyOf(listeners),
        settings);
  }

  private static Duration range(String name, Duration value, long minMillis, long maxMillis) {
    if (value == null || value.toMillis() < minMillis || value.toMillis() > maxMillis) {
      throw new IllegalArgumentException(
          name + " must be from " + Duration.ofMillis(minMillis) + " to "
              + Duration.ofMillis(maxMillis) + ", got " + value);
    }
    return value;
  }

  private static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be from " + min + " to " + max + ", got " + value);
    }
  }
}
