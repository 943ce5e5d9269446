package dev.orchestrator.host.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on loopback between a client and the host, so a test can cut connections the way
 * a network or a crashed host would: both sides see the socket die without a close frame. Or it
 * can freeze them, as a network partition does: nothing gets through any more, not even a
 * close, while both sockets stay open.
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket listener;
  private volatile int targetPort;
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final AtomicInteger relayed = new AtomicInteger();
  private boolean refusing;

  public TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Connections relayed so far. */
  public int connections() {
    return relayed.get();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket upstream = new Socket();
        try {
          upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
        } catch (IOException e) {
          // Nothing listens there (a dead host): the client sees its connect fail at once.
          closeQuietly(client);
          continue;
        }
        Link link = new Link(client, upstream);
        // Checked under the lock refuseNew and freezeAll take, so a connection accepted while
        // a test partitions this proxy is either refused or frozen, never missed.
        synchronized (this) {
          if (refusing) {
            closeQuietly(client);
            closeQuietly(upstream);
            continue;
          }
          links.add(link);
          relayed.incrementAndGet();
        }
        pump(link, client, upstream);
        pump(link, upstream, client);
      } catch (IOException e) {
        // Closed by stopAccepting() or close(); the loop condition ends it.
      }
    }
  }

  private void pump(Link link, Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          if (!link.frozen) {
            out.write(buffer, 0, n);
            out.flush();
          }
        }
      } catch (IOException e) {
        // One side went away; closing below ends the other pump too.
      } finally {
        closeQuietly(from);
        // Across a partition the other side hears of nothing, not even the close.
        if (!link.frozen) {
          closeQuietly(to);
          links.remove(link);
        }
      }
    }, "proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Sends new connections to {@code port} from now on, as a load balancer does once it has
   * taken a dead backend out; connections already relayed stay where they are.
   */
  public void retarget(int port) {
    targetPort = port;
  }

  /** Cuts every relayed connection, frozen ones too; new ones are still accepted. */
  public void dropAll() {
    for (Link link : links) {
      closeQuietly(link.client);
      closeQuietly(link.upstream);
    }
    links.clear();
  }

  /**
   * Stops relaying anything on the connections open now, in both directions, without closing
   * them; bytes sent by either side are read and discarded. New connections are relayed as
   * usual. Returns how many connections were frozen.
   */
  public synchronized int freezeAll() {
    int frozen = 0;
    for (Link link : links) {
      if (!link.frozen) {
        link.frozen = true;
        frozen++;
      }
    }
    return frozen;
  }

  /**
   * While set, new connections are accepted and closed at once, as by a host that is not
   * reachable; connections open now are untouched.
   */
  public synchronized void refuseNew(boolean value) {
    refusing = value;
  }

  /** Refuses new connections from now on. */
  public void stopAccepting() {
    closeQuietly(listener);
  }

  @Override
  public void close() {
    stopAccepting();
    dropAll();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Already closed is fine here.
    }
  }

  /** One relayed connection. */
  private static final class Link {
    final Socket client;
    final Socket upstream;
    volatile boolean frozen;

    Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }
  }
}
