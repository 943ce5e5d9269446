package dev.orchestrator.host.client;

import java.time.Instant;
import java.util.Objects;

/**
 * How a round ended, as a {@link JobHandler} returns it. Create with {@link #done(Instant)},
 * {@link #completed()} or {@link #failed(String, boolean)}. Immutable and thread-safe.
 */
public final class JobResult {
  private final boolean success;
  private final Instant nextRoundTime;
  private final String message;
  private final boolean retryable;

  private JobResult(boolean success, Instant nextRoundTime, String message, boolean retryable) {
    this.success = success;
    this.nextRoundTime = nextRoundTime;
    this.message = message;
    this.retryable = retryable;
  }

  /**
   * The round finished and the map's next round is due at {@code nextRoundTime}.
   *
   * @param nextRoundTime when the next round is due; never null (use {@link #completed()} for
   *     a map without further rounds)
   */
  public static JobResult done(Instant nextRoundTime) {
    return new JobResult(true, Objects.requireNonNull(nextRoundTime, "nextRoundTime"), null,
        false);
  }

  /** The round finished and the map has no further round. */
  public static JobResult completed() {
    return new JobResult(true, null, null, false);
  }

  /**
   * The round failed.
   *
   * @param message what went wrong, for the operator; null becomes ""
   * @param retryable false sends the map to {@code error} at once instead of retrying
   */
  public static JobResult failed(String message, boolean retryable) {
    return new JobResult(false, null, message == null ? "" : message, retryable);
  }

  /** Whether the round finished ({@code job_done}) rather than failed ({@code job_failed}). */
  public boolean isSuccess() {
    return success;
  }

  /** When the next round is due; null when the map is complete or the round failed. */
  public Instant nextRoundTime() {
    return nextRoundTime;
  }

  /** The failure message; null for a success. */
  public String message() {
    return message;
  }

  /** Whether a failed round may be retried; false for a success. */
  public boolean retryable() {
    return retryable;
  }

  @Override
  public String toString() {
    return success ? "done(next=" + nextRoundTime + ")"
        : "failed(" + message + ", retryable=" + retryable + ")";
  }
}
