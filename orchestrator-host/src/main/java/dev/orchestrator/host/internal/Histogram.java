package dev.orchestrator.host.internal;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A Prometheus histogram with fixed bucket bounds in seconds. Thread-safe, lock-free. */
final class Histogram {
  private final double[] bounds;
  private final AtomicLongArray counts;
  private final DoubleAdder sum = new DoubleAdder();
  private final LongAdder count = new LongAdder();

  Histogram(double... bounds) {
    this.bounds = bounds.clone();
    this.counts = new AtomicLongArray(bounds.length);
  }

  void observe(double seconds) {
    double value = Math.max(0, seconds);
    for (int i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]) {
        counts.incrementAndGet(i);
        break;
      }
    }
    sum.add(value);
    count.increment();
  }

  void write(PrometheusText out, String name, String help) {
    out.type(name, "histogram", help);
    long cumulative = 0;
    long total = count.sum();
    for (int i = 0; i < bounds.length; i++) {
      cumulative += counts.get(i);
      out.sample(name + "_bucket", "le", PrometheusText.number(bounds[i]), cumulative);
    }
    out.sample(name + "_bucket", "le", "+Inf", Math.max(total, cumulative));
    out.sample(name + "_sum", sum.sum());
    out.sample(name + "_count", Math.max(total, cumulative));
  }
}
