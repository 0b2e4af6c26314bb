-- Per-customer workload weights (issue 6): relative effort, 1–100. The
-- portfolio balance can even out their sum instead of customer counts.
ALTER TABLE customers ADD COLUMN workload_weight BIGINT NOT NULL DEFAULT 1
    CHECK (workload_weight BETWEEN 1 AND 100);
