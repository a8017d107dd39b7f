-- Rounds: when a team assesses again, the round before is kept, closed, as the team's figures
-- only (see domain::rounds::Round), as JSON. The assessment's own rows are the round under way.
CREATE TABLE assessment_rounds (
    assessment_id TEXT   NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    number        BIGINT NOT NULL,
    round         TEXT   NOT NULL,
    closed_at_ms  BIGINT NOT NULL,
    PRIMARY KEY (assessment_id, number)
);
