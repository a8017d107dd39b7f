-- Capability links. Only a SHA-256 hash of each token is kept. The participant and read-only
-- tokens are also kept sealed (XOR with a pad derived from the facilitator token), so that the
-- facilitator page can show them while nobody without the facilitator link can recover them.
CREATE TABLE links (
    token_hash     TEXT   PRIMARY KEY,
    assessment_id  TEXT   NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    kind           TEXT   NOT NULL,
    sealed         TEXT   NOT NULL,
    created_at_ms  BIGINT NOT NULL,
    replaced_at_ms BIGINT
);
CREATE INDEX links_by_assessment ON links (assessment_id, kind);
