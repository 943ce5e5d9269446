package dev.orchestrator.core.internal;

import dev.orchestrator.core.ServerSession;
import dev.orchestrator.core.SessionHandle;
import dev.orchestrator.core.protocol.HostMessage;
import dev.orchestrator.core.protocol.ProtocolErrorCode;
import dev.orchestrator.core.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;

/**
 * One connection of one server. Checks size and rate on the transport's thread (cheap, no
 * I/O), then queues the frame on the server's inbox, so transport threads never wait.
 */
final class SessionChannel implements SessionHandle {
  static final int CLOSE_NORMAL = 1000;
  static final int CLOSE_GOING_AWAY = 1001;
  static final int CLOSE_POLICY = 1008;
  static final int CLOSE_TOO_BIG = 1009;
  static final int CLOSE_REPLACED = 4000;

  private final Engine engine;
  final AttachedServer server;
  final ServerSession session;
  final String sessionId;
  private final RateLimiter limiter;
  private volatile boolean closedByUs;
  private volatile String leaveReason;

  SessionChannel(Engine engine, AttachedServer server, ServerSession session, String sessionId) {
    this.engine = engine;
    this.server = server;
    this.session = session;
    this.sessionId = sessionId;
    var s = engine.settings;
    this.limiter =
        new RateLimiter(
            engine.clock, s.messagesPerSecond(), s.messageBurst(), s.strikeLimit(),
            s.strikeWindow());
  }

  @Override
  public void onText(String frame) {
    if (closedByUs) {
      return;
    }
    if (isOversized(frame)) {
      close(CLOSE_TOO_BIG, "frame larger than " + engine.settings.maxFrameBytes() + " bytes");
      return;
    }
    if (!limiter.tryAcquire()) {
      reject(
          new ProtocolException(
              ProtocolErrorCode.RATE_LIMITED,
              "more than " + engine.settings.messagesPerSecond() + " frames per second; frame dropped",
              null,
              null));
      return;
    }
    server.inbox.execute(() -> engine.messages.handle(this, frame));
  }

  @Override
  public void onClose(int code, String reason) {
    server.inbox.execute(() -> engine.sessions.closed(this, code));
  }

  String remoteAddress() {
    return session.remoteAddress();
  }

  void send(HostMessage message) {
    session.send(engine.codec.encode(message));
  }

  /** Answers a bad frame; a session that keeps sending them is closed with 1008. */
  void reject(ProtocolException error) {
    send(error.toMessage());
    if (limiter.strike()) {
      close(CLOSE_POLICY, "too many bad or excessive frames");
    }
  }

  void close(int code, String reason) {
    closedByUs = true;
    session.close(code, reason);
  }

  /** The server said {@code disconnect}: its close needs no reconnect grace. */
  void markLeaving(String reason) {
    leaveReason = reason;
  }

  /** The reason given in {@code disconnect}, or null if the server did not say it leaves. */
  String leaveReason() {
    return leaveReason;
  }

  private boolean isOversized(String frame) {
    int max = engine.settings.maxFrameBytes();
    // UTF-8 takes 1 to 3 bytes per UTF-16 char, so only the middle range needs counting.
    if (frame.length() > max) {
      return true;
    }
    if ((long) frame.length() * 3 <= max) {
      return false;
    }
    return frame.getBytes(StandardCharsets.UTF_8).length > max;
  }
}
