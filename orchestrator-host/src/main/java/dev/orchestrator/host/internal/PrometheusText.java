package dev.orchestrator.host.internal;

import java.util.Map;

/** Writes the Prometheus text exposition format (version 0.0.4). Not thread-safe. */
final class PrometheusText {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private final StringBuilder out = new StringBuilder(4096);

  void type(String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  void sample(String name, double value) {
    out.append(name).append(' ').append(number(value)).append('\n');
  }

  void sample(String name, String label, String labelValue, double value) {
    out.append(name).append('{').append(label).append("=\"").append(escape(labelValue))
        .append("\"} ").append(number(value)).append('\n');
  }

  /** One sample per entry, labelled {@code label}, in the map's iteration order. */
  void samples(String name, String label, Map<String, ? extends Number> values) {
    values.forEach((key, value) -> sample(name, label, key, value.doubleValue()));
  }

  @Override
  public String toString() {
    return out.toString();
  }

  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
