package dev.orchestrator.core.protocol;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * Writes one compact JSON object into a {@link StringBuilder}, with the same text Jackson's
 * generator writes (its string escaping, {@link Double#toString} for numbers), but without a
 * generator, a writer and their buffers per frame: a frame is a few short fields, and setting
 * those up cost more than writing the fields. Commas are placed by looking at the previous
 * character, so nested objects need no state. Not thread-safe: one instance per frame.
 */
final class JsonText {
  private static final JsonStringEncoder ESCAPER = JsonStringEncoder.getInstance();
  // Room for an assign_job with short ids without growing.
  private final StringBuilder out = new StringBuilder(256);

  JsonText startObject() {
    out.append('{');
    return this;
  }

  JsonText endObject() {
    out.append('}');
    return this;
  }

  /** Starts a nested object as the value of {@code name}. */
  JsonText startObject(String name) {
    name(name);
    out.append('{');
    return this;
  }

  /** Writes a string field, or an explicit null. */
  JsonText string(String name, String value) {
    name(name);
    quoted(value);
    return this;
  }

  JsonText number(String name, long value) {
    name(name);
    out.append(value);
    return this;
  }

  /** Writes a finite number as Jackson does, with {@link Double#toString}. */
  JsonText number(String name, double value) {
    if (!Double.isFinite(value)) {
      // The records admit only finite numbers; anything else would not be JSON.
      throw new IllegalArgumentException(name + " must be finite, got " + value);
    }
    name(name);
    out.append(value);
    return this;
  }

  JsonText bool(String name, boolean value) {
    name(name);
    out.append(value);
    return this;
  }

  JsonText nullValue(String name) {
    name(name);
    out.append("null");
    return this;
  }

  /** Writes {@code json}, which must be one complete JSON value, as the value of {@code name}. */
  JsonText raw(String name, String json) {
    name(name);
    out.append(json);
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private void name(String name) {
    if (out.charAt(out.length() - 1) != '{') {
      out.append(',');
    }
    quoted(name);
    out.append(':');
  }

  private void quoted(String value) {
    if (value == null) {
      out.append("null");
      return;
    }
    out.append('"');
    if (needsEscaping(value)) {
      ESCAPER.quoteAsString(value, out);
    } else {
      out.append(value);
    }
    out.append('"');
  }

  // Ids and type names, most of what frames carry, need no escaping: skip the escaper for them.
  private static boolean needsEscaping(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < ' ' || c == '"' || c == '\\') {
        return true;
      }
    }
    return false;
  }
}
