package dev.orchestrator.redis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The Lua scripts, each run as {@code common.lua} followed by its own file. */
enum Script {
  CREATE("create"),
  CLAIM("claim"),
  COMPLETE("complete"),
  COMPLETE_CLAIM("complete_claim"),
  RELEASE("release"),
  MOVE("move"),
  RENEW("renew"),
  DELETE("delete"),
  RETRY("retry"),
  DUE("due"),
  EXPIRED("expired"),
  LEASES_OF("leases_of"),
  STATS("stats"),
  LIST("list"),
  HISTORY("history"),
  PURGE("purge"),
  SAVE_SERVER("save_server"),
  LIST_SERVERS("list_servers"),
  APPEND_EVENTS("append_events"),
  READ_EVENTS("read_events");

  private final String file;

  Script(String file) {
    this.file = file;
  }

  String fileName() {
    return file + ".lua";
  }

  /** The full source sent to SCRIPT LOAD. */
  String source() {
    return read("common.lua") + "\n" + read(fileName());
  }

  private static String read(String name) {
    try (InputStream in = Script.class.getResourceAsStream("lua/" + name)) {
      if (in == null) {
        throw new IllegalStateException("script resource lua/" + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read script lua/" + name, e);
    }
  }
}
