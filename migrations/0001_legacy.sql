-- SPDX-License-Identifier: GPL-3.0-or-later
-- 0001: the legacy schema, exactly as Easel's users bring it from the earlier system, where the
-- settings of an image were one freeform text.
CREATE TABLE image_settings (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL,
  provider TEXT,
  style    TEXT,
  format   TEXT,
  settings TEXT NOT NULL DEFAULT ''
);
