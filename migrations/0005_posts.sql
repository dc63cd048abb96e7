-- SPDX-License-Identifier: GPL-3.0-or-later
-- 0005: blog posts and their sections. A section links a prompt example and/or a settings row,
-- collects results (results.section_id), and has one chosen result and alt text.
CREATE TABLE posts (
  id              INTEGER PRIMARY KEY,
  slug            TEXT NOT NULL UNIQUE,
  title           TEXT NOT NULL,
  source_markdown TEXT NOT NULL,
  source_path     TEXT,
  prompt_template TEXT,
  heading_level   INTEGER NOT NULL DEFAULT 2 CHECK (heading_level BETWEEN 1 AND 6),
  created_at      INTEGER NOT NULL DEFAULT (unixepoch()),
  updated_at      INTEGER NOT NULL DEFAULT (unixepoch())
);

CREATE TABLE sections (
  id               INTEGER PRIMARY KEY,
  post_id          INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  position         INTEGER NOT NULL CHECK (position >= 1),
  heading          TEXT NOT NULL,
  body             TEXT NOT NULL DEFAULT '',
  example_id       INTEGER REFERENCES prompt_examples (id) ON DELETE SET NULL,
  setting_id       INTEGER REFERENCES image_settings (id) ON DELETE SET NULL,
  prompt_override  TEXT,
  chosen_result_id INTEGER REFERENCES results (id) ON DELETE SET NULL,
  alt_text         TEXT,
  UNIQUE (post_id, position)
);
CREATE INDEX sections_post ON sections (post_id, position);

ALTER TABLE runs ADD COLUMN post_id INTEGER REFERENCES posts (id) ON DELETE SET NULL;
ALTER TABLE jobs ADD COLUMN section_id INTEGER REFERENCES sections (id) ON DELETE SET NULL;
ALTER TABLE results ADD COLUMN section_id INTEGER REFERENCES sections (id) ON DELETE SET NULL;
CREATE INDEX results_section ON results (section_id) WHERE section_id IS NOT NULL;
