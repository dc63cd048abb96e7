-- SPDX-License-Identifier: GPL-3.0-or-later
-- 0003: providers (no secrets: API keys and sensitive header values live in libsecret), styles,
-- formats and the prompt-example library with its full-text index.
CREATE TABLE providers (
  id               TEXT PRIMARY KEY,
  name             TEXT NOT NULL UNIQUE,
  kind             TEXT NOT NULL CHECK (kind IN ('comfyui', 'a1111', 'openai', 'stability')),
  urls             TEXT NOT NULL DEFAULT '[]',
  model            TEXT,
  headers          TEXT NOT NULL DEFAULT '[]',
  concurrency      INTEGER NOT NULL DEFAULT 0 CHECK (concurrency >= 0),
  enabled          INTEGER NOT NULL DEFAULT 1,
  workflow         TEXT,
  workflow_mapping TEXT,
  client_id        TEXT,
  options          TEXT NOT NULL DEFAULT '{}',
  position         INTEGER NOT NULL DEFAULT 0,
  created_at       INTEGER NOT NULL DEFAULT (unixepoch())
);

CREATE TABLE styles (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL UNIQUE,
  template TEXT NOT NULL DEFAULT '{prompt}',
  negative TEXT
);

CREATE TABLE formats (
  id     INTEGER PRIMARY KEY,
  name   TEXT NOT NULL UNIQUE,
  width  INTEGER NOT NULL CHECK (width BETWEEN 1 AND 16384),
  height INTEGER NOT NULL CHECK (height BETWEEN 1 AND 16384)
);

CREATE TABLE prompt_examples (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL UNIQUE,
  prompt          TEXT NOT NULL,
  negative_prompt TEXT,
  style_id        INTEGER REFERENCES styles (id) ON DELETE SET NULL,
  format_id       INTEGER REFERENCES formats (id) ON DELETE SET NULL,
  setting_id      INTEGER REFERENCES image_settings (id) ON DELETE SET NULL,
  tags            TEXT NOT NULL DEFAULT '',
  notes           TEXT,
  created_at      INTEGER NOT NULL DEFAULT (unixepoch()),
  updated_at      INTEGER NOT NULL DEFAULT (unixepoch())
);

CREATE TABLE prompt_example_providers (
  example_id    INTEGER NOT NULL REFERENCES prompt_examples (id) ON DELETE CASCADE,
  provider_name TEXT NOT NULL,
  position      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (example_id, provider_name)
);

CREATE VIRTUAL TABLE prompt_examples_fts USING fts5 (
  name, prompt, negative_prompt, tags,
  content = 'prompt_examples', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER prompt_examples_ai AFTER INSERT ON prompt_examples BEGIN
  INSERT INTO prompt_examples_fts (rowid, name, prompt, negative_prompt, tags)
  VALUES (new.id, new.name, new.prompt, new.negative_prompt, new.tags);
END;
CREATE TRIGGER prompt_examples_ad AFTER DELETE ON prompt_examples BEGIN
  INSERT INTO prompt_examples_fts (prompt_examples_fts, rowid, name, prompt, negative_prompt, tags)
  VALUES ('delete', old.id, old.name, old.prompt, old.negative_prompt, old.tags);
END;
CREATE TRIGGER prompt_examples_au AFTER UPDATE OF name, prompt, negative_prompt, tags
ON prompt_examples BEGIN
  INSERT INTO prompt_examples_fts (prompt_examples_fts, rowid, name, prompt, negative_prompt, tags)
  VALUES ('delete', old.id, old.name, old.prompt, old.negative_prompt, old.tags);
  INSERT INTO prompt_examples_fts (rowid, name, prompt, negative_prompt, tags)
  VALUES (new.id, new.name, new.prompt, new.negative_prompt, new.tags);
END;
