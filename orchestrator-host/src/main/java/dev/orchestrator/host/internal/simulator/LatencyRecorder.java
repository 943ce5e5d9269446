package dev.orchestrator.host.internal.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in log-linear buckets (64 per power of two, so a percentile is off by at most
 * 1/64 of its value), in microseconds. Lock-free: many socket threads record at once, and
 * keeping every sample of a long run would cost memory for no gain in accuracy.
 */
final class LatencyRecorder {
  private static final int SUB_BITS = 7;
  private static final int SUB = 1 << SUB_BITS;
  private final AtomicLongArray counts = new AtomicLongArray(SUB * 64);
  private final AtomicLong max = new AtomicLong();

  void recordNanos(long nanos) {
    long micros = Math.max(0, nanos / 1_000);
    counts.incrementAndGet(index(micros));
    max.accumulateAndGet(micros, Math::max);
  }

  long count() {
    long total = 0;
    for (int i = 0; i < counts.length(); i++) {
      total += counts.get(i);
    }
    return total;
  }

  /** p50, p90, p99 and max in milliseconds; empty when nothing was recorded. */
  Map<String, Double> summary() {
    Map<String, Double> out = new LinkedHashMap<>();
    long total = count();
    if (total == 0) {
      return out;
    }
    out.put("count", (double) total);
    out.put("p50", millis(percentile(total, 0.50)));
    out.put("p90", millis(percentile(total, 0.90)));
    out.put("p99", millis(percentile(total, 0.99)));
    out.put("max", millis(max.get()));
    return out;
  }

  private long percentile(long total, double fraction) {
    long rank = (long) Math.ceil(total * fraction);
    long seen = 0;
    for (int i = 0; i < counts.length(); i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return upperBound(i);
      }
    }
    return max.get();
  }

  private static double millis(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }

  /**
   * Values below 128 have a bucket each; above, a value keeps its top 7 bits (64 to 127 after
   * the shift) and the shift picks the block of buckets.
   */
  static int index(long micros) {
    if (micros < SUB) {
      return (int) micros;
    }
    int shift = (63 - Long.numberOfLeadingZeros(micros)) - (SUB_BITS - 1);
    return shift * SUB + (int) (micros >>> shift);
  }

  /** The largest value that falls into the bucket. */
  static long upperBound(int index) {
    if (index < SUB) {
      return index;
    }
    int shift = index / SUB;
    long top = index % SUB;
    return ((top + 1) << shift) - 1;
  }
}
