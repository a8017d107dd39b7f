-- The team's next actions once the facilitator saved a list, as JSON (see
-- domain::actions::NextAction); `version` guards against lost updates.
CREATE TABLE next_actions (
    assessment_id TEXT   PRIMARY KEY REFERENCES assessments (id) ON DELETE CASCADE,
    actions       TEXT   NOT NULL,
    version       BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL
);
