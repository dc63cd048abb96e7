-- SPDX-License-Identifier: GPL-3.0-or-later
-- 0004: runs, their jobs, and results (every image ever made) with a full-text index over
-- prompt, negative prompt, provider, model and tags.
CREATE TABLE runs (
  id              INTEGER PRIMARY KEY,
  created_at      INTEGER NOT NULL DEFAULT (unixepoch()),
  prompt          TEXT NOT NULL,
  negative_prompt TEXT,
  style           TEXT,
  format          TEXT,
  example_id      INTEGER REFERENCES prompt_examples (id) ON DELETE SET NULL,
  settings        TEXT NOT NULL DEFAULT '{}',
  providers       TEXT NOT NULL DEFAULT '[]',
  count           INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1)
);

CREATE TABLE jobs (
  id              INTEGER PRIMARY KEY,
  run_id          INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  provider_id     TEXT REFERENCES providers (id) ON DELETE SET NULL,
  provider_name   TEXT NOT NULL,
  provider_kind   TEXT NOT NULL,
  model           TEXT,
  seed            INTEGER,
  prompt          TEXT NOT NULL,
  negative_prompt TEXT,
  state           TEXT NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled',
                                   'interrupted')),
  remote_id       TEXT,
  server_url      TEXT,
  attempts        INTEGER NOT NULL DEFAULT 0,
  error_code      TEXT,
  error_message   TEXT,
  owner           TEXT,
  created_at      INTEGER NOT NULL DEFAULT (unixepoch()),
  started_at      INTEGER,
  finished_at     INTEGER
);
CREATE INDEX jobs_run ON jobs (run_id);
CREATE INDEX jobs_unfinished ON jobs (state) WHERE state IN ('queued', 'running');

CREATE TABLE results (
  id              INTEGER PRIMARY KEY,
  job_id          INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
  run_id          INTEGER REFERENCES runs (id) ON DELETE SET NULL,
  provider_name   TEXT NOT NULL,
  provider_kind   TEXT NOT NULL,
  model           TEXT,
  prompt          TEXT NOT NULL,
  negative_prompt TEXT,
  settings        TEXT NOT NULL DEFAULT '{}',
  adjustments     TEXT NOT NULL DEFAULT '[]',
  seed            INTEGER,
  width           INTEGER NOT NULL,
  height          INTEGER NOT NULL,
  duration_ms     INTEGER NOT NULL DEFAULT 0,
  cost_usd        REAL,
  revised_prompt  TEXT,
  file_hash       TEXT NOT NULL CHECK (length (file_hash) = 64),
  mime_type       TEXT NOT NULL,
  favorite        INTEGER NOT NULL DEFAULT 0,
  rating          INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
  tags            TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL DEFAULT (unixepoch()),
  request_id      TEXT,
  usage           TEXT,
  infotext        TEXT
);
CREATE INDEX results_created ON results (created_at DESC, id DESC);
CREATE INDEX results_provider ON results (provider_name);
CREATE INDEX results_run ON results (run_id);
CREATE INDEX results_favorite ON results (id) WHERE favorite = 1;
CREATE INDEX results_hash ON results (file_hash);

CREATE VIRTUAL TABLE results_fts USING fts5 (
  prompt, negative_prompt, provider_name, model, tags,
  content = 'results', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER results_ai AFTER INSERT ON results BEGIN
  INSERT INTO results_fts (rowid, prompt, negative_prompt, provider_name, model, tags)
  VALUES (new.id, new.prompt, new.negative_prompt, new.provider_name, new.model, new.tags);
END;
CREATE TRIGGER results_ad AFTER DELETE ON results BEGIN
  INSERT INTO results_fts (results_fts, rowid, prompt, negative_prompt, provider_name, model, tags)
  VALUES ('delete', old.id, old.prompt, old.negative_prompt, old.provider_name, old.model,
          old.tags);
END;
-- Only the indexed columns: starring or rating a result does not touch the index.
CREATE TRIGGER results_au AFTER UPDATE OF prompt, negative_prompt, provider_name, model, tags
ON results BEGIN
  INSERT INTO results_fts (results_fts, rowid, prompt, negative_prompt, provider_name, model, tags)
  VALUES ('delete', old.id, old.prompt, old.negative_prompt, old.provider_name, old.model,
          old.tags);
  INSERT INTO results_fts (rowid, prompt, negative_prompt, provider_name, model, tags)
  VALUES (new.id, new.prompt, new.negative_prompt, new.provider_name, new.model, new.tags);
END;
