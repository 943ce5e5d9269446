package dev.orchestrator.redis;

import dev.orchestrator.core.contract.StoreContractTest;
import dev.orchestrator.core.spi.OrchestratorStore;
import io.lettuce.core.XAddArgs;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Redis store against the store contract. Every client is a new {@link RedisStore} on the same
 * prefix, as several hosts would be; the kit runs on virtual time, so scripts take the caller's
 * clock.
 */
class RedisStoreContractTest extends StoreContractTest {
  private static final String PREFIX = "test-contract";

  @RegisterExtension
  static final RedisTestSupport redis = new RedisTestSupport(PREFIX);

  @Override
  protected OrchestratorStore openStore() {
    return RedisTestSupport.builder(PREFIX).clockSource(ClockSource.CALLER).build();
  }

  @Override
  protected void clearAll() {
    redis.clean(PREFIX);
  }

  @Override
  protected void storeEventOfUnknownType(OrchestratorStore client, String typeName) {
    String base = "{" + PREFIX + "}:";
    long id = redis.redis().incr(base + "events:seq");
    redis.redis().xadd(base + "events", new XAddArgs().id(id + "-0"), Map.of("t", typeName,
        "at", "0", "v", "0", "d", "{}", "l", "0"));
  }
}
