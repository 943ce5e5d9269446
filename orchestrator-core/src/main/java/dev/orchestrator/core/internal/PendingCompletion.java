package dev.orchestrator.core.internal;

import dev.orchestrator.core.spi.Completion;
import java.time.Instant;

/**
 * A {@code job_done} waiting for the assignment lane, which applies it together with others and
 * with the next claims in one store call. The server's inbox is suspended meanwhile, so its later
 * frames see the completion's effect.
 *
 * @param channel the session that reported it
 * @param mapId the map
 * @param jobId the job, from the frame or, for seed clients, from the server's lease on the map
 * @param ackJobId the job id as the frame gave it (null for seed clients), echoed in the ack
 * @param nextRoundTime the next round's due time, or null to complete the map
 */
record PendingCompletion(
    SessionChannel channel,
    String mapId,
    String jobId,
    String ackJobId,
    Instant nextRoundTime) {

  AttachedServer server() {
    return channel.server;
  }

  Completion completion() {
    return new Completion(mapId, jobId, channel.server.serverId, nextRoundTime);
  }
}
