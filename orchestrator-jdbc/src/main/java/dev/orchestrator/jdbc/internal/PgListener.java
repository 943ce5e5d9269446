package dev.orchestrator.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one dedicated connection that LISTENs on the store's channels and hands each notification
 * to a callback on its own daemon thread. When the connection is lost it reconnects with growing
 * pauses and reports that signals may have been missed.
 */
final class PgListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PgListener.class);
  private static final int POLL_MILLIS = 250;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final ConnectionFactory connections;
  private final List<String> channels;
  private final BiConsumer<String, String> onNotification;
  private final Runnable onResumed;
  private final CountDownLatch closed = new CountDownLatch(1);
  private Connection connection;
  private Thread thread;

  PgListener(
      ConnectionFactory connections,
      List<String> channels,
      BiConsumer<String, String> onNotification,
      Runnable onResumed) {
    this.connections = connections;
    this.channels = List.copyOf(channels);
    this.onNotification = onNotification;
    this.onResumed = onResumed;
  }

  /**
   * Listens before returning, so a notification sent after {@code start} is not missed.
   *
   * @throws SQLException if the first connection or LISTEN fails
   */
  void start() throws SQLException {
    connection = listen();
    thread = new Thread(this::run, "orchestrator-pg-listen");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    closed.countDown();
    if (thread != null) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Connection listen() throws SQLException {
    Connection opened = connections.open();
    try (Statement statement = opened.createStatement()) {
      statement.execute(
          channels.stream().map(c -> "LISTEN \"" + c + "\"").collect(Collectors.joining("; ")));
      return opened;
    } catch (SQLException e) {
      closeQuietly(opened);
      throw e;
    }
  }

  private void run() {
    while (!isClosed()) {
      try {
        PGNotification[] notifications =
            connection.unwrap(PGConnection.class).getNotifications(POLL_MILLIS);
        if (notifications != null) {
          for (PGNotification notification : notifications) {
            onNotification.accept(notification.getName(), notification.getParameter());
          }
        }
      } catch (SQLException e) {
        if (isClosed()) {
          break;
        }
        LOG.warn("lost the LISTEN connection; reconnecting", e);
        closeQuietly(connection);
        if (reconnect()) {
          LOG.info("LISTEN connection is back; signals may have been missed");
          onResumed.run();
        }
      }
    }
    closeQuietly(connection);
  }

  /** Returns false if the listener was closed before a connection came back. */
  private boolean reconnect() {
    Duration pause = FIRST_BACKOFF;
    while (true) {
      try {
        if (closed.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
          return false;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      try {
        connection = listen();
        return true;
      } catch (SQLException e) {
        pause =
            pause.multipliedBy(2).compareTo(MAX_BACKOFF) < 0 ? pause.multipliedBy(2) : MAX_BACKOFF;
        LOG.debug("LISTEN reconnect failed; next try in {}", pause, e);
      }
    }
  }

  private boolean isClosed() {
    return closed.getCount() == 0;
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      LOG.debug("closing a broken LISTEN connection failed", e);
    }
  }
}
