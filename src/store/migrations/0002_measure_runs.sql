-- Population measure runs: one row per run, per-member results, and a cursor so a stopped run resumes.
CREATE TABLE measure_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations(id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  as_of date NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'done')),
  members_total integer NOT NULL,
  members_done integer NOT NULL DEFAULT 0,
  -- Patients are processed in id order; everything up to this id is stored.
  cursor_patient_id uuid,
  classes_label text NOT NULL,
  rates jsonb,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  UNIQUE (id, org_id)
);
CREATE INDEX measure_runs_org_idx ON measure_runs (org_id, started_at);

CREATE TABLE measure_results (
  run_id uuid NOT NULL,
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  measure text NOT NULL,
  in_denominator boolean NOT NULL,
  reason text NOT NULL,
  pdc numeric(7, 6),
  numerator smallint NOT NULL CHECK (numerator IN (0, 1)),
  refill_by date,
  PRIMARY KEY (run_id, patient_id, measure),
  FOREIGN KEY (run_id, org_id) REFERENCES measure_runs(id, org_id),
  FOREIGN KEY (patient_id, org_id) REFERENCES patients(id, org_id)
);
