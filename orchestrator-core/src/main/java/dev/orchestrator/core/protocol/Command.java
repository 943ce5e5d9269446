package dev.orchestrator.core.protocol;

/**
 * {@code command}: an operator's instruction to the game server. Immutable and thread-safe.
 *
 * @param commandId the command's id ({@code command_id}); non-blank, at most 256 characters
 * @param action what to do, e.g. {@code drain}, {@code shutdown}, {@code restart} or any custom
 *     string; non-blank, at most 256 characters
 * @param paramsJson the parameters as the compact text of a JSON object, "{}" when empty (null
 *     becomes "{}"). On the wire {@code params} is that object itself, not a string. The text is
 *     normalised on construction so equal objects give equal records
 */
public record Command(String commandId, String action, String paramsJson) implements HostMessage {
  /** Wire name of this message. */
  public static final String TYPE = "command";

  /**
   * Validates the components and normalises the parameters.
   *
   * @throws IllegalArgumentException if an id or the action is invalid, or paramsJson is not
   *     exactly one JSON object
   */
  public Command {
    Check.id("command_id", commandId);
    Check.id("action", action);
    paramsJson = Json.normalizeObject("params", paramsJson);
  }

  /** Returns {@value #TYPE}. */
  @Override
  public String type() {
    return TYPE;
  }
}
