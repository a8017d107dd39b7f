-- The parts a team split its workload into, each with its exception answers and run figures,
-- as JSON (see domain::parts::Part).
CREATE TABLE assessment_parts (
    assessment_id TEXT    PRIMARY KEY NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    parts         TEXT    NOT NULL,
    updated_at_ms INTEGER NOT NULL
) STRICT;
