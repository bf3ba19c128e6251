-- Targeting runs for panel programs (Medicaid, commercial, employer, a clinic's high-risk panel; issue 5) on the
-- tables of Part D runs (0009): the same run, shards, results and automatic enrollment. A panel result has no CMS
-- reason code and no date met; it has a decision — qualifies, could not assess, not — and the outcome of every
-- criterion with the facts that decided it, so the list can say why.

-- Which rules a run applied; every run before this migration was a Part D run. No default afterwards: a new run
-- says what it is.
ALTER TABLE target_runs ADD COLUMN program_kind text NOT NULL DEFAULT 'partd'
  CHECK (program_kind IN ('partd', 'medicaid', 'commercial', 'employer', 'clinic'));
ALTER TABLE target_runs ALTER COLUMN program_kind DROP DEFAULT;

-- 'could-not-assess': the record cannot answer a criterion the decision depends on (no recent A1c, say). It is kept
-- apart from 'not' so the program can go and get the missing data; such a patient is not eligible and not enrolled.
ALTER TABLE target_results ADD COLUMN decision text CHECK (decision IN ('qualifies', 'could-not-assess', 'not'));
-- [{criterion, status: met | not-met | could-not-assess, detail}] in the program's criteria order.
ALTER TABLE target_results ADD COLUMN outcomes jsonb;

-- 0009 tied eligibility to a reason code and a date met; that now holds for Part D results only (decision NULL).
-- A panel result is eligible exactly when it qualifies, and never carries a Part D reason or date met.
ALTER TABLE target_results DROP CONSTRAINT target_results_check;
ALTER TABLE target_results ADD CONSTRAINT target_results_kind_check CHECK (
  CASE WHEN decision IS NULL
    THEN eligible = (reason IS NOT NULL) AND eligible = (date_met IS NOT NULL) AND outcomes IS NULL
    ELSE reason IS NULL AND date_met IS NULL AND eligible = (decision = 'qualifies') AND outcomes IS NOT NULL
  END
);
CREATE INDEX target_results_decision_idx ON target_results (run_id, decision) WHERE decision IS NOT NULL;
