package dev.orchestrator.core.policy;

import java.util.Objects;

/**
 * One decision: lease {@code mapId} to {@code serverId}.
 *
 * @param mapId a map from the policy's input
 * @param serverId a server from the policy's input
 */
public record Assignment(String mapId, String serverId) {

  /** Validates. */
  public Assignment {
    Objects.requireNonNull(mapId, "mapId");
    Objects.requireNonNull(serverId, "serverId");
  }
}
