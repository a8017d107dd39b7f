-- Deleting an assessment: everything of it goes (every table cascades from assessments) except
-- the hash of each of its link tokens, kept here so an old link says the assessment was
-- deleted rather than that there never was one.
CREATE TABLE deleted_links (
    token_hash    TEXT    PRIMARY KEY NOT NULL,
    deleted_at_ms INTEGER NOT NULL
) STRICT;

-- When anything in the assessment was last written, for deleting assessments left untouched.
-- Assessments saved before this migration count as touched when it ran.
ALTER TABLE assessments ADD COLUMN touched_at_ms INTEGER NOT NULL DEFAULT 0;
UPDATE assessments SET touched_at_ms = CAST(strftime('%s', 'now') AS INTEGER) * 1000;
CREATE INDEX assessments_by_touch ON assessments (touched_at_ms);
