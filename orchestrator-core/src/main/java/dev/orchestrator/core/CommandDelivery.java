package dev.orchestrator.core;

/** How a command reached its server. */
public enum CommandDelivery {
  /** The server is attached to this host; the command was queued on its session. */
  DELIVERED,
  /** The server is attached to another host; the command was routed through the store. */
  ROUTED
}
