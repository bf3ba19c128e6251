-- MTM encounters (CMR / TMR, issue 6): the encounter, its drug therapy problems, interventions, medication
-- reconciliation, time log and (after signing) append-only addenda. Children reference (encounter_id, org_id) so
-- nothing can point across organisations; the enum CHECKs mirror src/domain/encounters.ts.

-- Reconciliation entries reference a medication of the same organisation.
ALTER TABLE medications ADD CONSTRAINT medications_id_org_key UNIQUE (id, org_id);

CREATE TABLE mtm_encounters (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('cmr', 'tmr')),
  status text NOT NULL DEFAULT 'in-progress' CHECK (status IN ('in-progress', 'documented', 'signed')),
  -- Optimistic concurrency: every change increments it; a write naming an older version is refused.
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  delivery_method text CHECK (delivery_method IN ('in-person', 'phone', 'video')),
  recipient text CHECK (recipient IN ('patient', 'caregiver', 'prescriber')),
  cognitive_impairment boolean NOT NULL DEFAULT false,
  long_term_care boolean NOT NULL DEFAULT false,
  focus text CHECK (length(focus) <= 2000),
  goals text CHECK (length(goals) <= 4000),
  follow_up_date date,
  follow_up_note text CHECK (length(follow_up_note) <= 2000),
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  signed_by uuid,
  signed_at timestamptz,
  takeaway_sent_at date,
  takeaway_sent_method text CHECK (takeaway_sent_method IN ('in-person', 'mail', 'portal', 'email', 'fax')),
  FOREIGN KEY (patient_id, org_id) REFERENCES patients(id, org_id),
  FOREIGN KEY (created_by, org_id) REFERENCES users(id, org_id),
  FOREIGN KEY (signed_by, org_id) REFERENCES users(id, org_id),
  CHECK ((status = 'signed') = (signed_by IS NOT NULL AND signed_at IS NOT NULL)),
  CHECK ((takeaway_sent_at IS NULL) = (takeaway_sent_method IS NULL)),
  UNIQUE (id, org_id)
);
CREATE INDEX mtm_encounters_patient_idx ON mtm_encounters (patient_id, created_at);

CREATE TABLE mtm_encounter_problems (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  encounter_id uuid NOT NULL,
  -- Display order: screening rank first, hand-added problems after.
  position integer NOT NULL,
  rule_id text,
  category text NOT NULL CHECK (category IN ('unnecessary-therapy', 'needs-additional-therapy', 'ineffective-drug', 'dosage-too-low',
    'adverse-drug-reaction', 'dosage-too-high', 'non-adherence')),
  severity text NOT NULL CHECK (severity IN ('high', 'moderate', 'low')),
  title text NOT NULL,
  summary text NOT NULL,
  drugs text[] NOT NULL DEFAULT '{}',
  recommendation text NOT NULL,
  patient_text text NOT NULL,
  decision text NOT NULL CHECK (decision IN ('proposed', 'accepted', 'dismissed')),
  dismiss_reason text,
  on_action_plan boolean NOT NULL DEFAULT false,
  decided_by uuid REFERENCES users(id),
  decided_at timestamptz,
  created_at timestamptz NOT NULL,
  FOREIGN KEY (encounter_id, org_id) REFERENCES mtm_encounters(id, org_id),
  CHECK (decision <> 'dismissed' OR length(btrim(dismiss_reason)) >= 3),
  UNIQUE (id, encounter_id),
  UNIQUE (encounter_id, position)
);

CREATE TABLE mtm_interventions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Insertion order, for display when timestamps tie.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  org_id uuid NOT NULL,
  encounter_id uuid NOT NULL,
  problem_id uuid,
  kind text NOT NULL CHECK (kind IN ('education', 'prescriber-recommendation', 'referral', 'cpa-change', 'other')),
  detail text NOT NULL CHECK (length(detail) BETWEEN 1 AND 4000),
  teach_back boolean NOT NULL DEFAULT false,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL,
  FOREIGN KEY (encounter_id, org_id) REFERENCES mtm_encounters(id, org_id),
  -- A linked problem must be one of this encounter's.
  FOREIGN KEY (problem_id, encounter_id) REFERENCES mtm_encounter_problems(id, encounter_id)
);
CREATE INDEX mtm_interventions_encounter_idx ON mtm_interventions (encounter_id);

CREATE TABLE mtm_reconciliation (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Insertion order, for display when timestamps tie.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  org_id uuid NOT NULL,
  encounter_id uuid NOT NULL,
  medication_id uuid NOT NULL,
  action text NOT NULL CHECK (action IN ('confirmed', 'changed-sig', 'not-taking', 'taking-differently', 'stopped')),
  note text CHECK (length(note) <= 2000),
  new_sig text CHECK (length(new_sig) <= 500),
  updated_by uuid NOT NULL REFERENCES users(id),
  updated_at timestamptz NOT NULL,
  FOREIGN KEY (encounter_id, org_id) REFERENCES mtm_encounters(id, org_id),
  FOREIGN KEY (medication_id, org_id) REFERENCES medications(id, org_id),
  UNIQUE (encounter_id, medication_id)
);

CREATE TABLE mtm_time_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Insertion order, for display when timestamps tie.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  org_id uuid NOT NULL,
  encounter_id uuid NOT NULL,
  user_id uuid NOT NULL,
  activity text NOT NULL CHECK (activity IN ('prework', 'interview', 'documentation', 'follow-up')),
  minutes integer NOT NULL CHECK (minutes BETWEEN 1 AND 600),
  created_at timestamptz NOT NULL,
  FOREIGN KEY (encounter_id, org_id) REFERENCES mtm_encounters(id, org_id),
  FOREIGN KEY (user_id, org_id) REFERENCES users(id, org_id)
);
CREATE INDEX mtm_time_entries_encounter_idx ON mtm_time_entries (encounter_id);

-- Dated notes added after signing. Append-only like audit_log: updates, deletes and truncation are refused.
CREATE TABLE mtm_addenda (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Insertion order, for display when timestamps tie.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  org_id uuid NOT NULL,
  encounter_id uuid NOT NULL,
  user_id uuid NOT NULL,
  text text NOT NULL CHECK (length(text) BETWEEN 3 AND 4000),
  created_at timestamptz NOT NULL,
  FOREIGN KEY (encounter_id, org_id) REFERENCES mtm_encounters(id, org_id),
  FOREIGN KEY (user_id, org_id) REFERENCES users(id, org_id)
);
CREATE INDEX mtm_addenda_encounter_idx ON mtm_addenda (encounter_id, created_at);

CREATE FUNCTION mtm_addenda_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'mtm_addenda is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER mtm_addenda_no_update BEFORE UPDATE OR DELETE ON mtm_addenda
  FOR EACH ROW EXECUTE FUNCTION mtm_addenda_is_append_only();
CREATE TRIGGER mtm_addenda_no_truncate BEFORE TRUNCATE ON mtm_addenda
  FOR EACH STATEMENT EXECUTE FUNCTION mtm_addenda_is_append_only();
