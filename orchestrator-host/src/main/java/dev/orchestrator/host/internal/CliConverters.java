package dev.orchestrator.host.internal;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters whose errors say what to type instead. */
public final class CliConverters {
  private CliConverters() {}

  /** {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
  public static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
      Matcher m = FORM.matcher(value.trim());
      if (!m.matches()) {
        throw new TypeConversionException("'" + value + "' is not a duration; write a whole"
            + " number and a unit, for example 500ms, 5s, 2m or 1h");
      }
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    }
  }

  /** A TCP port, 0 (any free port) to 65535. */
  public static final class PortConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        int port = Integer.parseInt(value.trim());
        if (port >= 0 && port <= 65_535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // Answered below like an out-of-range number.
      }
      throw new TypeConversionException("'" + value + "' is not a port; use a number from 1 to"
          + " 65535, or 0 to pick a free port");
    }
  }
}
