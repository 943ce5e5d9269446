package dev.orchestrator.core.model;

/**
 * An instruction for one game server ({@code drain}, {@code shutdown}, {@code restart},
 * {@code cancel_job} or any custom action).
 *
 * @param commandId unique id so the server can acknowledge or de-duplicate
 * @param action what to do
 * @param params a JSON object of arguments ({@code "{}"} if none)
 */
public record ServerCommand(String commandId, String action, String params) {

  /** Validates and normalises. */
  public ServerCommand {
    Ids.requireId("command_id", commandId);
    Ids.requireId("action", action);
    params = Ids.requireJsonObject("params", params);
  }
}
