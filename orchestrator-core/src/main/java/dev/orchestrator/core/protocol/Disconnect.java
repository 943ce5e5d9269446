package dev.orchestrator.core.protocol;

/**
 * {@code disconnect}: the game server leaves gracefully; its job is re-queued at once. Immutable
 * and thread-safe.
 *
 * @param reason why it leaves; never null (null becomes "")
 */
public record Disconnect(String reason) implements ClientMessage {
  /** Wire name of this message. */
  public static final String TYPE = "disconnect";

  /** Defaults a null reason to "". */
  public Disconnect {
    reason = Check.orEmpty(reason);
  }

  /** Returns {@value #TYPE}. */
  @Override
  public String type() {
    return TYPE;
  }
}
