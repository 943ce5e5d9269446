package dev.orchestrator.host.internal.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.core.EventListener;
import dev.orchestrator.core.model.EventType;
import dev.orchestrator.core.model.OrchestratorEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The orchestrator's recent events, numbered and encoded once for every stream reader: a ring
 * of the last {@code bufferSize} events for resume, the last job outcomes and per-minute
 * completion and failure counts of the last hour for a freshly opened dashboard.
 *
 * <p>{@link #onEvent} runs on engine threads, so it only encodes and appends under a short
 * lock; writing to clients happens on the stream's own threads. Heartbeats are coalesced to one
 * per server per window: the first of a window is appended at once, the latest of the rest when
 * the window ends ({@link #flushHeartbeats()}), so the stream carries fresh metrics without one
 * event per heartbeat. Thread-safe.
 */
public final class EventJournal implements EventListener {
  static final int RECENT_OUTCOMES = 50;
  static final int MINUTES = 60;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StreamEvent[] ring;
  private final long firstId;
  private final long windowNanos;
  private final ConcurrentMap<String, Long> lastHeartbeat = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, OrchestratorEvent> pendingHeartbeats =
      new ConcurrentHashMap<>();
  private final ArrayDeque<ObjectNode> recent = new ArrayDeque<>();
  private final long[] bucketMinute = new long[MINUTES];
  private final long[] completed = new long[MINUTES];
  private final long[] failed = new long[MINUTES];
  private long latestId;
  private volatile Runnable onAppend = () -> { };

  /**
   * An empty journal. Ids start above {@code startMillis * 1000}, so ids keep growing across a
   * host restart (unless a host averaged a million events a second) and a client that resumes
   * with an id of an earlier run is told to reset instead of being sent the wrong events.
   */
  public EventJournal(int bufferSize, Duration heartbeatCoalesce, long startMillis) {
    this.ring = new StreamEvent[bufferSize];
    this.firstId = startMillis * 1000;
    this.latestId = firstId;
    this.windowNanos = heartbeatCoalesce.toNanos();
    Arrays.fill(bucketMinute, -1);
  }

  /** Called after every append, on the appending thread; must not block. */
  void onAppend(Runnable listener) {
    this.onAppend = listener;
  }

  @Override
  public void onEvent(OrchestratorEvent event) {
    if (event.type() == EventType.SERVER_HEARTBEAT) {
      heartbeat(event);
      return;
    }
    if (event.type() == EventType.SERVER_DISCONNECTED && event.serverId() != null) {
      lastHeartbeat.remove(event.serverId());
      OrchestratorEvent pending = pendingHeartbeats.remove(event.serverId());
      if (pending != null) {
        append(pending);
      }
    }
    append(event);
  }

  private void heartbeat(OrchestratorEvent event) {
    String serverId = event.serverId();
    long now = System.nanoTime();
    Long last = lastHeartbeat.get(serverId);
    if (last == null || now - last >= windowNanos) {
      lastHeartbeat.put(serverId, now);
      pendingHeartbeats.remove(serverId);
      append(event);
    } else {
      pendingHeartbeats.put(serverId, event);
    }
  }

  /** Appends the held-back heartbeats whose window has ended; the stream's timer calls it. */
  void flushHeartbeats() {
    long now = System.nanoTime();
    Iterator<Map.Entry<String, OrchestratorEvent>> it = pendingHeartbeats.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, OrchestratorEvent> entry = it.next();
      Long last = lastHeartbeat.get(entry.getKey());
      if (last == null || now - last >= windowNanos) {
        if (pendingHeartbeats.remove(entry.getKey(), entry.getValue())) {
          lastHeartbeat.put(entry.getKey(), now);
          append(entry.getValue());
        }
      }
    }
  }

  private void append(OrchestratorEvent event) {
    String type = event.type().wireName();
    synchronized (this) {
      long id = ++latestId;
      ObjectNode data = toJson(id, event);
      String json = data.toString();
      byte[] frame = ("id: " + id + "\nevent: " + type + "\ndata: " + json + "\n\n")
          .getBytes(StandardCharsets.UTF_8);
      ring[(int) ((id - firstId - 1) % ring.length)] = new StreamEvent(id, type, frame);
      count(event);
      if (isOutcome(event.type())) {
        recent.addFirst(data);
        if (recent.size() > RECENT_OUTCOMES) {
          recent.removeLast();
        }
      }
    }
    onAppend.run();
  }

  static boolean isOutcome(EventType type) {
    return type == EventType.JOB_COMPLETED || isFailure(type);
  }

  /** A timed-out lease is a failed job as much as a reported failure is. */
  static boolean isFailure(EventType type) {
    return type == EventType.JOB_FAILED || type == EventType.JOB_TIMED_OUT;
  }

  private void count(OrchestratorEvent event) {
    if (!isOutcome(event.type())) {
      return;
    }
    long minute = Math.floorDiv(event.time().getEpochSecond(), 60);
    int slot = (int) Math.floorMod(minute, MINUTES);
    if (bucketMinute[slot] > minute) {
      return;
    }
    if (bucketMinute[slot] < minute) {
      bucketMinute[slot] = minute;
      completed[slot] = 0;
      failed[slot] = 0;
    }
    if (event.type() == EventType.JOB_COMPLETED) {
      completed[slot]++;
    } else {
      failed[slot]++;
    }
  }

  private static ObjectNode toJson(long id, OrchestratorEvent event) {
    ObjectNode node = JSON.createObjectNode()
        .put("id", id)
        .put("type", event.type().wireName())
        .put("time", event.time().toString())
        .put("map_id", event.mapId())
        .put("server_id", event.serverId())
        .put("job_id", event.jobId());
    if (event.mapId() == null) {
      node.putNull("map_version");
    } else {
      node.put("map_version", event.mapVersion());
    }
    ObjectNode details = node.putObject("details");
    new TreeMap<>(event.details()).forEach(details::put);
    return node;
  }

  /** The id of the newest event, or the journal's base id when there is none yet. */
  public synchronized long latestId() {
    return latestId;
  }

  /**
   * Up to {@code max} events after {@code afterId}, oldest first. A reader whose {@code
   * afterId} is older than the ring holds, or newer than the newest id (an id from another
   * run), gets a reset instead: it must re-read the lists and go on from {@link Batch#latestId}.
   */
  synchronized Batch after(long afterId, int max) {
    long oldest = Math.max(firstId + 1, latestId - ring.length + 1);
    if (afterId > latestId || afterId < oldest - 1) {
      return new Batch(true, latestId, List.of());
    }
    int count = (int) Math.min(max, latestId - afterId);
    List<StreamEvent> events = new ArrayList<>(count);
    for (long id = afterId + 1; id <= afterId + count; id++) {
      events.add(ring[(int) ((id - firstId - 1) % ring.length)]);
    }
    return new Batch(false, latestId, events);
  }

  /** What {@link #after} found. */
  record Batch(boolean reset, long latestId, List<StreamEvent> events) { }

  /**
   * The newest job outcomes (newest first), the per-minute counts of the hour up to {@code
   * now} (oldest minute first) and the latest id, read together so that a dashboard can open
   * the stream right after them without a gap.
   */
  synchronized ObjectNode summary(Instant now) {
    ObjectNode node = JSON.createObjectNode().put("latest_id", latestId)
        .put("now", now.toString());
    ArrayNode minutes = node.putArray("minutes");
    long current = Math.floorDiv(now.getEpochSecond(), 60);
    for (long minute = current - MINUTES + 1; minute <= current; minute++) {
      int slot = (int) Math.floorMod(minute, MINUTES);
      boolean held = bucketMinute[slot] == minute;
      minutes.addObject()
          .put("start", Instant.ofEpochSecond(minute * 60).toString())
          .put("completed", held ? completed[slot] : 0)
          .put("failed", held ? failed[slot] : 0);
    }
    ArrayNode outcomes = node.putArray("recent");
    recent.forEach(outcomes::add);
    return node;
  }
}
