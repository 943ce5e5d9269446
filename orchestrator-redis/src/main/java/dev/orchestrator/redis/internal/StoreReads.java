package dev.orchestrator.redis.internal;

import dev.orchestrator.core.model.GameMap;
import dev.orchestrator.core.model.GameServer;
import dev.orchestrator.core.model.Lease;
import dev.orchestrator.core.model.MapStatus;
import dev.orchestrator.core.model.ServerStatus;
import dev.orchestrator.core.model.TaskRecord;
import dev.orchestrator.core.spi.MapPage;
import dev.orchestrator.core.spi.MapQuery;
import dev.orchestrator.core.spi.QueueStats;
import io.lettuce.core.ScoredValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The queries. Those over several keys are scripts too, so each answer is one consistent snapshot;
 * a page of the map list may take several bounded script calls when a filter is sparse.
 */
public final class StoreReads {
  private static final int LIST_CHUNK = 1000;

  private final Gateway gateway;
  private final ScriptRunner scripts;
  private final Codec codec;
  private final Keys keys;

  StoreReads(Gateway gateway, ScriptRunner scripts, Codec codec, Keys keys) {
    this.gateway = gateway;
    this.scripts = scripts;
    this.codec = codec;
    this.keys = keys;
  }

  /** See {@link dev.orchestrator.core.spi.OrchestratorStore#findMap}. */
  public Optional<GameMap> findMap(String mapId) {
    Map<String, String> hash = gateway.call("HGETALL map", redis -> redis.hgetall(keys.map(mapId)));
    return hash.isEmpty() ? Optional.empty() : Optional.of(codec.map(flatten(hash)));
  }

  /** See {@link dev.orchestrator.core.spi.OrchestratorStore#listMaps}. */
  public MapPage listMaps(MapQuery query) {
    String index;
    if (query.status() != null) {
      index = "st:" + query.status().wireName();
    } else if (query.seasonId() != null) {
      index = "season:" + query.seasonId();
    } else {
      index = "maps";
    }
    List<GameMap> found = new ArrayList<>(query.limit() + 1);
    String cursor = query.afterMapId();
    boolean ended = false;
    while (found.size() <= query.limit() && !ended) {
      List<Object> reply =
          scripts.run(
              Script.LIST,
              List.of(keys.maps()),
              null,
              List.of(
                  index,
                  Codec.opt(cursor),
                  Integer.toString(LIST_CHUNK),
                  Codec.opt(query.status() == null ? null : query.status().wireName()),
                  Codec.opt(query.seasonId()),
                  Integer.toString(query.limit() + 1 - found.size())));
      cursor = (String) reply.get(0);
      ended = "1".equals(reply.get(1));
      @SuppressWarnings("unchecked")
      List<Object> maps = (List<Object>) reply.get(2);
      found.addAll(codec.maps(maps));
    }
    if (found.size() > query.limit()) {
      List<GameMap> page = found.subList(0, query.limit());
      return new MapPage(page, page.get(page.size() - 1).mapId());
    }
    return new MapPage(found, null);
  }

  /** See {@link dev.orchestrator.core.spi.OrchestratorStore#dueMaps}. */
  public List<GameMap> dueMaps(Instant now, int limit, int offset) {
    if (limit <= 0) {
      return List.of();
    }
    return codec.maps(
        scripts.run(
            Script.DUE,
            List.of(keys.queued()),
            now,
            List.of(Integer.toString(limit), Integer.toString(Math.max(0, offset)))));
  }

  /** See {@link dev.orchestrator.core.spi.OrchestratorStore#nextDueTime}. */
  public Optional<Instant> nextDueTime() {
    List<ScoredValue<String>> first =
        gateway.call("ZRANGE queued", redis -> redis.zrangeWithScores(keys.queued(), 0, 0));
    if (first.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Micros.instant((long) first.get(0).getScore()));
  }

  /** See {@link dev.orchestrator.core.spi.OrchestratorStore#expiredLeases}. */
  public List<Lease> expiredLeases(Instant now, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return leases(
        scripts.run(Script.EXPIRED, List.of(keys.leases()), now, List.of(Integer.toString(limit))));
  }

  /** See {@link dev.orchestrator.core.spi.OrchestratorStore#leasesOf}. */
  public List<Lease> leasesOf(String serverId) {
    return leases(
        scripts.run(
            Script.LEASES_OF, List.of(keys.serverLeases(serverId)), null, List.of(serverId)));
  }

  /** See {@link dev.orchestrator.core.spi.OrchestratorStore#queueStats}. */
  public QueueStats queueStats(Instant now) {
    List<Object> reply = scripts.run(Script.STATS, List.of(keys.queued()), now, List.of());
    Map<MapStatus, Long> counts = new EnumMap<>(MapStatus.class);
    MapStatus[] order = {
      MapStatus.QUEUED, MapStatus.PROCESSING, MapStatus.COMPLETED, MapStatus.ERROR
    };
    for (int i = 0; i < order.length; i++) {
      counts.put(order[i], (Long) reply.get(i));
    }
    String oldest = (String) reply.get(5);
    return new QueueStats(
        counts, (Long) reply.get(4), oldest.isEmpty() ? null : Micros.instant(oldest));
  }

  /** See {@link dev.orchestrator.core.spi.OrchestratorStore#history}. */
  public List<TaskRecord> history(String mapId, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    List<Object> reply =
        scripts.run(
            Script.HISTORY,
            List.of(keys.history(mapId)),
            null,
            List.of(mapId, Integer.toString(limit)));
    List<TaskRecord> records = new ArrayList<>(reply.size());
    for (Object flat : reply) {
      records.add(codec.record(flat));
    }
    return records;
  }

  /** See {@link dev.orchestrator.core.spi.OrchestratorStore#findTask}. */
  public Optional<TaskRecord> findTask(String jobId) {
    Map<String, String> hash = gateway.call("HGETALL job", redis -> redis.hgetall(keys.job(jobId)));
    return hash.isEmpty() ? Optional.empty() : Optional.of(codec.record(flatten(hash)));
  }

  /** See {@link dev.orchestrator.core.spi.OrchestratorStore#findServer}. */
  public Optional<GameServer> findServer(String serverId) {
    Map<String, String> hash =
        gateway.call("HGETALL server", redis -> redis.hgetall(keys.server(serverId)));
    return hash.isEmpty() ? Optional.empty() : Optional.of(codec.server(flatten(hash)));
  }

  /** See {@link dev.orchestrator.core.spi.OrchestratorStore#listServers}. */
  public List<GameServer> listServers(ServerStatus status) {
    List<Object> reply =
        scripts.run(
            Script.LIST_SERVERS,
            List.of(keys.servers()),
            null,
            List.of(Codec.opt(status == null ? null : status.wireName())));
    List<GameServer> servers = new ArrayList<>(reply.size());
    for (Object flat : reply) {
      servers.add(codec.server(flat));
    }
    return servers;
  }

  private List<Lease> leases(List<Object> flats) {
    List<Lease> leases = new ArrayList<>(flats.size());
    for (GameMap map : codec.maps(flats)) {
      leases.add(map.lease());
    }
    return leases;
  }

  private static List<String> flatten(Map<String, String> hash) {
    List<String> flat = new ArrayList<>(hash.size() * 2);
    hash.forEach(
        (field, value) -> {
          flat.add(field);
          flat.add(value);
        });
    return flat;
  }
}
