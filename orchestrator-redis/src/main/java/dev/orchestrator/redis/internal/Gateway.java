package dev.orchestrator.redis.internal;

import dev.orchestrator.core.OrchestratorException;
import dev.orchestrator.core.StoreUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one command connection of a store, with Lettuce's failures turned into the store's: anything
 * that means "Redis cannot answer now" becomes {@link StoreUnavailableException}. Thread-safe:
 * Lettuce pipelines concurrent callers over the one connection.
 */
public final class Gateway {
  // Server replies that mean "not now" rather than "wrong request".
  private static final String[] TRANSIENT_ERRORS = {
    "LOADING", "BUSY", "READONLY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN", "OOM", "NOREPLICAS"
  };

  private final StatefulRedisConnection<String, String> connection;
  private final String target;

  /** Wraps {@code connection}; {@code target} names the server in messages. */
  public Gateway(StatefulRedisConnection<String, String> connection, String target) {
    this.connection = connection;
    this.target = target;
  }

  /**
   * Runs {@code action} on the synchronous API.
   *
   * @param operation what the caller was doing, for the message
   * @throws StoreUnavailableException if Redis is unreachable, too slow, or not serving
   * @throws RedisNoScriptException unchanged, so the script runner can reload
   */
  public <T> T call(String operation, Function<RedisCommands<String, String>, T> action) {
    return guard(operation, () -> action.apply(connection.sync()));
  }

  /** Runs {@code action}, another Lettuce call, with the same translation of failures. */
  public <T> T guard(String operation, Supplier<T> action) {
    try {
      return action.get();
    } catch (RedisNoScriptException e) {
      throw e;
    } catch (RedisCommandExecutionException e) {
      if (isTransient(e.getMessage())) {
        throw unavailable(operation, e);
      }
      throw new OrchestratorException(
          "Redis at " + target + " refused " + operation + ": " + e.getMessage(), e);
    } catch (RedisException e) {
      throw unavailable(operation, e);
    }
  }

  /** Whether a PING is answered within {@code timeoutMillis}. Never throws. */
  public boolean ping(long timeoutMillis) {
    try {
      return "PONG".equals(connection.async().ping().get(timeoutMillis, TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return false;
    }
  }

  /** Publishes without waiting; a failure is reported to {@code onFailure}. */
  public void publish(String channel, String message, Consumer<Throwable> onFailure) {
    try {
      connection
          .async()
          .publish(channel, message)
          .whenComplete(
              (receivers, failure) -> {
                if (failure != null) {
                  onFailure.accept(failure);
                }
              });
    } catch (RuntimeException e) {
      onFailure.accept(e);
    }
  }

  /** Closes the connection. */
  public void close() {
    connection.close();
  }

  private StoreUnavailableException unavailable(String operation, RuntimeException cause) {
    return new StoreUnavailableException(
        "Redis at " + target + " is unavailable, " + operation + " failed: " + cause.getMessage(),
        cause);
  }

  private static boolean isTransient(String message) {
    if (message == null) {
      return false;
    }
    for (String prefix : TRANSIENT_ERRORS) {
      if (message.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
