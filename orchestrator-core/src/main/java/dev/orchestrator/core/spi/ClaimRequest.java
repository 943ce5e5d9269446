package dev.orchestrator.core.spi;

import java.util.Objects;

/**
 * One map to lease to one server, valid only if the map is still queued, due, and at
 * {@code expectedVersion}.
 *
 * @param mapId the map
 * @param expectedVersion the version the caller saw; any change since makes the claim fail
 * @param serverId the server to lease it to
 * @param jobId a fresh, never reused job id
 */
public record ClaimRequest(String mapId, long expectedVersion, String serverId, String jobId) {

  /** Validates. */
  public ClaimRequest {
    Objects.requireNonNull(mapId, "mapId");
    Objects.requireNonNull(serverId, "serverId");
    Objects.requireNonNull(jobId, "jobId");
  }
}
