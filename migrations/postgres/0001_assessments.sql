CREATE TABLE assessments (
    id            TEXT PRIMARY KEY,
    title         TEXT   NOT NULL,
    description   TEXT   NOT NULL,
    version       BIGINT NOT NULL DEFAULT 1,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL
);
