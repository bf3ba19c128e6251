-- Part D MTM targeting runs over an organisation's patients in the database (issue 5): one run evaluates one Part D
-- program (its year and criteria) as of a date, in shards on the population_shards queue (0008, kind
-- 'targeting'), stores one result per patient, and when its last shard is stored enrolls every eligible patient
-- who has no enrollment in the program yet.

CREATE TABLE target_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations(id),
  program_id uuid NOT NULL,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  as_of date NOT NULL,
  -- The program's criteria as this run used them (engines/targeting/program.ts), so its results stay explainable.
  criteria jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  members_total integer NOT NULL,
  members_done integer NOT NULL DEFAULT 0,
  shards_total integer NOT NULL DEFAULT 0,
  shards_done integer NOT NULL DEFAULT 0,
  -- Versions of the core-disease mapping and drug knowledge the run used.
  knowledge_label text NOT NULL,
  -- Set when the run finishes: eligible by reason code, enrolled now, already enrolled, opted out.
  summary jsonb,
  error text,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  -- NULL: started from the command line.
  started_by uuid REFERENCES users(id),
  UNIQUE (id, org_id),
  FOREIGN KEY (program_id, org_id) REFERENCES programs(id, org_id)
);
CREATE INDEX target_runs_program_idx ON target_runs (org_id, program_id, started_at);

CREATE TABLE target_results (
  run_id uuid NOT NULL,
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  -- The Part D / MA member id of the coverage the run used; NULL when the patient has none in the year.
  member_id text,
  eligible boolean NOT NULL,
  -- ResDAC TARG_CRITERIA_MET_REASON: 01 criteria, 02 DMP at-risk, 03 both, 04 expanded.
  reason text CHECK (reason IN ('01', '02', '03', '04')),
  date_met date,
  core_diseases text[] NOT NULL,
  drug_count integer NOT NULL,
  annual_cost numeric(12, 2),
  evaluated_on date,
  notes text[] NOT NULL,
  -- What the end of the run did about an eligible patient's enrollment in the program (NULL: not eligible, or the
  -- run has not finished).
  enrollment text CHECK (enrollment IN ('enrolled', 'already-enrolled', 'opted-out', 'not-enrolled')),
  PRIMARY KEY (run_id, patient_id),
  FOREIGN KEY (run_id, org_id) REFERENCES target_runs(id, org_id),
  FOREIGN KEY (patient_id, org_id) REFERENCES patients(id, org_id),
  CHECK (eligible = (reason IS NOT NULL) AND eligible = (date_met IS NOT NULL))
);
CREATE INDEX target_results_eligible_idx ON target_results (run_id, date_met, patient_id) WHERE eligible;

-- Drug Management Program (42 CFR 423.153(f)) status: the day the plan identified the patient as an at-risk
-- beneficiary for prescription drug abuse, and the day that determination ends (NULL: still in force). The plan's
-- DMP sends this; here a manager records it. At-risk beneficiaries are targeted for MTM regardless of the other
-- criteria (reason 02, or 03 with them).
ALTER TABLE patients ADD COLUMN dmp_at_risk_on date;
ALTER TABLE patients ADD COLUMN dmp_at_risk_until date;
ALTER TABLE patients ADD CONSTRAINT patients_dmp_dates_check
  CHECK (dmp_at_risk_until IS NULL OR (dmp_at_risk_on IS NOT NULL AND dmp_at_risk_until >= dmp_at_risk_on));

-- An enrollment made by a targeting run names the run; a run started from the command line has no user, so
-- created_by may now be NULL when the run is recorded instead.
ALTER TABLE enrollments ADD COLUMN source_run_id uuid;
ALTER TABLE enrollments ADD CONSTRAINT enrollments_source_run_fkey FOREIGN KEY (source_run_id, org_id) REFERENCES target_runs(id, org_id);
ALTER TABLE enrollments ALTER COLUMN created_by DROP NOT NULL;
ALTER TABLE enrollments ADD CONSTRAINT enrollments_created_by_or_run_check CHECK (created_by IS NOT NULL OR source_run_id IS NOT NULL);
