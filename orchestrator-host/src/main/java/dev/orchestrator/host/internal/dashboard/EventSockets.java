package dev.orchestrator.host.internal.dashboard;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;

/**
 * {@code /ws/events/}: the event stream as a WebSocket, with the filters, position and token
 * rules of {@code GET /api/events/}. It lives on the game-server WebSocket listener, since the
 * admin API's HTTP server cannot upgrade a connection, and it is authenticated with the admin
 * token (bearer header or a query token from {@code POST /api/events/token/}), not with a
 * game-server token. The listener hands it the connections whose path is {@link #PATH}.
 * Thread-safe.
 */
public final class EventSockets {
  /** The path, with or without the trailing slash. */
  public static final String PATH = "/ws/events";

  private final Delivery delivery;
  private final Access access;

  EventSockets(Delivery delivery, Access access) {
    this.delivery = delivery;
    this.access = access;
  }

  /** Whether {@code resourceDescriptor} (path and query of a handshake) is this endpoint's. */
  public static boolean handles(String resourceDescriptor) {
    String path = resourceDescriptor;
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    return path.equals(PATH) || path.equals(PATH + "/");
  }

  /**
   * Checks a handshake and, when it passes, attaches the subscription to {@code connection}.
   *
   * @return null when accepted, else why not (HTTP status and JSON body naming what is wrong)
   */
  public Refused check(WebSocket connection, ClientHandshake request) {
    try {
      Map<String, List<String>> query = EventStream.query(rawQuery(
          request.getResourceDescriptor()));
      access.check(request.getFieldValue("Authorization"), query);
      EventFilter filter = access.filter(query);
      long position = access.position(request.getFieldValue("Last-Event-ID"), query,
          delivery.journal());
      access.checkCapacity(delivery);
      connection.setAttachment(new SocketSubscriber(filter, access.queueCapacity(),
          connection, position));
      return null;
    } catch (Access.Refusal refusal) {
      return new Refused(refusal.status, refusal.code, refusal.body().toString());
    }
  }

  /** Whether {@code attachment} is an event subscription this endpoint attached. */
  public static boolean owns(Object attachment) {
    return attachment instanceof SocketSubscriber;
  }

  /** The handshake completed: events start flowing. */
  public void opened(WebSocket connection) {
    SocketSubscriber subscriber = connection.getAttachment();
    delivery.journal().subscribe(subscriber, subscriber.position());
  }

  /** The connection closed: the subscription ends. */
  public void closed(WebSocket connection) {
    SocketSubscriber subscriber = connection.getAttachment();
    delivery.drop(subscriber);
  }

  private static String rawQuery(String resourceDescriptor) {
    try {
      return new URI(resourceDescriptor).getRawQuery();
    } catch (URISyntaxException e) {
      throw new Access.Refusal(400, "invalid_field", "the URL cannot be read: "
          + e.getReason());
    }
  }

  /**
   * A refused handshake.
   *
   * @param status the HTTP status
   * @param code the error code of the body
   * @param body the JSON error body
   */
  public record Refused(int status, String code, String body) { }
}
