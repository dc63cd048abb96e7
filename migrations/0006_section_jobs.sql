-- SPDX-License-Identifier: GPL-3.0-or-later
-- 0006: a post's view lists the jobs of each of its sections (done, failed, cancelled), so
-- jobs are found by section without scanning the whole history.
CREATE INDEX jobs_section ON jobs (section_id) WHERE section_id IS NOT NULL;
