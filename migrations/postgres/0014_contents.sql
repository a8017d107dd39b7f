-- An organisation's own content (its questions and checks, or a shorter template of the
-- talk's), as JSON (domain::content::organisation::to_stored), under its version: "org-" and
-- the start of a SHA-256 of what it holds. Written when a server starts with `--content`, or
-- when an assessment file carrying such content is imported; never changed or deleted, so an
-- assessment taken with it keeps its questions after the file changes. The talk's own
-- versions ship with the app and are not kept here.
CREATE TABLE contents (
    version       TEXT   PRIMARY KEY,
    body          TEXT   NOT NULL,
    created_at_ms BIGINT NOT NULL
);
