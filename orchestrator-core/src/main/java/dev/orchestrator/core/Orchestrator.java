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
