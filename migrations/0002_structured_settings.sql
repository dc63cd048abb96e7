-- SPDX-License-Identifier: GPL-3.0-or-later
-- 0002: structured columns for the image settings. The C step "parse-legacy-settings" then fills
-- them by parsing every row's freeform `settings` text, inside the same transaction. Outside
-- tools read these column names: keep them.
ALTER TABLE image_settings ADD COLUMN width INTEGER;
ALTER TABLE image_settings ADD COLUMN height INTEGER;
ALTER TABLE image_settings ADD COLUMN steps INTEGER;
ALTER TABLE image_settings ADD COLUMN guidance_scale REAL;
ALTER TABLE image_settings ADD COLUMN sampler TEXT;
ALTER TABLE image_settings ADD COLUMN scheduler TEXT;
ALTER TABLE image_settings ADD COLUMN seed INTEGER;
ALTER TABLE image_settings ADD COLUMN model TEXT;
ALTER TABLE image_settings ADD COLUMN negative_prompt TEXT;
ALTER TABLE image_settings ADD COLUMN extra_settings TEXT NOT NULL DEFAULT '{}';
ALTER TABLE image_settings ADD COLUMN legacy_text TEXT;
