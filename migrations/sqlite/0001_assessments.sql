CREATE TABLE assessments (
    id            TEXT    PRIMARY KEY NOT NULL,
    title         TEXT    NOT NULL,
    description   TEXT    NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL
) STRICT;
