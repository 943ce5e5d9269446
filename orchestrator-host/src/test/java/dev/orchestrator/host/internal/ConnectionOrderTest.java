package dev.orchestrator.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.orchestrator.core.Orchestrator;
import dev.orchestrator.core.memory.InMemoryStore;
import dev.orchestrator.core.model.ServerStatus;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.HandshakeImpl1Client;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which of two connections with one server id wins is decided by the order their handshakes
 * arrived, not by the order they finish opening: the connection a client gave up on must not
 * replace the one it opened next. The listener's callbacks are driven in the order that is hard
 * to provoke over real sockets (the old connection opening last).
 */
class ConnectionOrderTest {
  private final Orchestrator orchestrator =
      Orchestrator.builder().store(new InMemoryStore()).hostId("order-test").build();
  private final GameServerListener listener = new GameServerListener(
      new InetSocketAddress("127.0.0.1", 0), orchestrator, new TokenCheck(List.of()),
      new HostMetrics(), new HandshakePolicy(null, Set.of(), Duration.ofSeconds(10)));

  @AfterEach
  void close() {
    orchestrator.close();
  }

  @Test
  void shouldKeepTheNewerConnectionWhenTheOlderOneOpensLast() throws Exception {
    orchestrator.start();
    WebSocket abandoned = socket();
    WebSocket live = socket();
    handshake(abandoned);
    handshake(live);

    listener.onOpen(live, null);
    listener.onOpen(abandoned, null);

    verify(abandoned).close(eq(4000), anyString());
    verify(live, never()).close(anyInt(), anyString());
    assertThat(orchestrator.findServer("s1").orElseThrow().status())
        .isNotEqualTo(ServerStatus.OFFLINE);
  }

  @Test
  void shouldLetTheNewerConnectionReplaceTheOlderOne() throws Exception {
    orchestrator.start();
    WebSocket first = socket();
    WebSocket second = socket();
    handshake(first);
    handshake(second);

    listener.onOpen(first, null);
    listener.onOpen(second, null);

    // The replaced session is closed from its own queue, on an engine thread.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(
        () -> verify(first).close(eq(4000), anyString()));
    verify(second, never()).close(anyInt(), anyString());
  }

  private void handshake(WebSocket conn) throws Exception {
    HandshakeImpl1Client request = new HandshakeImpl1Client();
    request.setResourceDescriptor("/ws/server/s1/");
    listener.onWebsocketHandshakeReceivedAsServer(conn, new Draft_6455(), request);
  }

  /** A socket that keeps its attachment and stays open. */
  private static WebSocket socket() {
    WebSocket conn = mock(WebSocket.class);
    AtomicReference<Object> attachment = new AtomicReference<>();
    doAnswer(call -> {
      attachment.set(call.getArgument(0));
      return null;
    }).when(conn).setAttachment(any());
    when(conn.getAttachment()).thenAnswer(call -> attachment.get());
    when(conn.isOpen()).thenReturn(true);
    return conn;
  }
}
