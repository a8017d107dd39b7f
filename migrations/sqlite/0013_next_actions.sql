-- The team's next actions once the facilitator saved a list, as JSON (see
-- domain::actions::NextAction); `version` guards against lost updates.
CREATE TABLE next_actions (
    assessment_id TEXT    PRIMARY KEY NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    actions       TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL
) STRICT;
