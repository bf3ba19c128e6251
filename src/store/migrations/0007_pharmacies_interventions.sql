-- The organisation's pharmacy locations and each patient's home pharmacy (the work queue filters by it), and
-- targeted-intervention work items (adherence rescue, high-severity drug therapy problems) (issue 5).

CREATE TABLE pharmacies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  -- NCPDP provider id (7 digits) and NPI (10 digits) are optional: a location may not bill on its own.
  ncpdp text CHECK (ncpdp ~ '^[0-9]{7}$'),
  npi text CHECK (npi ~ '^[0-9]{10}$'),
  state char(2) NOT NULL CHECK (state ~ '^[A-Z]{2}$'),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, org_id),
  UNIQUE (org_id, name),
  FOREIGN KEY (created_by, org_id) REFERENCES users(id, org_id)
);
CREATE UNIQUE INDEX pharmacies_org_ncpdp_idx ON pharmacies (org_id, ncpdp) WHERE ncpdp IS NOT NULL;
CREATE UNIQUE INDEX pharmacies_org_npi_idx ON pharmacies (org_id, npi) WHERE npi IS NOT NULL;

-- The composite key keeps a patient from pointing at another organisation's pharmacy (NULL: none recorded).
ALTER TABLE patients ADD COLUMN home_pharmacy_id uuid;
ALTER TABLE patients ADD CONSTRAINT patients_home_pharmacy_fk FOREIGN KEY (home_pharmacy_id, org_id) REFERENCES pharmacies (id, org_id);
CREATE INDEX patients_home_pharmacy_idx ON patients (org_id, home_pharmacy_id) WHERE home_pharmacy_id IS NOT NULL;

-- Targeted interventions are identified by a topic, "<subject>@<instance>" (e.g. "PDC-STA@2026-12-10"), rather
-- than by a due date: generation adds a topic once, so re-running it adds nothing. Points earned by the reason
-- itself are kept so the daily re-scoring can add them back.
ALTER TABLE work_items ADD COLUMN topic text;
ALTER TABLE work_items ADD COLUMN reason_factors jsonb NOT NULL DEFAULT '[]';
ALTER TABLE work_items ADD CONSTRAINT work_items_topic_check CHECK ((kind IN ('adherence', 'dtp')) = (topic IS NOT NULL));

-- "not-needed": generation closed an intervention nobody had started because its reason no longer holds.
ALTER TABLE work_items DROP CONSTRAINT work_items_status_check;
ALTER TABLE work_items ADD CONSTRAINT work_items_status_check
  CHECK (status IN ('open', 'claimed', 'done', 'unable-to-reach', 'declined', 'not-needed'));

-- Recurring services keep one item per (enrollment, kind, due date); two interventions may fall due on the same day
-- (two measures with the same last refill day), so they are unique per topic instead. An item closed as no longer
-- needed does not block the same topic coming back.
ALTER TABLE work_items DROP CONSTRAINT work_items_enrollment_id_kind_due_date_key;
CREATE UNIQUE INDEX work_items_cycle_idx ON work_items (enrollment_id, kind, due_date) WHERE topic IS NULL;
CREATE UNIQUE INDEX work_items_topic_idx ON work_items (enrollment_id, kind, topic) WHERE topic IS NOT NULL AND status <> 'not-needed';
