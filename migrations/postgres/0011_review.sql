-- When the team looks at its decision again: the review date and the assumptions that would
-- reopen it, as JSON (see domain::review::Review), versioned so that an edit made on a stale
-- page is refused instead of overwriting.
CREATE TABLE assessment_reviews (
    assessment_id TEXT   PRIMARY KEY REFERENCES assessments (id) ON DELETE CASCADE,
    review        TEXT   NOT NULL,
    version       BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL
);
