package dev.orchestrator.host.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.ssl.SslHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * One WebSocket connection attempt (RFC 6455 client: handshake, masked text frames, ping/pong,
 * close handshake) on a {@link ClientNetwork}'s selector threads, with TLS for {@code wss://}.
 * Every callback of {@link Events} runs on the connection's network thread, and {@link
 * Events#closed} exactly once, also when the connect or the handshake fails.
 */
final class WebSocketConnection {
  /** What happens to the connection. */
  interface Events {
    void opened();

    void text(String frame);

    /** The answer to a {@link #ping()} sent at {@code sentNanos} ({@link System#nanoTime()}). */
    void pong(long sentNanos);

    /**
     * The socket closed. {@code code} is the close frame's (the host's, or this side's when it
     * closed first), 1006 when none was exchanged; {@code reason} then says what failed.
     */
    void closed(int code, String reason);
  }

  static final int ABNORMAL_CLOSE = 1006;
  // Frames from the host are small JSON objects; the limit only guards memory.
  private static final int MAX_FRAME_BYTES = 1 << 20;
  private static final int MAX_HANDSHAKE_RESPONSE_BYTES = 16 * 1024;
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final Channel channel;
  private final Events events;
  private final AtomicBoolean reported = new AtomicBoolean();
  // Written on the network thread, read by senders on any thread.
  private volatile boolean open;
  private volatile int closeCode;
  private volatile String closeReason;
  private boolean closeSent;

  private WebSocketConnection(ClientNetwork network, URI uri, Map<String, String> headers,
      InetAddress localAddress, SSLContext tls, Duration connectTimeout, Events events) {
    this.events = events;
    String host = uri.getHost();
    int port = port(uri);
    HttpHeaders extra = new DefaultHttpHeaders();
    headers.forEach(extra::add);
    WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
        .webSocketUri(uri)
        .customHeaders(extra)
        .maxFramePayloadLength(MAX_FRAME_BYTES)
        .handleCloseFrames(false)
        .dropPongFrames(false)
        .generateOriginHeader(false)
        .handshakeTimeoutMillis(connectTimeout.toMillis())
        .build();
    Bootstrap bootstrap = new Bootstrap()
        .group(network.group())
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (tls != null) {
              ch.pipeline().addLast(new SslHandler(clientEngine(tls, host, port)));
            }
            ch.pipeline().addLast(new HttpClientCodec(),
                new HttpObjectAggregator(MAX_HANDSHAKE_RESPONSE_BYTES),
                new WebSocketClientProtocolHandler(config),
                new WebSocketFrameAggregator(MAX_FRAME_BYTES),
                new Handler());
          }
        });
    InetSocketAddress remote = new InetSocketAddress(host, port);
    this.channel = (localAddress == null ? bootstrap.connect(remote)
        : bootstrap.connect(remote, new InetSocketAddress(localAddress, 0)))
        .addListener((ChannelFutureListener) f -> {
          if (!f.isSuccess()) {
            failure(f.channel(), describe(f.cause()));
          }
        })
        .channel();
    channel.closeFuture().addListener(f -> report());
  }

  /** Starts connecting to {@code uri} ({@code ws://} or {@code wss://} with {@code tls}). */
  static WebSocketConnection connect(ClientNetwork network, URI uri, Map<String, String> headers,
      InetAddress localAddress, SSLContext tls, Duration connectTimeout, Events events) {
    return new WebSocketConnection(network, uri, headers, localAddress, tls, connectTimeout,
        events);
  }

  /** Whether the handshake is done and no close has started. */
  boolean isOpen() {
    return open;
  }

  /** Whether the calling thread is this connection's network thread. */
  boolean onNetworkThread() {
    return channel.eventLoop().inEventLoop();
  }

  /** Sends a text frame; false when the connection is not open (the frame is dropped). */
  boolean send(String text) {
    if (!open) {
      return false;
    }
    channel.writeAndFlush(new TextWebSocketFrame(text), channel.voidPromise());
    return true;
  }

  /** Sends a ping whose pong reports the round trip through {@link Events#pong}. */
  void ping() {
    if (open) {
      ByteBuf payload = channel.alloc().buffer(Long.BYTES).writeLong(System.nanoTime());
      channel.writeAndFlush(new PingWebSocketFrame(payload), channel.voidPromise());
    }
  }

  /**
   * Starts the close handshake with {@code code}; the socket closes when the host answers, or
   * after 5 s. Before the handshake finished, the socket is simply closed.
   */
  void close(int code, String reason) {
    onLoop(() -> {
      remember(code, reason);
      if (!open || closeSent) {
        channel.close();
        return;
      }
      closeSent = true;
      open = false;
      channel.writeAndFlush(new CloseWebSocketFrame(code, reason));
      Runnable force = channel::close;
      channel.eventLoop().schedule(force, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    });
  }

  /** Closes the socket without a close frame, as a crash or a network failure would. */
  void abort(String reason) {
    onLoop(() -> {
      remember(ABNORMAL_CLOSE, reason);
      open = false;
      channel.close();
    });
  }

  private void onLoop(Runnable task) {
    if (channel.eventLoop().inEventLoop()) {
      task.run();
    } else {
      channel.eventLoop().execute(task);
    }
  }

  private void remember(int code, String reason) {
    if (closeCode == 0) {
      closeReason = reason == null ? "" : reason;
      closeCode = code;
    }
  }

  private void failure(Channel failed, String reason) {
    remember(ABNORMAL_CLOSE, reason);
    open = false;
    failed.close();
  }

  private void report() {
    open = false;
    if (reported.compareAndSet(false, true)) {
      int code = closeCode == 0 ? ABNORMAL_CLOSE : closeCode;
      events.closed(code, closeCode == 0 ? "connection closed without a close frame"
          : closeReason);
    }
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "wss".equals(uri.getScheme()) ? 443 : 80;
  }

  private static SSLEngine clientEngine(SSLContext tls, String host, int port) {
    SSLEngine engine = tls.createSSLEngine(host, port);
    engine.setUseClientMode(true);
    SSLParameters parameters = engine.getSSLParameters();
    // Without this the JDK checks the chain but not that the certificate names this host.
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    engine.setSSLParameters(parameters);
    return engine;
  }

  private static String describe(Throwable error) {
    if (error instanceof WebSocketClientHandshakeException refused && refused.response() != null) {
      return "handshake refused: HTTP " + refused.response().status();
    }
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }

  /** The last handler of the pipeline: frames after the handshake. */
  private final class Handler extends SimpleChannelInboundHandler<WebSocketFrame> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof TextWebSocketFrame text) {
        events.text(text.text());
      } else if (frame instanceof PongWebSocketFrame pong) {
        ByteBuf content = pong.content();
        if (content.readableBytes() == Long.BYTES) {
          events.pong(content.getLong(content.readerIndex()));
        }
      } else if (frame instanceof CloseWebSocketFrame close) {
        remember(close.statusCode() < 0 ? 1005 : close.statusCode(), close.reasonText());
        open = false;
        if (closeSent) {
          ctx.close();
        } else {
          closeSent = true;
          ctx.writeAndFlush(close.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
        }
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        open = true;
        events.opened();
      } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
        failure(ctx.channel(), "WebSocket handshake timed out");
      }
      super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      failure(ctx.channel(), describe(cause));
    }
  }
}
