package dev.orchestrator.host.internal.simulator;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How long a simulated round takes: a fixed number of milliseconds or a uniform range. */
record JobDurations(long minMs, long maxMs) {
  private static final Pattern FORM = Pattern.compile("(\\d{1,7})(?:-(\\d{1,7}))?");

  JobDurations {
    if (minMs < 0 || maxMs < minMs) {
      throw new IllegalArgumentException("need 0 <= min <= max, got " + minMs + "-" + maxMs);
    }
  }

  /** A duration drawn uniformly from {@code [minMs, maxMs]}. */
  long next() {
    return minMs == maxMs ? minMs : ThreadLocalRandom.current().nextLong(minMs, maxMs + 1);
  }

  @Override
  public String toString() {
    return minMs == maxMs ? Long.toString(minMs) : minMs + "-" + maxMs;
  }

  /** {@code 0}, {@code 100} or {@code 50-200} (milliseconds). */
  static final class Converter implements ITypeConverter<JobDurations> {
    @Override
    public JobDurations convert(String value) {
      Matcher m = FORM.matcher(value.trim());
      if (m.matches()) {
        long min = Long.parseLong(m.group(1));
        long max = m.group(2) == null ? min : Long.parseLong(m.group(2));
        if (max >= min) {
          return new JobDurations(min, max);
        }
      }
      throw new TypeConversionException("'" + value + "' is not a job duration; write"
          + " milliseconds as 0, 100 or a uniform range MIN-MAX such as 50-200");
    }
  }
}
