package dev.orchestrator.core.internal;

import dev.orchestrator.core.StoreUnavailableException;
import dev.orchestrator.core.model.EventType;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.policy.Assignment;
import dev.orchestrator.core.policy.ServerCandidate;
import dev.orchestrator.core.spi.ClaimRequest;
import dev.orchestrator.core.spi.Completion;
import dev.orchestrator.core.spi.CompletionResult;
import dev.orchestrator.core.spi.CycleResult;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches due maps with this host's free servers. One pass at a time; requests made during a
 * pass coalesce into one more pass. Woken by events (a server turns free, a signal, a due
 * time) rather than by polling.
 *
 * <p>Finished jobs ({@code job_done}) wait here too: a pass first applies all of them in one
 * store call that also claims the next maps for the servers that finish, chosen by the policy
 * from the maps just completed and the due maps the last read left unplaced (see {@link
 * DueKnowledge}). A steady cycle thus costs one store call per batch of servers, and since
 * claims and completions share the lane, a server is never offered to two claims at once.
 */
final class AssignmentLoop {
  private static final Logger log = LoggerFactory.getLogger(AssignmentLoop.class);
  // Unproductive pages (all maps unplaceable) a pass reads before leaving the rest for later.
  private static final int MAX_IDLE_PAGES = 10;

  private final Engine engine;
  private final SerialExecutor lane;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final ConcurrentLinkedQueue<PendingCompletion> completions =
      new ConcurrentLinkedQueue<>();
  private final DueKnowledge knowledge = new DueKnowledge();
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

  /** The schedule may have changed behind this host's back: the next pass reads it again. */
  void recheck() {
    knowledge.forget();
    request();
  }

  /** Queues a finished job for the next pass, which applies it with the next claims. */
  void complete(PendingCompletion completion) {
    completions.add(completion);
    request();
  }

