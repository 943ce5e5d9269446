package dev.orchestrator.core.internal;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.GameServer;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.ServerMetrics;
import dev.orchestrator.core.model.ServerStatus;
import dev.orchestrator.core.policy.ServerCandidate;
import dev.orchestrator.core.spi.EngineScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A game server known to this host: its live session (null during the reconnect grace), what
 * it reported, and the leases it holds. Messages run on its {@link #inbox} in order; the
 * assignment pass and sweeps read and update it from other threads, hence the monitor.
 */
final class AttachedServer {
  final String serverId;
  final SerialExecutor inbox;

  private SessionChannel channel;
  private boolean loaded;
  private String serverIp;
  private String clientVersion;
  private Map<String, String> labels = Map.of();
  private int capacity = 1;
  private ServerMetrics metrics = ServerMetrics.NONE;
  private boolean reportedBusy;
  private boolean draining;
  private boolean notResponding;
  private String leaveReason;
  private boolean welcomed;
  private ServerStatus announced = ServerStatus.OFFLINE;
  private Instant connectedAt;
  private Instant disconnectedAt;
  private Instant lastSeen;
  private Instant lastWritten;
  private final Map<String, Lease> leases = new LinkedHashMap<>();
  // The map as leased here, by job id, so a completion can tell the map's next state without
  // asking the store. Leases adopted on a resume have none.
  private final Map<String, GameMap> leasedMaps = new HashMap<>();
  private long assigned;
  private long completed;
  private long failed;
  private EngineScheduler.Cancellable graceTimer;

  // Servers that can take work now, shared by all servers of one engine, so a pass looks only
  // at those instead of scanning every server.
  private final Set<AttachedServer> available;

  AttachedServer(String serverId, EngineScheduler scheduler, Set<AttachedServer> available) {
    this.serverId = serverId;
    this.inbox = new SerialExecutor(scheduler);
    this.available = available;
  }

  private void reindex() {
    if (isAvailable()) {
      available.add(this);
    } else {
      available.remove(this);
    }
  }

  /** Takes over what the registry remembers, once per host lifetime. */
  synchronized void loadOnce(GameServer stored) {
    if (loaded) {
      return;
    }
    loaded = true;
    if (stored != null) {
      serverIp = stored.serverIp();
      clientVersion = stored.clientVersion();
      labels = stored.labels();
      capacity = stored.capacity();
      metrics = stored.metrics();
      assigned = stored.totalAssigned();
      completed = stored.totalCompleted();
      failed = stored.totalFailed();
      disconnectedAt = stored.disconnectedAt();
      lastSeen = stored.lastHeartbeat();
    }
  }

  /** Makes {@code next} the live session; returns the one it replaces, if any. */
  synchronized SessionChannel attach(SessionChannel next, Instant now) {
    SessionChannel previous = channel;
    channel = next;
    welcomed = false;
    connectedAt = now;
    lastSeen = now;
    reportedBusy = false;
    draining = false;
    notResponding = false;
    if (serverIp == null) {
      serverIp = next.remoteAddress();
    }
    cancelGrace();
    reindex();
    return previous;
  }

  /** Ends the live session if it is {@code closing}; false if another session replaced it. */
  synchronized boolean detach(SessionChannel closing, Instant now) {
    if (channel != closing) {
      return false;
    }
    channel = null;
    disconnectedAt = now;
    leaveReason = closing.leaveReason();
    reindex();
    return true;
  }

  /**
   * The reason the last session gave in {@code disconnect}, or null if it just dropped: a
   * server that left on purpose is owed no reconnect grace.
   */
  synchronized String leaveReason() {
    return channel == null ? leaveReason : null;
  }

  /** The session got its {@code welcome}; only now may it be handed jobs. */
  synchronized void markWelcomed() {
    welcomed = true;
    reindex();
  }

  /** The status if it changed since the last call, else null: each change is told once. */
  synchronized ServerStatus statusChange() {
    ServerStatus now = status();
    if (now == announced) {
      return null;
    }
    announced = now;
    return now;
  }

  synchronized boolean isCurrent(SessionChannel candidate) {
    return channel == candidate;
  }

  synchronized SessionChannel channel() {
    return channel;
  }

  synchronized void startGrace(EngineScheduler.Cancellable timer) {
    cancelGrace();
    graceTimer = timer;
  }

  private void cancelGrace() {
    if (graceTimer != null) {
      graceTimer.cancel();
      graceTimer = null;
    }
  }

  synchronized void hello(String ip, int newCapacity, Map<String, String> newLabels, String ver) {
    if (ip != null) {
      serverIp = ip;
    }
    capacity = newCapacity;
    labels = newLabels;
    clientVersion = ver;
    reindex();
  }

  /** Records that the server spoke; true if it was not responding until now. */
  synchronized boolean touch(Instant now) {
    lastSeen = now;
    boolean revived = notResponding;
    notResponding = false;
    reindex();
    return revived;
  }

  /** Notes that the registry entry was written to the store at {@code now}. */
  synchronized void written(Instant now) {
    lastWritten = now;
  }

  /**
   * Whether a heartbeat at {@code now} should rewrite the registry entry: once per {@code
   * refresh}, and on every heartbeat during the first {@code settle} of a session. The host the
   * server left may still write "offline" over this host's entry while it handles the old
   * session's close; rewriting during the reconnect grace repairs that before the other host
   * acts on it.
   */
  synchronized boolean registryDue(Instant now, Duration refresh, Duration settle) {
    return lastWritten == null
        || !now.isBefore(lastWritten.plus(refresh))
        || (connectedAt != null && !now.isAfter(connectedAt.plus(settle)));
  }

  synchronized void heartbeat(
      Double cpu, Double ram, Double disk, Map<String, Double> reported) {
    metrics = metrics.update(cpu, ram, disk, reported, leases.isEmpty() && !reportedBusy);
  }

  synchronized void reportBusy(boolean busy) {
    reportedBusy = busy;
    reindex();
  }

  synchronized void setDraining(boolean value) {
    draining = value;
    reindex();
  }

  /** Marks the server silent if it has been since {@code cutoff}; true if newly silent. */
  synchronized boolean markSilentSince(Instant cutoff) {
    if (channel == null || notResponding || lastSeen == null || lastSeen.isAfter(cutoff)) {
      return false;
    }
    notResponding = true;
    reindex();
    return true;
  }

  /** Takes a lease this host granted; {@code leased} is the map as the claim returned it. */
  synchronized void addLease(GameMap leased) {
    Lease lease = leased.lease();
    if (leases.put(lease.jobId(), lease) == null) {
      assigned++;
    }
    leasedMaps.put(lease.jobId(), leased);
    reindex();
  }

  /** Adopts leases the store says this server holds (a resume), without counting them again. */
  synchronized void adoptLeases(List<Lease> held) {
    for (Lease lease : held) {
      leases.putIfAbsent(lease.jobId(), lease);
    }
    reindex();
  }

  synchronized boolean removeLease(String jobId) {
    boolean removed = leases.remove(jobId) != null;
    leasedMaps.remove(jobId);
    reindex();
    return removed;
  }

  synchronized void countCompleted() {
    completed++;
  }

  synchronized void countFailed() {
    failed++;
  }

  synchronized Lease leaseByJob(String jobId) {
    return leases.get(jobId);
  }

  /** The map as this host leased it for {@code jobId}, or null if unknown. */
  synchronized GameMap leasedMap(String jobId) {
    return leasedMaps.get(jobId);
  }

  synchronized Lease leaseByMap(String mapId) {
    for (Lease lease : leases.values()) {
      if (lease.mapId().equals(mapId)) {
        return lease;
      }
    }
    return null;
  }

  synchronized List<Lease> leases() {
    return new ArrayList<>(leases.values());
  }

  synchronized int activeJobs() {
    return leases.size();
  }

  synchronized boolean isAvailable() {
    return canTakeWork(leases.size());
  }

  synchronized ServerCandidate candidate() {
    return candidateWith(leases.size());
  }

  /**
   * The server as a candidate once the lease of {@code jobId} has ended, or null if it could
   * not take work then.
   */
  synchronized ServerCandidate candidateAfter(String jobId) {
    int active = leases.size() - (leases.containsKey(jobId) ? 1 : 0);
    return canTakeWork(active) ? candidateWith(active) : null;
  }

  private boolean canTakeWork(int activeJobs) {
    return channel != null
        && welcomed
        && !reportedBusy
        && !draining
        && !notResponding
        && activeJobs < capacity;
  }

  private ServerCandidate candidateWith(int activeJobs) {
    return new ServerCandidate(
        serverId,
        labels,
        capacity,
        activeJobs,
        metrics.cpuUsage(),
        metrics.ramUsage(),
        metrics.custom());
  }

  synchronized ServerStatus status() {
    if (channel == null) {
      return ServerStatus.OFFLINE;
    }
    if (notResponding) {
      return ServerStatus.NOT_RESPONDING;
    }
    return reportedBusy || leases.size() >= capacity ? ServerStatus.BUSY : ServerStatus.IDLE;
  }

  synchronized GameServer snapshot(String hostId) {
    List<String> mapIds = new ArrayList<>(leases.size());
    for (Lease lease : leases.values()) {
      mapIds.add(lease.mapId());
    }
    return new GameServer(
        serverId,
        serverIp,
        status(),
        labels,
        capacity,
        metrics,
        mapIds,
        assigned,
        completed,
        failed,
        connectedAt,
        disconnectedAt,
        lastSeen,
        draining,
        channel == null ? null : hostId,
        clientVersion);
  }
}
