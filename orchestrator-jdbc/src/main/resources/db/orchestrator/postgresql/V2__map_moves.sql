-- orchestrator-jdbc schema version 2 for PostgreSQL (Flyway-compatible name): operator moves.
-- A move after the round reserves the map's round move_round (while its attempt is
-- move_attempt) for the server move_to.

ALTER TABLE maps ADD COLUMN IF NOT EXISTS move_to TEXT;
ALTER TABLE maps ADD COLUMN IF NOT EXISTS move_round BIGINT;
ALTER TABLE maps ADD COLUMN IF NOT EXISTS move_attempt INTEGER;

INSERT INTO orchestrator_schema_version (version, installed_at) VALUES (2, CURRENT_TIMESTAMP)
  ON CONFLICT (version) DO NOTHING;
