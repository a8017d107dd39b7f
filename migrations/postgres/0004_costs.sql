-- The cost step's workload and prices, as JSON (see app::domain::cost::CostInputs).
CREATE TABLE cost_inputs (
    assessment_id TEXT   PRIMARY KEY REFERENCES assessments (id) ON DELETE CASCADE,
    inputs        TEXT   NOT NULL,
    updated_at_ms BIGINT NOT NULL
);
