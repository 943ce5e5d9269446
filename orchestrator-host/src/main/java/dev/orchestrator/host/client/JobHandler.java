package dev.orchestrator.host.client;

import dev.orchestrator.core.protocol.AssignJob;

/**
 * Runs the rounds the host hands out. Called on the client's socket thread: return quickly and
 * run long rounds elsewhere (for a game server, typically on its main loop), then report with
 * {@link GameServerClient#jobDone} or {@link GameServerClient#jobFailed}.
 */
@FunctionalInterface
public interface JobHandler {
  /**
   * A job to run: a fresh {@code assign_job}, or after a reconnect the job the host still
   * leases to this server ({@code welcome.current_job}) that this client did not know it was
   * running (for example after a process restart).
   *
   * @param job the job
   * @param resumed true when it came from {@code welcome.current_job}
   * @return the result if the round is already over, or null to report it later
   */
  JobResult onJob(AssignJob job, boolean resumed);

  /**
   * The host took the job away ({@code cancel_job} command, or its lease ended while this
   * client was disconnected). Its result will not be sent; stop working on it.
   *
   * @param job the job
   * @param reason why, as the host or the client put it
   */
  default void onCancel(AssignJob job, String reason) {}
}
