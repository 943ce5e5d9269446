package dev.orchestrator.core.internal;

import dev.orchestrator.core.StoreUnavailableException;
import dev.orchestrator.core.model.EventType;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.policy.Assignment;
import dev.orchestrator.core.policy.ServerCandidate;
import dev.orchestrator.core.spi.ClaimRequest;
import dev.orchestrator.core.spi.EngineScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches due maps with this host's free servers. One pass at a time; requests made during a
 * pass coalesce into one more pass. Woken by events (a server turns free, a signal, a due
 * time) rather than by polling.
 */
final class AssignmentLoop {
  private static final Logger log = LoggerFactory.getLogger(AssignmentLoop.class);
  // Unproductive pages (all maps unplaceable) a pass reads before leaving the rest for later.
  private static final int MAX_IDLE_PAGES = 10;

  private final Engine engine;
  private final SerialExecutor lane;
  private final AtomicBoolean pending = new AtomicBoolean();
  private volatile Set<String> waiting = Set.of();
  // Every future time a pass was asked for, earliest first; one timer is armed for the first.
  // Keeping only the earliest would leave the later ones to the next sweep, up to a sweep
  // interval late.
  private final TreeSet<Instant> wakeTimes = new TreeSet<>();
  private Instant nextWake;
  private EngineScheduler.Cancellable wakeTimer;

  AssignmentLoop(Engine engine) {
    this.engine = engine;
    this.lane = new SerialExecutor(engine.scheduler);
  }

  /** Asks for a pass soon; cheap and safe to call from anywhere, as often as needed. */
  void request() {
    if (pending.compareAndSet(false, true)) {
      lane.execute(this::run);
    }
  }

  /** Runs {@code task} on the pass lane: after the pass under way, if any, has handed out. */
  void afterPass(Runnable task) {
    lane.execute(task);
  }

  /** Makes sure a pass runs at {@code time}. */
  void wakeAt(Instant time) {
    Instant now = engine.now();
    if (!time.isAfter(now)) {
      request();
      return;
    }
    synchronized (this) {
      wakeTimes.add(time);
      if (nextWake != null && !nextWake.isAfter(time)) {
        return;
      }
      arm(time, now);
    }
  }

  private void arm(Instant time, Instant now) {
    if (wakeTimer != null) {
      wakeTimer.cancel();
    }
    nextWake = time;
    wakeTimer = engine.scheduler.schedule(Duration.between(now, time), this::woken);
  }

  Set<String> waitingMapIds() {
    return waiting;
  }

  private void woken() {
    synchronized (this) {
      Instant now = engine.now();
      wakeTimes.headSet(now, true).clear();
      nextWake = null;
      wakeTimer = null;
      if (!wakeTimes.isEmpty()) {
        arm(wakeTimes.first(), now);
      }
    }
    request();
  }

  private void run() {
    pending.set(false);
    try {
      pass();
    } catch (StoreUnavailableException e) {
      log.warn("assignment pass skipped: {}", e.getMessage());
    }
  }

  private void pass() {
    Map<String, AttachedServer> free = freeServers();
    if (free.isEmpty()) {
      // Due maps wait for a server to turn free; that event requests the next pass.
      return;
    }
    Instant now = engine.now();
    Set<String> unplaced = new HashSet<>();
    int offset = 0;
    int idlePages = 0;
    while (!free.isEmpty() && idlePages < MAX_IDLE_PAGES) {
      List<ServerCandidate> candidates = new ArrayList<>(free.size());
      int slots = 0;
      for (AttachedServer server : free.values()) {
        ServerCandidate candidate = server.candidate();
        candidates.add(candidate);
        slots += candidate.freeSlots();
      }
      int limit = Math.min(engine.settings.claimBatchSize(), Math.max(slots * 2, 16));
      List<GameMap> due = engine.store.dueMaps(now, limit, offset);
      if (due.isEmpty()) {
        break;
      }
      List<ClaimRequest> requests = validRequests(due, candidates, now);
      List<GameMap> leased =
          requests.isEmpty()
              ? List.of()
              : engine.store.claim(requests, now, engine.settings.leaseTimeout());
      handOut(leased, free);
      Set<String> requested = new HashSet<>();
      requests.forEach(request -> requested.add(request.mapId()));
      for (GameMap map : due) {
        if (!requested.contains(map.mapId())) {
          unplaced.add(map.mapId());
          offset++;
        }
      }
      idlePages = leased.isEmpty() ? idlePages + 1 : 0;
      if (due.size() < limit) {
        break;
      }
      free.values().removeIf(server -> !server.isAvailable());
    }
    waiting = Set.copyOf(unplaced);
  }

