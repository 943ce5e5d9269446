package dev.orchestrator.host.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option values from the environment ({@code ORCHESTRATOR_WS_PORT} for {@code --ws-port}) and
 * from a {@code key=value} file ({@code ws-port=9000}); picocli asks this only for options not
 * on the command line, so the precedence is command line, environment, file, built-in default.
 */
public final class ConfigDefaults implements IDefaultValueProvider {
  /** Environment variables start with this. */
  public static final String ENV_PREFIX = "ORCHESTRATOR_";
  private final Map<String, String> env;
  private final Map<String, String> file;

  /** Values from {@code env} and from the parsed file {@code fileValues}. */
  public ConfigDefaults(Map<String, String> env, Map<String, String> fileValues) {
    this.env = Map.copyOf(env);
    this.file = Map.copyOf(fileValues);
  }

  /** The environment variable for an option name without dashes. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) {
      return null;
    }
    String key = option.longestName().replaceFirst("^-+", "");
    String fromEnv = env.get(envName(key));
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv;
    }
    return file.get(key);
  }

  /**
   * Reads a config file: {@code key=value} lines, blank lines and {@code #} comments ignored.
   *
   * @param known the accepted keys
   * @throws IllegalArgumentException listing every bad line and unknown key at once
   */
  public static Map<String, String> readFile(Path path, Set<String> known) {
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config file " + path + ": " + e);
    }
    Map<String, String> values = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      String key = eq < 0 ? line : line.substring(0, eq).strip();
      if (eq < 0) {
        problems.add("line " + (i + 1) + ": expected key=value, got '" + key + "'");
      } else if (!known.contains(key)) {
        problems.add("line " + (i + 1) + ": unknown key '" + key + "' (keys are option names"
            + " without dashes, e.g. ws-port=9000)");
      } else {
        values.put(key, line.substring(eq + 1).strip());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("config file " + path + " has problems:\n  "
          + String.join("\n  ", problems));
    }
    return values;
  }
}
