package dev.orchestrator.core.contract;

import dev.orchestrator.core.ServerSession;
import dev.orchestrator.core.SessionHandle;
import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.ClientMessage;
import dev.orchestrator.core.protocol.HostMessage;
import dev.orchestrator.core.protocol.ProtocolCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A game server without a network: a {@link ServerSession} that records the frames the
 * orchestrator sends and can answer each {@code assign_job} through a script. Thread-safe.
 */
public final class ScriptedServer implements ServerSession {
  private static final ProtocolCodec CODEC = new ProtocolCodec();
  private final String serverId;
  private final List<HostMessage> received = new ArrayList<>();
  private volatile BiConsumer<ScriptedServer, AssignJob> onAssign = (server, job) -> {};
  private volatile SessionHandle handle;
  private volatile int closeCode;
  private volatile String closeReason;

  public ScriptedServer(String serverId) {
    this.serverId = serverId;
  }

  /** Answers every {@code assign_job} with {@code script} (on the orchestrator's thread). */
  public ScriptedServer onAssign(BiConsumer<ScriptedServer, AssignJob> script) {
    this.onAssign = script;
    return this;
  }

  /** Remembers the handle the orchestrator returned from {@code attach}. */
  public ScriptedServer connectedAs(SessionHandle sessionHandle) {
    this.handle = sessionHandle;
    return this;
  }

  /** Sends a message as this server. */
  public void send(ClientMessage message) {
    handle.onText(CODEC.encode(message));
  }

  /** Sends raw text as this server. */
  public void sendRaw(String frame) {
    handle.onText(frame);
  }

  /** Drops the connection as the network would: no disconnect message. */
  public void drop() {
    handle.onClose(1006, "dropped");
  }

  @Override
  public String serverId() {
    return serverId;
  }

  @Override
  public String remoteAddress() {
    return "127.0.0.1";
  }

  @Override
  public void send(String frame) {
    HostMessage message = CODEC.decodeHost(frame);
    synchronized (this) {
      received.add(message);
    }
    if (message instanceof AssignJob job) {
      onAssign.accept(this, job);
    }
  }

  @Override
  public synchronized void close(int code, String reason) {
    if (closeCode == 0) {
      closeCode = code;
      closeReason = reason;
    }
  }

  /** Everything received so far, oldest first. */
  public synchronized List<HostMessage> received() {
    return List.copyOf(received);
  }

  /** The received messages of one type. */
  public synchronized <T extends HostMessage> List<T> received(Class<T> type) {
    return received.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The last received message of one type, or null. */
  public <T extends HostMessage> T last(Class<T> type) {
    List<T> all = received(type);
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  /** The close code the orchestrator used, or 0 while open. */
  public int closeCode() {
    return closeCode;
  }

  /** The close reason, or null while open. */
  public String closeReason() {
    return closeReason;
  }
}
