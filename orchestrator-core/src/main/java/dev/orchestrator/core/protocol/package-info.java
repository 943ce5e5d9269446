/**
 * The game-server wire protocol, version {@value
 * dev.orchestrator.core.protocol.ProtocolCodec#PROTOCOL_VERSION}: one immutable record per message
 * type, the {@link dev.orchestrator.core.protocol.ProtocolCodec} that turns them into JSON text
 * frames and back, and {@link dev.orchestrator.core.protocol.WireTime}, which reads and writes
 * the frames' times.
 *
 * <p>This package is public API for transports (the host's WebSocket adapter) and for clients
 * (simulators, tests, other game-server SDKs written in Java). It does no I/O: the codec reads and
 * writes plain strings, so frames can be checked without a socket.
 *
 * <p>Every record validates its components when constructed and throws {@link
 * java.lang.IllegalArgumentException} whose message starts with the <em>wire</em> name of the bad
 * field (for example {@code cpu_usage}), because that is the name users see in frames and
 * documentation. Records are immutable and safe to share between threads.
 */
package dev.orchestrator.core.protocol;