  /** Makes sure a pass runs at {@code time}. */
  void wakeAt(Instant time) {
    Instant now = engine.now();
    if (!time.isAfter(now)) {
      recheck();
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
    recheck();
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
    List<PendingCompletion> batch = takeCompletions();
    if (!batch.isEmpty()) {
      cycle(batch);
    }
    Map<String, AttachedServer> free = freeServers();
    if (free.isEmpty()) {
      // Due maps wait for a server to turn free; that event requests the next pass.
      return;
    }
    Instant now = engine.now();
    long mark = knowledge.mark();
    List<GameMap> unplaced = new ArrayList<>();
    boolean stoppedEarly = true;
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
        stoppedEarly = false;
        break;
      }
      List<ClaimRequest> requests = validRequests(due, candidates, now);
      // A lease starts when it is claimed, not when the pass began: a map another host
      // completed after the pass read the clock is in this read, and a lease dated before that
      // completion would show in the history as overlapping the one that just ended.
      List<GameMap> leased =
          requests.isEmpty()
              ? List.of()
              : engine.store.claim(requests, engine.now(), engine.settings.leaseTimeout());
      handOut(leased, free);
      Set<String> requested = new HashSet<>();
      requests.forEach(request -> requested.add(request.mapId()));
      for (GameMap map : due) {
        if (!requested.contains(map.mapId())) {
          unplaced.add(map);
          offset++;
        }
      }
      idlePages = leased.isEmpty() ? idlePages + 1 : 0;
      if (due.size() < limit) {
        stoppedEarly = false;
        break;
      }
      free.values().removeIf(server -> !server.isAvailable());
    }
    knowledge.learned(mark, unplaced, stoppedEarly);
    waiting = knowledge.waitingIds();
  }

  private List<PendingCompletion> takeCompletions() {
    int max = engine.settings.claimBatchSize();
    List<PendingCompletion> batch = new ArrayList<>();
    PendingCompletion next;
    while (batch.size() < max && (next = completions.poll()) != null) {
      batch.add(next);
    }
    if (!completions.isEmpty()) {
      request();
    }
    return batch;
  }

  /**
   * Applies {@code batch} and, in the same store call, claims for the servers that finish (and
   * any other free server) what the policy picks from the due maps already known: the maps just
   * completed and due at once, and those the last read left waiting. Without such knowledge it
   * only completes, and the rest of the pass reads the schedule.
   */
  private void cycle(List<PendingCompletion> batch) {
    Instant now = engine.now();
    Map<String, AttachedServer> servers = freeServers();
    Map<String, ServerCandidate> candidates = new LinkedHashMap<>();
    servers.values().forEach(server -> candidates.put(server.serverId, server.candidate()));
    List<Completion> completions = new ArrayList<>(batch.size());
    Map<String, GameMap> completedDue = new LinkedHashMap<>();
    for (PendingCompletion pending : batch) {
      AttachedServer server = pending.server();
      completions.add(pending.completion());
      ServerCandidate after = server.candidateAfter(pending.jobId());
      if (after != null) {
        servers.put(server.serverId, server);
        candidates.put(server.serverId, after);
      }
      GameMap leased = server.leasedMap(pending.jobId());
      Instant next = pending.nextRoundTime();
      if (leased != null && next != null && !next.isAfter(now)) {
        completedDue.putIfAbsent(leased.mapId(), leased.roundCompleted(next, now));
      }
    }
    List<GameMap> due = candidates.isEmpty() ? null : knowledge.dueWith(completedDue.values());
    List<ClaimRequest> requests =
        due == null || due.isEmpty()
            ? List.of()
            : validRequests(due, new ArrayList<>(candidates.values()), now);
    CycleResult result;
    try {
      result =
          engine.store.completeAndClaim(
              completions, requests, now, engine.settings.leaseTimeout());
    } catch (RuntimeException e) {
      batch.forEach(pending -> pending.server().inbox.resume(null));
      throw e;
    }
    List<Runnable> replies = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      replies.add(engine.jobs.settle(batch.get(i), result.completions().get(i)));
    }
    Map<String, List<GameMap>> nextJobs = new HashMap<>();
    batch.forEach(pending -> nextJobs.put(pending.server().serverId, new ArrayList<>()));
    Set<String> leasedIds = new HashSet<>();
    for (GameMap map : result.leased()) {
      leasedIds.add(map.mapId());
      AttachedServer server = grant(servers, map);
      List<GameMap> jobs = nextJobs.get(server.serverId);
      if (jobs != null) {
        jobs.add(map);
      } else {
        deliver(server, map);
      }
    }
    boolean requeued = false;
    for (int i = 0; i < batch.size(); i++) {
      PendingCompletion pending = batch.get(i);
      AttachedServer server = pending.server();
      engine.announceStatus(server);
      Instant next = pending.nextRoundTime();
      if (result.completions().get(i).kind() == CompletionResult.Kind.APPLIED
          && next != null
          && !leasedIds.contains(pending.mapId())) {
        engine.assignment.wakeAt(next);
        requeued = true;
      }
      // The ack and the next job go out on the server's own inbox, in that order, so the
      // lane spends its time on the store and not on encoding frames.
      Runnable reply = replies.get(i);
      List<GameMap> jobs = nextJobs.get(server.serverId);
      server.inbox.resume(
          () -> {
            reply.run();
            jobs.forEach(map -> deliver(server, map));
          });
    }
    if (requeued) {
      engine.store.signalMapsChanged();
    }
    if (!requests.isEmpty()) {
      Set<String> claimed = new HashSet<>();
      requests.forEach(request -> claimed.add(request.mapId()));
      knowledge.taken(claimed);
      waiting = knowledge.waitingIds();
    }
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
      deliver(grant(free, map), map);
    }
  }

  /** Books a lease on its server; returns the server. */
  private AttachedServer grant(Map<String, AttachedServer> servers, GameMap map) {
    AttachedServer server = servers.get(map.lease().serverId());
    server.addLease(map);
    engine.announceStatus(server);
    return server;
  }

  /** Sends the job to its server, or starts the grace of a server that has just left. */
  private void deliver(AttachedServer server, GameMap map) {
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
