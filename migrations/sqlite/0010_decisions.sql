-- The decision record's wording and status as the facilitator set them (see
-- domain::decision::Decision); `version` guards against lost updates. (0009 is taken by another
-- change.)
CREATE TABLE decisions (
    assessment_id TEXT    PRIMARY KEY NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    wording       TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL
) STRICT;
