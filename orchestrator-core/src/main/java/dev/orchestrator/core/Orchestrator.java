package dev.orchestrator.core;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.GameServer;
import dev.orchestrator.core.model.NewMap;
import dev.orchestrator.core.model.ServerStatus;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.spi.MapPage;
import dev.orchestrator.core.spi.MapQuery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The orchestrator: hands due map rounds to the game servers attached to it, and answers the
 * admin calls. Thread-safe. Build one with {@link #builder()}, {@link #start()} it, attach
 * each game-server connection with {@link #attach(ServerSession)}, and {@link #close()} it on
 * shutdown.
 *
 * <p>Several orchestrators (one per host) may share one persistent store; each assigns work
 * only to the servers attached to it.
 */
public interface Orchestrator extends AutoCloseable {

  /** A builder with the default settings, an in-memory store and the default policy. */
  static OrchestratorBuilder builder() {
    return new OrchestratorBuilder();
  }

  /** Starts the timers and store subscription. Idempotent. */
  void start();

  /**
   * Attaches a newly opened game-server connection; it receives {@code welcome} (with the job
   * it still holds, if it reconnects) and becomes idle. A session with the same server id is
   * closed with 4000 and its leases move to this one. Returns at once.
   */
  SessionHandle attach(ServerSession session);

  /**
   * Creates a map.
   *
   * @throws MapExistsException if the id is taken
   */
  GameMap createMap(NewMap map);

  /** The map, if it exists. */
  Optional<GameMap> findMap(String mapId);

  /** A page of maps. */
  MapPage listMaps(MapQuery query);

  /**
   * Deletes a map; a live lease is revoked and its server told to cancel the job.
   *
   * @return whether the map existed
   */
  boolean deleteMap(String mapId);

  /**
   * Puts a map in {@code error} (or {@code completed}) back on the schedule, due now.
   *
   * @throws MapNotFoundException if it does not exist
   * @throws dev.orchestrator.core.model.IllegalTransitionException if it is queued or leased
   */
  GameMap retryMap(String mapId);

  /**
   * Moves a map to another server, attached here or to another host sharing the store. With
   * {@link MoveMode#NOW} the running round's lease is revoked (history {@code revoked}, error
   * naming the target; its server gets {@code cancel_job}) and the round restarts on the target
   * with a new job id; a queued map is leased to the target at once. With {@link
   * MoveMode#AFTER_ROUND} the running round finishes where it is and the next round is reserved
   * for the target when it is due. If the target refuses the job, disconnects or lets it time
   * out, the usual failure, grace and lease rules put the map back on the normal schedule; a
   * reserved round the target does not take within the reconnect grace after it is due goes
   * back on the schedule too. Nothing changes when it throws.
   *
   * @throws MapNotFoundException if the map does not exist
   * @throws ServerNotFoundException if the target never registered
   * @throws ServerNotConnectedException if the target is offline
   * @throws MoveRejectedException if the target is draining, not responding or already holds
   *     the map, the map is in error or completed, or it changed while being moved
   * @throws IllegalArgumentException if an argument is null or blank
   */
  MoveReceipt moveMap(String mapId, String toServerId, MoveMode mode);

  /**
   * Moves everything a server holds and drains it (if connected) so it takes no new work. With a
   * target, every map it holds is moved there as by {@link #moveMap}. Without one ({@code
   * toServerId} null): with {@link MoveMode#NOW} each lease is revoked and its map queued at once
   * for the assignment policy to place on any free server of any host; with {@link
   * MoveMode#AFTER_ROUND} the rounds finish and the next rounds follow the schedule. A map that
   * changes meanwhile is reported {@code UNCHANGED}.
   *
   * @param toServerId the target, or {@code null} to let the schedule choose
   * @return one receipt per map the server held, by map id
   * @throws ServerNotFoundException if the server (or the target) never registered
   * @throws ServerNotConnectedException if the target is offline
   * @throws MoveRejectedException if the target is draining, not responding or is the server
   *     itself
   * @throws IllegalArgumentException if an argument is blank or {@code mode} is null
   */
  List<MoveReceipt> evacuate(String serverId, String toServerId, MoveMode mode);

  /** Task history of a map, newest first, at most {@code limit} records. */
  List<TaskRecord> history(String mapId, int limit);

  /**
   * Reports a finished round on behalf of a server (the admin result call), with the same
   * rules as {@code job_done}: it applies only to the map's current lease held by {@code
   * serverId}, and {@code jobId} may be null for seed clients.
   *
   * @throws IllegalArgumentException if {@code nextRoundTime} is more than 366 days ahead of
   *     the orchestrator's clock (nothing changes, as for {@code job_done})
   */
  ResultOutcome submitResult(String mapId, String serverId, String jobId, Instant nextRoundTime);

  /** The registry entry of a server, live for servers attached here. */
  Optional<GameServer> findServer(String serverId);

  /** Registry entries, all when {@code status} is null. */
  List<GameServer> listServers(ServerStatus status);

  /**
   * Sends a command to a server, here or on another host sharing the store.
   *
   * @param paramsJson a JSON object, or null for none
   * @throws ServerNotFoundException if the server never registered
   * @throws ServerNotConnectedException if it is offline
   */
  CommandDelivery sendCommand(String serverId, String action, String paramsJson);

  /**
   * Lets a server finish its jobs but gives it no new ones, and tells it with a {@code drain}
   * command.
   *
   * @throws ServerNotFoundException if the server never registered
   * @throws ServerNotConnectedException if it is offline
   */
  CommandDelivery drain(String serverId);

  /**
   * Hands the game servers attached here over to other hosts, ahead of stopping this one (a
   * drain before an upgrade). From now on no job is assigned here, and every server attached
   * now, or later, gets a {@code command} with action {@code reconnect} and params {@code
   * {"url": reconnectUrl}}, or {@code {}} when {@code reconnectUrl} is null. A server that then
   * closes its socket without {@code disconnect} keeps its leases: it resumes its jobs wherever
   * it reconnects, and this orchestrator no longer ends them after the reconnect grace (one that
   * never returns anywhere is re-queued at its lease deadline). Jobs handed out by an assignment pass already under
   * way reach their servers before the command does, so a server never leaves before learning
   * of a job it holds. The transport should refuse new connections first: a server that comes
   * back here is told to leave again. Each call tells the servers attached at that moment.
   *
   * @param reconnectUrl where servers should go ({@code ws://HOST:PORT}), or null for their
   *     own configured URL (a load balancer)
   * @return how many attached servers were told
   */
  int handOffSessions(String reconnectUrl);

  /** How many game servers have a live session here now. */
  int attachedSessions();

  /** The schedule's counts and this host's view of load and waiting maps. */
  QueueSnapshot queue();

  /** Registers a listener for every state change; returns the handle that removes it. */
  AutoCloseable subscribe(EventListener listener);

  /** Whether the store is reachable and the engine running. */
  boolean isReady();

  /** The settings in force. */
  OrchestratorSettings settings();

  /**
   * Stops: closes every session with 1001 after the messages already received are handled.
   * Leases stay in the store, so servers that reconnect (here after a restart, or to another
   * host) resume them. Does not close the store. Idempotent.
   */
  @Override
  void close();
}
