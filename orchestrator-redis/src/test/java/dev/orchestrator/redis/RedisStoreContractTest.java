package dev.orchestrator.redis;

import dev.orchestrator.core.contract.StoreContractTest;
import dev.orchestrator.core.spi.OrchestratorStore;
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
}
