package dev.orchestrator.redis.internal;

import dev.orchestrator.core.model.EventType;
import dev.orchestrator.core.model.OrchestratorEvent;
import dev.orchestrator.core.spi.EventLog;
import dev.orchestrator.core.spi.EventPage;
import dev.orchestrator.core.spi.LoggedEvent;
import dev.orchestrator.core.spi.OrchestratorStore.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event log as a Redis stream, {@code {P}:events}, capped with {@code XADD MAXLEN ~}. Ids
 * come from the counter {@code {P}:events:seq} inside the append script, so they are plain
 * numbers, increasing in the order appends run, and every host on the prefix shares them. Each
 * append publishes on {@code {P}:signal:events}, which wakes the readers of every host.
 */
public final class RedisEventLog implements EventLog {
  private static final Logger log = LoggerFactory.getLogger(RedisEventLog.class);
  private static final int FIELDS_PER_EVENT = 7;

  private final ScriptRunner scripts;
  private final Codec codec;
  private final Keys keys;
  private final int capacity;
  private final List<Runnable> readers = new CopyOnWriteArrayList<>();

  RedisEventLog(ScriptRunner scripts, Codec codec, Keys keys, int capacity) {
    this.scripts = scripts;
    this.codec = codec;
    this.keys = keys;
    this.capacity = capacity;
  }

  @Override
  public void append(List<OrchestratorEvent> events, boolean afterLoss) {
    if (events.isEmpty()) {
      return;
    }
    List<String> args = new ArrayList<>(2 + events.size() * FIELDS_PER_EVENT);
    args.add(Integer.toString(capacity));
    args.add(afterLoss ? "1" : "0");
    for (OrchestratorEvent event : events) {
      args.add(event.type().name());
      args.add(Micros.text(event.time()));
      args.add(Codec.opt(event.mapId()));
      args.add(Codec.opt(event.serverId()));
      args.add(Codec.opt(event.jobId()));
      args.add(Long.toString(event.mapVersion()));
      args.add(codec.json(event.details()));
    }
    scripts.run(Script.APPEND_EVENTS, List.of(keys.events(), keys.eventSeq()), null, args);
    wake();
  }

  @Override
  public EventPage read(long afterId, int max) {
    if (max < 0) {
      throw new IllegalArgumentException("max must be >= 0, got " + max);
    }
    List<Object> reply = scripts.run(Script.READ_EVENTS,
        List.of(keys.events(), keys.eventSeq()), null,
        List.of(Long.toString(afterId), Integer.toString(max)));
    long floor = Long.parseLong((String) reply.get(0));
    long latest = Long.parseLong((String) reply.get(1));
    if (afterId < floor || afterId > latest) {
      return new EventPage(true, floor, latest, List.of());
    }
    List<?> entries = (List<?>) reply.get(2);
    List<LoggedEvent> events = new ArrayList<>(entries.size());
    for (Object entry : entries) {
      events.add(event((List<?>) entry));
    }
    return new EventPage(false, floor, latest, events);
  }

  private LoggedEvent event(List<?> entry) {
    String id = (String) entry.get(0);
    Map<String, String> f = Codec.fields(entry.get(1));
    OrchestratorEvent event = new OrchestratorEvent(
        EventType.valueOf(f.get("t")),
        Micros.instant(f.get("at")),
        f.get("m"),
        f.get("s"),
        f.get("j"),
        Long.parseLong(f.get("v")),
        codec.stringMap(f.get("d")));
    return new LoggedEvent(Long.parseLong(id.substring(0, id.indexOf('-'))), event,
        "1".equals(f.get("l")));
  }

  @Override
  public Subscription onAppend(Runnable wakeUp) {
    readers.add(wakeUp);
    return () -> readers.remove(wakeUp);
  }

  @Override
  public int capacity() {
    return capacity;
  }

  /** Wakes this store's readers; called after an append here and on another host's publish. */
  void wake() {
    for (Runnable reader : readers) {
      try {
        reader.run();
      } catch (RuntimeException e) {
        log.warn("event log reader {} failed on a wake-up", reader, e);
      }
    }
  }
}
