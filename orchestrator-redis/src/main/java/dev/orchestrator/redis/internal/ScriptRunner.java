package dev.orchestrator.redis.internal;

import dev.orchestrator.redis.ClockSource;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls the scripts by EVALSHA. Each script is loaded once with SCRIPT LOAD; when Redis has lost it
 * (SCRIPT FLUSH, restart, failover to a replica that never saw it) the NOSCRIPT reply makes the
 * runner load it again and repeat the call, which is safe because a NOSCRIPT call never ran.
 */
final class ScriptRunner {
  private static final String NO_CLOCK = "none";

  private final Gateway gateway;
  private final StoreConfig config;
  private final Map<Script, String> sources = new EnumMap<>(Script.class);
  private final Map<Script, String> shas = new ConcurrentHashMap<>();
  private final String cap;
  private final String retention;

  ScriptRunner(Gateway gateway, StoreConfig config) {
    this.gateway = gateway;
    this.config = config;
    this.cap = Integer.toString(config.historyCap());
    this.retention = Long.toString(Math.max(1, config.historyRetention().toSeconds()));
    for (Script script : Script.values()) {
      sources.put(script, script.source());
    }
  }

  /** Loads every script; called once when the store starts. */
  void loadAll() {
    for (Script script : Script.values()) {
      load(script);
    }
  }

  /**
   * Runs {@code script}.
   *
   * @param now the caller's time, or {@code null} for scripts that read no clock
   */
  List<Object> run(Script script, List<String> keys, Instant now, List<String> args) {
    String[] argv = new String[4 + args.size()];
    argv[0] = config.keys().base();
    argv[1] = clockArgument(now);
    argv[2] = cap;
    argv[3] = retention;
    for (int i = 0; i < args.size(); i++) {
      argv[4 + i] = args.get(i);
    }
    String[] keyArray = keys.toArray(String[]::new);
    String operation = script.fileName();
    try {
      return evalsha(script, keyArray, argv, sha(script), operation);
    } catch (RedisNoScriptException e) {
      return evalsha(script, keyArray, argv, load(script), operation);
    }
  }

  private List<Object> evalsha(
      Script script, String[] keys, String[] argv, String sha, String operation) {
    return gateway.call(
        operation, redis -> redis.<List<Object>>evalsha(sha, ScriptOutputType.MULTI, keys, argv));
  }

  private String clockArgument(Instant now) {
    if (now == null) {
      return NO_CLOCK;
    }
    return config.clockSource() == ClockSource.REDIS ? "redis" : Micros.text(now);
  }

  private String sha(Script script) {
    String sha = shas.get(script);
    return sha != null ? sha : load(script);
  }

  private String load(Script script) {
    String sha =
        gateway.call(
            "SCRIPT LOAD " + script.fileName(), redis -> redis.scriptLoad(sources.get(script)));
    shas.put(script, sha);
    return sha;
  }
}
