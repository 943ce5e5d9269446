package dev.orchestrator.redis.internal;

/**
 * The key layout under one prefix. Every key starts with the prefix in a hash tag, {@code
 * {prefix}:}, so all keys of one orchestrator hash to one Redis Cluster slot and scripts may touch
 * any of them; two prefixes never share a key.
 */
public final class Keys {
  private final String prefix;
  private final String base;

  /** The layout for {@code prefix}, which must be free of braces. */
  public Keys(String prefix) {
    this.prefix = prefix;
    this.base = "{" + prefix + "}:";
  }

  /** The configured prefix without the hash tag braces. */
  public String prefix() {
    return prefix;
  }

  /** The start every key shares, {@code {prefix}:}; scripts derive keys from it. */
  public String base() {
    return base;
  }

  /** A pattern that matches every key of this prefix, for SCAN. */
  public String pattern() {
    return base.replace("{", "\\{").replace("}", "\\}") + "*";
  }

  String map(String mapId) {
    return base + "map:" + mapId;
  }

  String maps() {
    return base + "maps";
  }

  String queued() {
    return base + "queued";
  }

  String leases() {
    return base + "leases";
  }

  String serverLeases(String serverId) {
    return base + "srv-leases:" + serverId;
  }

  String history(String mapId) {
    return base + "hist:" + mapId;
  }

  String job(String jobId) {
    return base + "job:" + jobId;
  }

  String ended() {
    return base + "ended";
  }

  String server(String serverId) {
    return base + "server:" + serverId;
  }

  String servers() {
    return base + "servers";
  }

  String events() {
    return base + "events";
  }

  String eventSeq() {
    return base + "events:seq";
  }

  String eventsChannel() {
    return base + "signal:events";
  }

  String mapsChannel() {
    return base + "signal:maps";
  }

  String commandChannel() {
    return base + "signal:command";
  }
}
