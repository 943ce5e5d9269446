package dev.orchestrator.host.internal;

/**
 * Chooses the log backend. Must run before the first logger is created, because SLF4J binds
 * its backend once per JVM.
 */
public final class Logging {
  private static final String SIMPLE = "org.slf4j.simpleLogger.";

  private Logging() {}

  /** How log lines look. */
  public enum Format {
    /** slf4j-simple's one line per event. */
    TEXT,
    /** One JSON object per line. */
    JSON
  }

  /** Configures {@code format}; settings given as system properties are kept. */
  public static void configure(Format format) {
    if (format == Format.JSON) {
      System.setProperty("slf4j.provider", JsonLogProvider.class.getName());
      // SLF4J announces an explicitly chosen provider on stderr, which would break the
      // one-JSON-object-per-line promise.
      setIfAbsent("slf4j.internal.verbosity", "WARN");
      return;
    }
    setIfAbsent(SIMPLE + "showDateTime", "true");
    setIfAbsent(SIMPLE + "dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    setIfAbsent(SIMPLE + "showShortLogName", "true");
    setIfAbsent(SIMPLE + "log.org.java_websocket", "warn");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
