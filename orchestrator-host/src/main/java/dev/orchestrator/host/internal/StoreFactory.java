package dev.orchestrator.host.internal;

import dev.orchestrator.core.memory.InMemoryStore;
import dev.orchestrator.core.spi.OrchestratorStore;
import dev.orchestrator.jdbc.JdbcStore;
import dev.orchestrator.jdbc.JdbcStoreBuilder;
import dev.orchestrator.redis.RedisStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Opens the store named by {@code --store}, with the clock the engine should use: the
 * database's or Redis's for shared stores, so hosts with skewed clocks agree on due times.
 */
public final class StoreFactory {
  // Long enough to investigate last month's incidents; bounded so the table cannot grow forever.
  private static final Duration HISTORY_RETENTION = Duration.ofDays(30);

  private StoreFactory() {}

  /** The kinds {@code --store} accepts. */
  public enum Kind {
    /** In the JVM heap; lost on exit. */
    MEMORY,
    /** Embedded H2 file under the data directory, or {@code --jdbc-url}. */
    H2,
    /** PostgreSQL at {@code --jdbc-url}. */
    POSTGRES,
    /** Redis at {@code --redis-uri}. */
    REDIS
  }

  /**
   * What the store options say.
   *
   * @param kind the store
   * @param dataDir where embedded stores keep files
   * @param jdbcUrl JDBC URL, or null
   * @param jdbcUser JDBC user, or null
   * @param jdbcPassword JDBC password, or null; never logged
   * @param redisUri Redis URI, or null
   * @param redisPrefix key prefix in Redis
   */
  public record Options(Kind kind, Path dataDir, String jdbcUrl, String jdbcUser,
      String jdbcPassword, String redisUri, String redisPrefix) {
    @Override
    public String toString() {
      return "Options[kind=" + kind + ", dataDir=" + dataDir + ", jdbcUrl="
          + redactUrl(jdbcUrl) + ", jdbcUser=" + jdbcUser + ", jdbcPassword="
          + (jdbcPassword == null ? "none" : "***") + ", redisUri=" + redactUrl(redisUri)
          + ", redisPrefix=" + redisPrefix + "]";
    }
  }

  /**
   * An opened store and how to name it in logs.
   *
   * @param store the store; the host closes it
   * @param clock the time the engine should compare due times and deadlines with
   * @param description a description without secrets
   */
  public record Opened(OrchestratorStore store, Clock clock, String description) { }

  /**
   * Opens the store.
   *
   * @throws IllegalArgumentException listing every problem with the options
   * @throws dev.orchestrator.core.StoreUnavailableException if the store cannot be reached
   */
  public static Opened open(Options options) {
    List<String> problems = new ArrayList<>();
    switch (options.kind()) {
      case MEMORY -> {
        return new Opened(new InMemoryStore(), Clock.systemUTC(),
            "memory (state is lost when the host stops)");
      }
      case H2 -> requirePrefix(problems, "--jdbc-url", options.jdbcUrl(), "jdbc:h2:", false);
      case POSTGRES ->
          requirePrefix(problems, "--jdbc-url", options.jdbcUrl(), "jdbc:postgresql:", true);
      case REDIS -> {
        requirePrefix(problems, "--redis-uri", options.redisUri(), "redis", true);
        if (options.redisPrefix() == null || options.redisPrefix().isBlank()) {
          problems.add("--redis-prefix must not be blank");
        }
      }
      default -> throw new IllegalStateException("unhandled store " + options.kind());
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return switch (options.kind()) {
      case H2 -> openH2(options);
      case POSTGRES -> openJdbc(options.jdbcUrl(), options.jdbcUser(), options.jdbcPassword(),
          "postgres " + redactUrl(options.jdbcUrl()));
      default -> openRedis(options);
    };
  }

  private static Opened openH2(Options options) {
    String url = options.jdbcUrl();
    if (url == null) {
      Path dir = options.dataDir().toAbsolutePath().normalize();
      try {
        createPrivateDirectory(dir);
      } catch (IOException e) {
        throw new IllegalArgumentException("--data-dir " + dir + " cannot be created: " + e);
      }
      // H2 otherwise holds commits up to half a second before writing them: a killed host
      // would lose maps it had already acknowledged.
      url = "jdbc:h2:file:" + dir.resolve("orchestrator") + ";WRITE_DELAY=0";
    }
    return openJdbc(url, options.jdbcUser() == null ? "sa" : options.jdbcUser(),
        options.jdbcPassword() == null ? "" : options.jdbcPassword(), "h2 " + redactUrl(url));
  }

  /**
   * The H2 file holds the whole schedule and history, so a directory the host creates is
   * readable by the service user only; an existing one is left as the operator set it, with a
   * warning if other users can read it.
   */
  static void createPrivateDirectory(Path dir) throws IOException {
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (Files.notExists(dir)) {
      Files.createDirectories(dir.getParent());
      if (posix) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectory(dir);
      }
      return;
    }
    if (posix) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
      if (perms.contains(PosixFilePermission.GROUP_READ)
          || perms.contains(PosixFilePermission.OTHERS_READ)) {
        LoggerFactory.getLogger(StoreFactory.class).warn("--data-dir {} is readable by other"
            + " users ({}); the store file in it holds the schedule and history, consider"
            + " chmod 700", dir, PosixFilePermissions.toString(perms));
      }
    }
  }

  private static Opened openJdbc(String url, String user, String password, String description) {
    JdbcStoreBuilder builder = JdbcStore.builder()
        .jdbcUrl(url)
        .createSchemaIfMissing(true)
        .historyRetention(HISTORY_RETENTION);
    // Absent credentials are left to the driver (e.g. PostgreSQL trust auth, or the URL's own).
    if (user != null) {
      builder.user(user);
    }
    if (password != null) {
      builder.password(password);
    }
    JdbcStore store = builder.build();
    return new Opened(store, store.databaseClock(), description);
  }

  private static Opened openRedis(Options options) {
    RedisStore store = RedisStore.builder()
        .uri(options.redisUri())
        .keyPrefix(options.redisPrefix())
        .build();
    return new Opened(store, store.redisClock(), "redis " + redactUrl(options.redisUri())
        + " prefix " + options.redisPrefix());
  }

  private static void requirePrefix(List<String> problems, String option, String value,
      String prefix, boolean required) {
    if (value == null) {
      if (required) {
        problems.add(option + " is required, e.g. " + option + " " + prefix + "//localhost/db");
      }
    } else if (!value.startsWith(prefix)) {
      problems.add(option + " must start with " + prefix + ", got " + redactUrl(value));
    }
  }

  /** A URL with any password (user:pass@, password=...) replaced by {@code ***}. */
  public static String redactUrl(String url) {
    if (url == null) {
      return null;
    }
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***")
        .replaceAll("(//[^/@:]*:)[^/@]*@", "$1***@");
  }
}
