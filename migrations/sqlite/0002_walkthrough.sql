ALTER TABLE assessments ADD COLUMN content_version TEXT NOT NULL DEFAULT '';
ALTER TABLE assessments ADD COLUMN current_step INTEGER NOT NULL DEFAULT 1;

-- One row per person and question (or "when not to" check); answers are upserts.
CREATE TABLE answers (
    assessment_id  TEXT    NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    participant_id TEXT    NOT NULL,
    question_id    TEXT    NOT NULL,
    value          INTEGER NOT NULL,
    updated_at_ms  INTEGER NOT NULL,
    PRIMARY KEY (assessment_id, participant_id, question_id)
) STRICT;

-- The team's importance and note per dimension; `version` guards against lost updates.
CREATE TABLE dimension_settings (
    assessment_id TEXT    NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    dimension_id  TEXT    NOT NULL,
    importance    INTEGER NOT NULL,
    note          TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    PRIMARY KEY (assessment_id, dimension_id)
) STRICT;
