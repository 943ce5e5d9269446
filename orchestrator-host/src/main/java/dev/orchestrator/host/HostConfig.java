package dev.orchestrator.host;

import dev.orchestrator.core.OrchestratorBuilder;
import dev.orchestrator.core.spi.OrchestratorStore;
import dev.orchestrator.host.internal.BaseUrls;
import dev.orchestrator.host.internal.HostDrain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * Everything a {@link Host} needs, fixed before it starts. Build with {@link #builder()};
 * setters fail fast with an {@link IllegalArgumentException} naming the option and the value.
 * Immutable and thread-safe once built. Secrets (tokens, the TLS context) are kept out of
 * {@link #toString()}.
 */
public final class HostConfig {
  private final String bind;
  private final int wsPort;
  private final int httpPort;
  private final List<ServerToken> serverTokens;
  private final String adminToken;
  private final SSLContext tls;
  private final Set<String> allowedOrigins;
  private final Duration handshakeTimeout;
  private final OrchestratorStore store;
  private final String storeDescription;
  private final String hostId;
  private final Duration heartbeatInterval;
  private final Duration reconnectGrace;
  private final Duration leaseTimeout;
  private final int maxAttempts;
  private final boolean drainOnShutdown;
  private final Duration drainTimeout;
  private final String reconnectUrl;
  private final Consumer<OrchestratorBuilder> customizer;

  private HostConfig(Builder b) {
    this.bind = b.bind;
    this.wsPort = b.wsPort;
    this.httpPort = b.httpPort;
    this.serverTokens = List.copyOf(b.serverTokens);
    this.adminToken = b.adminToken;
    this.tls = b.tls;
    this.allowedOrigins = Set.copyOf(b.allowedOrigins);
    this.handshakeTimeout = b.handshakeTimeout;
    this.store = b.store;
    this.storeDescription = b.storeDescription;
    this.hostId = b.hostId;
    this.heartbeatInterval = b.heartbeatInterval;
    this.reconnectGrace = b.reconnectGrace;
    this.leaseTimeout = b.leaseTimeout;
    this.maxAttempts = b.maxAttempts;
    this.drainOnShutdown = b.drainOnShutdown;
    this.drainTimeout = b.drainTimeout;
    this.reconnectUrl = b.reconnectUrl;
    this.customizer = b.customizer;
  }

  /** A builder with the documented defaults; a store must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The address both listeners bind to. */
  public String bind() {
    return bind;
  }

  /** The game-server WebSocket port; 0 picks a free one. */
  public int wsPort() {
    return wsPort;
  }

  /** The admin HTTP port; 0 picks a free one. */
  public int httpPort() {
    return httpPort;
  }

  /** Tokens a game server may present, each for the server ids it covers; empty: no check. */
  public List<ServerToken> serverTokens() {
    return serverTokens;
  }

  /**
   * The TLS context both listeners serve with ({@code wss://} and {@code https://}), or
   * {@code null} for plain text.
   */
  public SSLContext tls() {
    return tls;
  }

  /**
   * Origins ({@code scheme://host[:port]}, lower case) whose browser requests the admin API
   * answers and whose game-server WebSocket handshakes the listener accepts; a request or
   * handshake with any other {@code Origin} header gets 403. Empty means no check.
   */
  public Set<String> allowedOrigins() {
    return allowedOrigins;
  }

  /**
   * How long a game-server connection may take from TCP accept to the end of its WebSocket
   * handshake (TLS included) before it is dropped.
   */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /** The token every {@code /api/} call must present, or {@code null} for none. */
  public String adminToken() {
    return adminToken;
  }

  /** Where state lives; the host closes it when it stops. */
  public OrchestratorStore store() {
    return store;
  }

  /** How the store is named in logs (never holds a secret). */
  public String storeDescription() {
    return storeDescription;
  }

  /** This host's id in the registry. */
  public String hostId() {
    return hostId;
  }

  /** How often servers are told to heartbeat. */
  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  /** How long a dropped server keeps its leases. */
  public Duration reconnectGrace() {
    return reconnectGrace;
  }

  /** How long a job may run without progress. */
  public Duration leaseTimeout() {
    return leaseTimeout;
  }

  /** Attempts at one round before a map goes to error. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Whether {@link Host#shutdown()} (SIGTERM) drains before it stops. */
  public boolean drainOnShutdown() {
    return drainOnShutdown;
  }

  /** How long a drain waits for game servers to leave before closing the rest. */
  public Duration drainTimeout() {
    return drainTimeout;
  }

  /**
   * Where a drain sends game servers ({@code ws://HOST:PORT}), or null for each server's own
   * configured URL (typically the load balancer).
   */
  public String reconnectUrl() {
    return reconnectUrl;
  }

  /** Applied to the orchestrator builder after the options above (engine tuning, policy). */
  public Consumer<OrchestratorBuilder> customizer() {
    return customizer;
  }

  @Override
  public String toString() {
    return "HostConfig[bind=" + bind + ", wsPort=" + wsPort + ", httpPort=" + httpPort
        + ", store=" + storeDescription + ", hostId=" + hostId + ", serverTokens="
        + serverTokens.size() + ", adminToken=" + (adminToken == null ? "none" : "set")
        + ", tls=" + (tls == null ? "off" : "on") + ", allowedOrigins=" + allowedOrigins + "]";
  }

  /** Collects the settings of a {@link HostConfig}. Not thread-safe. */
  public static final class Builder {
    private String bind = "0.0.0.0";
    private int wsPort = 8765;
    private int httpPort = 8080;
    private final List<ServerToken> serverTokens = new ArrayList<>();
    private String adminToken;
    private SSLContext tls;
    private final Set<String> allowedOrigins = new LinkedHashSet<>();
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private OrchestratorStore store;
    private String storeDescription = "custom";
    private String hostId = "host-1";
    private Duration heartbeatInterval = Duration.ofSeconds(5);
    private Duration reconnectGrace = Duration.ofSeconds(10);
    private Duration leaseTimeout = Duration.ofMinutes(5);
    private int maxAttempts = 5;
    private boolean drainOnShutdown;
    private Duration drainTimeout = Duration.ofSeconds(30);
    private String reconnectUrl;
    private Consumer<OrchestratorBuilder> customizer = b -> { };

    private Builder() {}

    /** The address to listen on, such as {@code 0.0.0.0} or {@code 127.0.0.1}. */
    public Builder bind(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("bind must be an address, got '" + value + "'");
      }
      this.bind = value;
      return this;
    }

    /** The game-server WebSocket port, 0 to 65535. */
    public Builder wsPort(int value) {
      this.wsPort = port("wsPort", value);
      return this;
    }

    /** The admin HTTP port, 0 to 65535. */
    public Builder httpPort(int value) {
      this.httpPort = port("httpPort", value);
      return this;
    }

    /** Adds a token any game server may present; blank tokens are refused. */
    public Builder serverToken(String value) {
      serverTokens.add(ServerToken.anyServer(token("serverToken", value)));
      return this;
    }

    /** Adds a token valid for the server ids its prefix covers. */
    public Builder serverToken(ServerToken value) {
      serverTokens.add(Objects.requireNonNull(value, "serverToken"));
      return this;
    }

    /**
     * Serves both listeners over TLS with this context (see {@link Tls#fromPkcs12}), or plain
     * text with {@code null}.
     */
    public Builder tls(SSLContext value) {
      this.tls = value;
      return this;
    }

    /**
     * Adds an origin browsers may call the admin API and event stream from, and open a
     * game-server WebSocket from, such as {@code https://ops.example.com}; once any is set,
     * requests and handshakes carrying another {@code Origin} get 403 (game servers send none
     * and are unaffected). A page served by the host itself is only allowed if its own origin
     * is listed.
     *
     * @throws IllegalArgumentException unless the value is {@code scheme://host[:port]} with an
     *     http or https scheme and nothing after the port but an optional {@code /}
     */
    public Builder allowedOrigin(String value) {
      allowedOrigins.add(origin(value));
      return this;
    }

    /**
     * How long a game-server connection may take from TCP accept to the end of its WebSocket
     * handshake, TLS included (default 10 s); slower ones are dropped, so clients that send
     * their handshake a byte at a time, or never, cannot hold sockets open. The admin API's
     * limit is the JDK's {@code sun.net.httpserver.maxReqTime}, which the command line sets
     * from the same option.
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder handshakeTimeout(Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("handshakeTimeout must be positive, got " + value);
      }
      this.handshakeTimeout = value;
      return this;
    }

    /** The admin API token, or {@code null} to leave the API open. */
    public Builder adminToken(String value) {
      this.adminToken = value == null ? null : token("adminToken", value);
      return this;
    }

    /** Where state lives, and how to name it in logs. */
    public Builder store(OrchestratorStore value, String description) {
      this.store = Objects.requireNonNull(value, "store");
      this.storeDescription = Objects.requireNonNull(description, "description");
      return this;
    }

    /** This host's id (validated by the orchestrator builder). */
    public Builder hostId(String value) {
      this.hostId = Objects.requireNonNull(value, "hostId");
      return this;
    }

    /** How often servers heartbeat. */
    public Builder heartbeatInterval(Duration value) {
      this.heartbeatInterval = Objects.requireNonNull(value, "heartbeatInterval");
      return this;
    }

    /** How long a dropped server keeps its leases. */
    public Builder reconnectGrace(Duration value) {
      this.reconnectGrace = Objects.requireNonNull(value, "reconnectGrace");
      return this;
    }

    /** How long a job may run without progress. */
    public Builder leaseTimeout(Duration value) {
      this.leaseTimeout = Objects.requireNonNull(value, "leaseTimeout");
      return this;
    }

    /** Attempts at one round before a map goes to error. */
    public Builder maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    /** Whether SIGTERM ({@link Host#shutdown()}) drains before stopping; default false. */
    public Builder drainOnShutdown(boolean value) {
      this.drainOnShutdown = value;
      return this;
    }

    /**
     * How long a drain waits for game servers to leave; default 30 s.
     *
     * @throws IllegalArgumentException unless it is more than 0 and at most 1 hour
     */
    public Builder drainTimeout(Duration value) {
      this.drainTimeout = HostDrain.checkTimeout("drainTimeout", value);
      return this;
    }

    /**
     * Where a drain sends game servers, or null (the default) for each server's own URL.
     *
     * @throws IllegalArgumentException unless it is {@code ws://HOST[:PORT]} or {@code
     *     wss://HOST[:PORT]} without a path
     */
    public Builder reconnectUrl(String value) {
      this.reconnectUrl = value == null ? null : BaseUrls.reconnectUrl("reconnectUrl", value);
      return this;
    }

    /** Further settings for the orchestrator builder (sweep interval, rate limit, policy). */
    public Builder customize(Consumer<OrchestratorBuilder> value) {
      this.customizer = Objects.requireNonNull(value, "customizer");
      return this;
    }

    /**
     * Copies the settings.
     *
     * @throws IllegalStateException if no store was set
     */
    public HostConfig build() {
      if (store == null) {
        throw new IllegalStateException("store must be set");
      }
      return new HostConfig(this);
    }

    private static int port(String name, int value) {
      if (value < 0 || value > 65_535) {
        throw new IllegalArgumentException(name + " must be 0 to 65535, got " + value);
      }
      return value;
    }

    /** The lower-case form browsers send in {@code Origin}, which is what gets compared. */
    private static String origin(String value) {
      return BaseUrls.check("allowedOrigin", value, Set.of("http", "https"),
          "scheme://host[:port] (http or https, no path)");
    }

    private static String token(String name, String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value;
    }
  }
}
