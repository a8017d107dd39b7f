-- The decision record's wording and status as the facilitator set them (see
-- domain::decision::Decision); `version` guards against lost updates. (0009 is taken by another
-- change.)
CREATE TABLE decisions (
    assessment_id TEXT   PRIMARY KEY REFERENCES assessments (id) ON DELETE CASCADE,
    wording       TEXT   NOT NULL,
    status        TEXT   NOT NULL,
    version       BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL
);
