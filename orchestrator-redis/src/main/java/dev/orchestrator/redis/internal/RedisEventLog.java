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
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
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
  private final LongAdder unknownTypes = new LongAdder();

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
    List<Object> reply = readAfter(afterId, max);
    long floor = Long.parseLong((String) reply.get(0));
    long latest = Long.parseLong((String) reply.get(1));
    if (afterId < floor || afterId > latest) {
      return new EventPage(true, floor, latest, List.of());
    }
    List<LoggedEvent> events = new ArrayList<>(max);
    long position = afterId;
    // Entries of a type this version does not know (a newer host wrote them) are skipped and
    // counted; reading goes on past them until max events are found or the stream ends.
    while (true) {
      List<?> entries = (List<?>) reply.get(2);
      int wanted = max - events.size();
      for (Object entry : entries) {
        List<?> fields = (List<?>) entry;
        String id = (String) fields.get(0);
        position = Long.parseLong(id.substring(0, id.indexOf('-')));
        event(position, Codec.fields(fields.get(1))).ifPresentOrElse(events::add,
            unknownTypes::increment);
      }
      if (entries.size() < wanted || events.size() >= max) {
        return new EventPage(false, floor, latest, events);
      }
      reply = readAfter(position, max - events.size());
      long nextFloor = Long.parseLong((String) reply.get(0));
      latest = Math.max(latest, Long.parseLong((String) reply.get(1)));
      if (position < nextFloor) {
        // Trimmed past this position meanwhile: what was read is still in order and whole.
        return new EventPage(false, floor, latest, events);
      }
    }
  }

  private List<Object> readAfter(long position, int max) {
    return scripts.run(Script.READ_EVENTS, List.of(keys.events(), keys.eventSeq()), null,
        List.of(Long.toString(position), Integer.toString(max)));
  }

  @Override
  public long unknownTypesSkipped() {
    return unknownTypes.sum();
  }

  private Optional<LoggedEvent> event(long id, Map<String, String> f) {
    Optional<EventType> type = EventType.ofStoredName(f.get("t"));
    if (type.isEmpty()) {
      return Optional.empty();
    }
    OrchestratorEvent event = new OrchestratorEvent(
        type.get(),
        Micros.instant(f.get("at")),
        f.get("m"),
        f.get("s"),
        f.get("j"),
        Long.parseLong(f.get("v")),
        codec.stringMap(f.get("d")));
    return Optional.of(new LoggedEvent(id, event, "1".equals(f.get("l"))));
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
