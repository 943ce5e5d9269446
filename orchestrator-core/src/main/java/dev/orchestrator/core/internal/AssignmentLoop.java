package dev.orchestrator.core.internal;

import dev.orchestrator.core.StoreUnavailableException;
import dev.orchestrator.core.model.EventType;
import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.policy.Assignment;
import dev.orchestrator.core.policy.ServerCandidate;
import dev.orchestrator.core.protocol.WireTime;
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
 * <p>Finished jobs ({@code job_done}) wait here too: a pass applies them in batches, each one
 * store call that also claims the next maps for the servers that finish, chosen by the policy
 * from the maps just completed and the due maps the last read left unplaced (see {@link
 * DueKnowledge}). A steady cycle thus costs one store call per batch of servers. While the
 * knowledge holds, up to the store's {@code cyclesInFlight()} batches are in the store at once, their
 * servers disjoint; the lane plans and lands them in turn. A read of the schedule waits until
 * none is in flight.
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
  private final BatchesInFlight inFlight;
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
    this.inFlight = new BatchesInFlight(engine.store.cyclesInFlight());
  }

  /** Asks for a pass soon; cheap and safe to call from anywhere, as often as needed. */
  void request() {
    if (pending.compareAndSet(false, true)) {
      lane.execute(this::run);
    }
  }

  /**
   * Runs {@code task} on the pass lane: after the pass under way, if any, and every batch in
   * flight have handed out.
   */
  void afterPass(Runnable task) {
    lane.execute(() -> inFlight.afterLanding(task));
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
    if (!knowledge.current()) {
      // The schedule must be read. The read waits for the batches in flight, so what it learns
      // is not raced by their claims; their landing requests the next pass.
      if (inFlight.any()) {
        return;
      }
      List<PendingCompletion> batch = takeCompletions();
      if (!batch.isEmpty()) {
        Batch planned = plan(batch);
        land(planned, call(planned));
      }
      read();
      return;
    }
    while (inFlight.hasRoom()) {
      List<PendingCompletion> batch = takeCompletions();
      if (batch.isEmpty()) {
        break;
      }
      launch(plan(batch));
    }
    if (!inFlight.any() && !knowledge.nothingWaits()) {
      read();
    }
  }

  /**
   * Reads the due maps and offers them to the free servers, page by page. The first page is read
   * before any candidate is built, so a pass with nothing due costs one read, not one candidate
   * per free server (connecting N idle servers would otherwise cost N passes of N candidates).
   */
  private void read() {
    if (engine.available.isEmpty()) {
      // Due maps wait for a server to turn free; that event requests the next pass.
      return;
    }
    Instant now = engine.now();
    long mark = knowledge.mark();
    int limit = pageSize(engine.available.size());
    List<GameMap> due = engine.store.dueMaps(now, limit, 0);
    List<GameMap> unplaced = new ArrayList<>();
    if (due.isEmpty()) {
      knowledge.learned(mark, unplaced, false);
      waiting = knowledge.waitingIds();
      return;
    }
    Map<String, AttachedServer> free = freeServers();
    boolean stoppedEarly = true;
    int offset = 0;
    int idlePages = 0;
    while (true) {
      List<ServerCandidate> candidates = new ArrayList<>(free.size());
      free.values().forEach(server -> candidates.add(server.candidate()));
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
      if (free.isEmpty() || idlePages >= MAX_IDLE_PAGES) {
        break;
      }
      int slots = 0;
      for (AttachedServer server : free.values()) {
        slots += server.candidate().freeSlots();
      }
      limit = pageSize(slots);
      due = engine.store.dueMaps(now, limit, offset);
      if (due.isEmpty()) {
        stoppedEarly = false;
        break;
      }
    }
    knowledge.learned(mark, unplaced, stoppedEarly);
    waiting = knowledge.waitingIds();
  }

  private int pageSize(int slots) {
    return Math.min(engine.settings.claimBatchSize(), Math.max(slots * 2, 16));
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
   * A batch of finished jobs and the claims planned with them.
   *
   * @param servers every server the claims may lease to, by id: none of them is offered to a
   *     claim of another batch while this one is in flight
   */
  private record Batch(
      List<PendingCompletion> pending,
      List<Completion> completions,
      Map<String, AttachedServer> servers,
      List<ClaimRequest> requests,
      Instant now) {}

  /**
   * Plans a batch: its completions and, to go in the same store call, claims for the servers
   * that finish (and any other free server not offered to a batch in flight) of what the policy
   * picks from the due maps already known: the maps just completed and due at once, and those
   * the last read left waiting. Without such knowledge it only completes, and the pass reads the
   * schedule. The maps requested leave the knowledge at once, so the next batch does not ask
   * for them too.
   */
  private Batch plan(List<PendingCompletion> batch) {
    Instant now = engine.now();
    List<Completion> completions = new ArrayList<>(batch.size());
    Map<String, GameMap> completedDue = new LinkedHashMap<>();
    for (PendingCompletion pending : batch) {
      completions.add(pending.completion());
      GameMap leased = pending.server().leasedMap(pending.jobId());
      Instant next = pending.nextRoundTime();
      if (leased != null && next != null && !next.isAfter(now)) {
        completedDue.putIfAbsent(leased.mapId(), leased.roundCompleted(next, now));
      }
    }
    List<GameMap> due = knowledge.dueWith(completedDue.values());
    if (due == null || due.isEmpty()) {
      return new Batch(batch, completions, Map.of(), List.of(), now);
    }
    Map<String, AttachedServer> servers = new LinkedHashMap<>();
    Map<String, ServerCandidate> candidates = new LinkedHashMap<>();
    for (AttachedServer server : engine.available) {
      if (!inFlight.offers(server)) {
        servers.put(server.serverId, server);
        candidates.put(server.serverId, server.candidate());
      }
    }
    for (PendingCompletion pending : batch) {
      AttachedServer server = pending.server();
      ServerCandidate after =
          inFlight.offers(server) ? null : server.candidateAfter(pending.jobId());
      if (after != null) {
        servers.put(server.serverId, server);
        candidates.put(server.serverId, after);
      }
    }
    List<ClaimRequest> requests =
        candidates.isEmpty()
            ? List.of()
            : validRequests(due, List.copyOf(candidates.values()), now);
    if (!requests.isEmpty()) {
      Set<String> claimed = new HashSet<>();
      requests.forEach(request -> claimed.add(request.mapId()));
      knowledge.taken(claimed);
      waiting = knowledge.waitingIds();
    }
    return new Batch(batch, completions, servers, requests, now);
  }

  private CycleResult store(Batch batch) {
    return engine.store.completeAndClaim(
        batch.completions(), batch.requests(), batch.now(), engine.settings.leaseTimeout());
  }

  private CycleResult call(Batch batch) {
    try {
      return store(batch);
    } catch (RuntimeException e) {
      failed(batch);
      throw e;
    }
  }

  /**
   * Runs the batch's store call off the lane, so the lane plans the next batch meanwhile and
   * books this one when it lands.
   */
  private void launch(Batch batch) {
    inFlight.started(batch.servers().values());
    engine.scheduler.execute(
        () -> {
          CycleResult result = null;
          RuntimeException failure = null;
          try {
            result = store(batch);
          } catch (RuntimeException e) {
            failure = e;
          }
          CycleResult landed = result;
          RuntimeException failed = failure;
          lane.execute(() -> landed(batch, landed, failed));
        });
  }

  private void landed(Batch batch, CycleResult result, RuntimeException failure) {
    try {
      if (failure == null) {
        land(batch, result);
      } else {
        failed(batch);
        log.warn("job cycle batch failed: {}", failure.toString());
      }
    } finally {
      inFlight.ended(batch.servers().values()).forEach(Runnable::run);
      request();
    }
  }

  /**
   * The batch's {@code job_done} frames get no answer and their servers' inboxes go on (leases
   * stay as the store has them); the maps it took from the knowledge are read again.
   */
  private void failed(Batch batch) {
    batch.pending().forEach(pending -> pending.server().inbox.resume(null));
    if (!batch.requests().isEmpty()) {
      knowledge.forget();
    }
  }

  /** Books what the store did and sends each finishing server its ack, then its next jobs. */
  private void land(Batch planned, CycleResult result) {
    List<PendingCompletion> batch = planned.pending();
    List<Runnable> replies = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      replies.add(engine.jobs.settle(batch.get(i), result.completions().get(i)));
    }
    Map<String, List<GameMap>> nextJobs = new HashMap<>();
    batch.forEach(pending -> nextJobs.put(pending.server().serverId, new ArrayList<>()));
    Set<String> leasedIds = new HashSet<>();
    for (GameMap map : result.leased()) {
      leasedIds.add(map.mapId());
      AttachedServer server = grant(planned.servers(), map);
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
            "deadline", WireTime.format(map.lease().deadline()),
            // For the scheduling-lag metric: how late the round started.
            "due", String.valueOf(map.nextRoundTime())));
  }
}
