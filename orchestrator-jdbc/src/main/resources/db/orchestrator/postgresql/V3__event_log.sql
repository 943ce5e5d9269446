-- orchestrator-jdbc schema version 3 for PostgreSQL (Flyway-compatible name): the shared event log.
-- The event log every host's event stream follows (PgEventLog). Appends draw ids under an
-- advisory lock, so ids become visible in increasing order; the table is trimmed to the
-- newest rows as it grows.
CREATE TABLE IF NOT EXISTS orchestrator_events (
  id          BIGSERIAL PRIMARY KEY,
  type        VARCHAR(32) NOT NULL,
  at          TIMESTAMPTZ NOT NULL,
  map_id      TEXT,
  server_id   TEXT,
  job_id      TEXT,
  map_version BIGINT NOT NULL,
  details     TEXT NOT NULL,
  after_loss  BOOLEAN NOT NULL
);

INSERT INTO orchestrator_schema_version (version, installed_at) VALUES (3, CURRENT_TIMESTAMP)
  ON CONFLICT (version) DO NOTHING;
