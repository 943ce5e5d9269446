-- orchestrator-jdbc schema version 3 for H2 (Flyway-compatible name): the shared event log.
-- H2 serves one process, so its event log lives in memory (InProcessEventLog) and this
-- version only records itself, keeping version numbers the same in both dialects.

MERGE INTO orchestrator_schema_version (version, installed_at) KEY (version)
  VALUES (3, CURRENT_TIMESTAMP);
