-- The cost step's workload and prices, as JSON (see app::domain::cost::CostInputs).
CREATE TABLE cost_inputs (
    assessment_id TEXT    PRIMARY KEY NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    inputs        TEXT    NOT NULL,
    updated_at_ms INTEGER NOT NULL
) STRICT;
