package dev.orchestrator.host.internal;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An SLF4J backend that writes one JSON object per line to standard error, for {@code
 * --log-format json}. It is selected explicitly through the {@code slf4j.provider} system
 * property (never through the service loader, so slf4j-simple stays the default). The level
 * comes from {@code org.slf4j.simpleLogger.defaultLogLevel} (default info), as in text mode.
 */
public final class JsonLogProvider implements SLF4JServiceProvider {
  private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();
  private Level threshold = Level.INFO;

  /** Called by SLF4J. */
  public JsonLogProvider() {}

  @Override
  public ILoggerFactory getLoggerFactory() {
    return name -> loggers.computeIfAbsent(name, n -> new JsonLogger(n, threshold, System.err));
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    String level = System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    try {
      threshold = Level.valueOf(level.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      threshold = Level.INFO;
    }
  }

  /** Writes each event as one line of JSON. */
  static final class JsonLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private final transient Level threshold;
    private final transient PrintStream out;

    JsonLogger(String name, Level threshold, PrintStream out) {
      this.name = name;
      this.threshold = threshold;
      this.out = out;
    }

    private boolean enabled(Level level) {
      return level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
      return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
      return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
      return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
      return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
      return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern,
        Object[] args, Throwable error) {
      StringBuilder line = new StringBuilder(160).append('{');
      field(line, "time", Instant.now().toString()).append(',');
      field(line, "level", level.name()).append(',');
      field(line, "logger", name).append(',');
      field(line, "thread", Thread.currentThread().getName()).append(',');
      field(line, "message", MessageFormatter.basicArrayFormat(pattern, args));
      if (error != null) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        field(line.append(','), "error", trace.toString());
      }
      String text = line.append('}').toString();
      synchronized (out) {
        out.println(text);
      }
    }

    private static StringBuilder field(StringBuilder line, String key, String value) {
      line.append('"').append(key).append("\":\"");
      String text = value == null ? "" : value;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        switch (c) {
          case '"' -> line.append("\\\"");
          case '\\' -> line.append("\\\\");
          case '\n' -> line.append("\\n");
          case '\r' -> line.append("\\r");
          case '\t' -> line.append("\\t");
          default -> {
            if (c < 0x20) {
              line.append(String.format("\\u%04x", (int) c));
            } else {
              line.append(c);
            }
          }
        }
      }
      return line.append('"');
    }
  }
}
