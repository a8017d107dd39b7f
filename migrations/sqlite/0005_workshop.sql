-- The live workshop. How the facilitator runs the room (the step it is on is current_step):
-- named or anonymous answers, whether the facilitator votes, the revealed steps (bit n for
-- step n), the countdown, and how many participants are in (to enforce the maximum).
ALTER TABLE assessments ADD COLUMN named INTEGER NOT NULL DEFAULT 0;
ALTER TABLE assessments ADD COLUMN facilitator_votes INTEGER NOT NULL DEFAULT 1;
ALTER TABLE assessments ADD COLUMN revealed_steps INTEGER NOT NULL DEFAULT 0;
ALTER TABLE assessments ADD COLUMN timer_ends_at_ms INTEGER;
ALTER TABLE assessments ADD COLUMN seats INTEGER NOT NULL DEFAULT 0;

-- The join code of a participant link: its hash to find it, and the link's token sealed
-- under the code, so that typing the code leads to the link.
ALTER TABLE links ADD COLUMN code_hash TEXT;
ALTER TABLE links ADD COLUMN code_sealed TEXT;
CREATE INDEX links_by_code ON links (code_hash);

-- People who joined with the participant link. The cookie that ties a browser to a
-- participant holds a secret of which only the hash is kept.
CREATE TABLE participants (
    id            TEXT    PRIMARY KEY NOT NULL,
    assessment_id TEXT    NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    secret_hash   TEXT    NOT NULL UNIQUE,
    joined_at_ms  INTEGER NOT NULL,
    removed_at_ms INTEGER
) STRICT;
CREATE INDEX participants_by_assessment ON participants (assessment_id);
