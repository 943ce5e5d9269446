package dev.orchestrator.host.badinput;

import dev.orchestrator.host.SharedServices;
import dev.orchestrator.host.internal.StoreFactory;
import dev.orchestrator.host.internal.StoreFactory.Kind;

/** The floods of {@link FloodTest} against a host on PostgreSQL. */
class FloodOnPostgresTest extends FloodTest {
  private String schema;

  @Override
  protected StoreFactory.Options storeOptions() throws Exception {
    schema = SharedServices.createPostgresSchema("flood");
    return new StoreFactory.Options(Kind.POSTGRES, null, SharedServices.postgresUrl(schema),
        "postgres", null, null, null);
  }

  @Override
  protected void dropStore() throws Exception {
    if (schema != null) {
      SharedServices.dropPostgresSchema(schema);
    }
  }
}
