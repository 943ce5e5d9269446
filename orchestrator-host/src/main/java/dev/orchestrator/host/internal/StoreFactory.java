package dev.orchestrator.host.internal;

import dev.orchestrator.core.memory.InMemoryStore;
import dev.orchestrator.core.spi.OrchestratorStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the store named by {@code --store}. Only {@code memory} is in this build; the JDBC and
 * Redis branches validate their options and then say they are not wired yet, so the options
 * are settled before the store modules land.
 */
public final class StoreFactory {
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
   * @param description a description without secrets
   */
  public record Opened(OrchestratorStore store, String description) { }

  /**
   * Opens the store.
   *
   * @throws IllegalArgumentException listing every problem with the options, or saying the
   *     store is not in this build
   */
  public static Opened open(Options options) {
    List<String> problems = new ArrayList<>();
    switch (options.kind()) {
      case MEMORY -> {
        return new Opened(new InMemoryStore(), "memory (state is lost when the host stops)");
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
    String name = options.kind().name().toLowerCase(java.util.Locale.ROOT);
    throw new IllegalArgumentException("--store " + name + " is not wired into this build yet;"
        + " use --store memory");
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