  /**
   * Arms a wake-up for the earliest future due time in the store. The sweep calls it: this
   * host's own completions and re-queues arm their wake-ups directly, so only maps scheduled by
   * other hosts need the look-ahead, and one read per sweep keeps it off the per-job path.
   */
  void lookAhead() {
    Instant now = engine.now();
    engine.store.nextDueTime().filter(time -> time.isAfter(now)).ifPresent(this::wakeAt);
  }

  private Map<String, AttachedServer> freeServers() {
    Map<String, AttachedServer> free = new LinkedHashMap<>();
    for (AttachedServer server : engine.available) {
      free.put(server.serverId, server);
    }
    return free;
  }

  /**
   * Rounds reserved by an operator's move for a server free here, then the policy's decisions
   * for the rest, minus any that break its contract.
   */
  private List<ClaimRequest> validRequests(
      List<GameMap> due, List<ServerCandidate> candidates, Instant now) {
    Map<String, Integer> slots = new HashMap<>();
    candidates.forEach(c -> slots.put(c.serverId(), c.freeSlots()));
    List<ClaimRequest> requests = new ArrayList<>();
    List<GameMap> open = reservedFirst(due, slots, requests, now);
    List<ServerCandidate> unreserved = candidates;
    if (!requests.isEmpty()) {
      unreserved = new ArrayList<>();
      for (ServerCandidate c : candidates) {
        int free = slots.get(c.serverId());
        if (free > 0) {
          unreserved.add(new ServerCandidate(c.serverId(), c.labels(), c.capacity(),
              c.capacity() - free, c.cpuUsage(), c.ramUsage(), c.metrics()));
        }
      }
    }
    Map<String, GameMap> maps = new HashMap<>();
    open.forEach(map -> maps.put(map.mapId(), map));
    for (Assignment pair : engine.policy.assign(open, unreserved, now)) {
      GameMap map = maps.remove(pair.mapId());
      Integer left = slots.get(pair.serverId());
      if (map == null || left == null || left == 0) {
        log.warn("policy {} returned an invalid pair {}; ignored", engine.policy, pair);
        continue;
      }
      slots.put(pair.serverId(), left - 1);
      requests.add(
          new ClaimRequest(map.mapId(), map.version(), pair.serverId(), engine.ids.next('j')));
    }
    return requests;
  }

  /**
   * Requests the rounds reserved for a server with a free slot here, and returns the due maps
   * left for the policy. A reserved round whose server is not free here waits for it for the
   * heartbeat timeout after it is due (it may be free on another host, or soon); after that it
   * goes to the policy like any other.
   */
  private List<GameMap> reservedFirst(
      List<GameMap> due, Map<String, Integer> slots, List<ClaimRequest> requests, Instant now) {
    List<GameMap> open = new ArrayList<>(due.size());
    for (GameMap map : due) {
      String target = map.reservedFor();
      if (target == null) {
        open.add(map);
        continue;
      }
      Integer free = slots.get(target);
      Instant lapses = map.nextRoundTime().plus(engine.settings.heartbeatTimeout());
      if (free != null && free > 0) {
        slots.put(target, free - 1);
        requests.add(new ClaimRequest(map.mapId(), map.version(), target, engine.ids.next('j')));
      } else if (now.isBefore(lapses)) {
        wakeAt(lapses);
      } else {
        open.add(map);
      }
    }
    return open;
  }

  private void handOut(List<GameMap> leased, Map<String, AttachedServer> free) {
    for (GameMap map : leased) {
      AttachedServer server = free.get(map.lease().serverId());
      server.addLease(map.lease());
      engine.announceStatus(server);
      SessionChannel channel = server.channel();
      if (channel == null) {
        server.inbox.execute(() -> engine.sessions.startGraceIfDetached(server));
      } else {
        channel.send(Engine.assignJob(map));
      }
      engine.events.publish(
          EventType.JOB_ASSIGNED,
          map.mapId(),
          server.serverId,
          map.jobId(),
          map.version(),
          Map.of("attempt", String.valueOf(map.lease().attempt()),
              "deadline", map.lease().deadline().toString(),
              // For the scheduling-lag metric: how late the round started.
              "due", String.valueOf(map.nextRoundTime())));
    }
  }
}
