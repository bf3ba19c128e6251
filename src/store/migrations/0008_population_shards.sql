-- Population runs split into shards kept in PostgreSQL (issue 4): a shard is a range of an organisation's patients
-- in id order. Any process with the database — the server's background runner, `openmtm work` on other machines —
-- takes the next open shard with FOR UPDATE SKIP LOCKED under a lease, so a run spreads over machines and picks up
-- where it stopped after a crash (an expired lease makes the shard open again). `kind` names the run table.
CREATE TABLE population_shards (
  run_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('measures', 'targeting')),
  shard integer NOT NULL,
  first_patient_id uuid NOT NULL,
  -- Exclusive; NULL = to the last patient.
  next_patient_id uuid,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
  worker text,
  lease_until timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  members integer,
  finished_at timestamptz,
  PRIMARY KEY (run_id, shard)
);
CREATE INDEX population_shards_open_idx ON population_shards (kind, run_id, shard) WHERE status IN ('pending', 'running');

ALTER TABLE measure_runs ADD COLUMN shards_total integer NOT NULL DEFAULT 0;
ALTER TABLE measure_runs ADD COLUMN shards_done integer NOT NULL DEFAULT 0;
ALTER TABLE measure_runs ADD COLUMN error text;
ALTER TABLE measure_runs ADD COLUMN started_by uuid REFERENCES users(id);
ALTER TABLE measure_runs DROP CONSTRAINT measure_runs_status_check;
ALTER TABLE measure_runs ADD CONSTRAINT measure_runs_status_check CHECK (status IN ('running', 'done', 'failed'));
CREATE INDEX measure_results_rescue_idx ON measure_results (run_id, refill_by) WHERE refill_by IS NOT NULL AND numerator = 0;

-- An organisation's star cut points (CMS publishes them yearly; always data with a source, never constants).
CREATE TABLE star_cut_points (
  org_id uuid PRIMARY KEY REFERENCES organizations(id),
  document jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by uuid NOT NULL REFERENCES users(id)
);
