package dev.orchestrator.host.badinput;

import dev.orchestrator.host.SharedServices;
import dev.orchestrator.host.internal.StoreFactory;
import dev.orchestrator.host.internal.StoreFactory.Kind;
import java.util.UUID;

/** The floods of {@link FloodTest} against a host on Redis. */
class FloodOnRedisTest extends FloodTest {
  private String prefix;

  @Override
  protected StoreFactory.Options storeOptions() {
    SharedServices.requireRedis();
    prefix = "flood-" + UUID.randomUUID();
    return new StoreFactory.Options(Kind.REDIS, null, null, null, null, SharedServices.REDIS,
        prefix);
  }

  @Override
  protected void dropStore() {
    if (prefix != null) {
      SharedServices.deleteRedisKeys(prefix);
    }
  }
}
