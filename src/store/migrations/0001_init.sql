-- OpenMTM initial schema. Plain SQL at the PostgreSQL 15 level (also runs on PGlite).
-- Every row belongs to an organisation; child rows reference (patient_id, org_id) so a row can never point
-- at another organisation's patient, whatever the service layer does.

CREATE TABLE organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('pharmacy', 'clinic', 'vendor', 'plan')),
  npi text,
  state text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations(id),
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('pharmacist', 'technician', 'manager', 'prescriber', 'auditor', 'admin')),
  password_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, org_id)
);

-- Pharmacist credentials, kept apart from the login so a user row stays role-neutral.
CREATE TABLE pharmacists (
  user_id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  npi text CHECK (npi ~ '^[0-9]{10}$'),
  languages text[] NOT NULL DEFAULT '{en}',
  specialties text[] NOT NULL DEFAULT '{}',
  capacity_per_week integer,
  FOREIGN KEY (user_id, org_id) REFERENCES users(id, org_id)
);

CREATE TABLE pharmacist_licenses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES pharmacists(user_id),
  state char(2) NOT NULL,
  license_number text NOT NULL,
  expires_on date,
  UNIQUE (user_id, state)
);

CREATE TABLE prescribers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations(id),
  npi text NOT NULL CHECK (npi ~ '^[0-9]{10}$'),
  first_name text NOT NULL,
  last_name text NOT NULL,
  credential text,
  specialty text,
  phone text,
  fax text,
  user_id uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, npi),
  UNIQUE (id, org_id)
);

CREATE TABLE patients (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations(id),
  external_id text,
  first_name text NOT NULL,
  last_name text NOT NULL,
  birth_date date NOT NULL,
  sex text NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  language text NOT NULL DEFAULT 'en',
  phone text,
  email text,
  address_line text,
  city text,
  state char(2),
  postal_code text,
  health_literacy_concern boolean NOT NULL DEFAULT false,
  cognitive_impairment text NOT NULL DEFAULT 'unknown' CHECK (cognitive_impairment IN ('yes', 'no', 'unknown')),
  long_term_care boolean NOT NULL DEFAULT false,
  caregiver_name text,
  caregiver_relationship text,
  caregiver_phone text,
  deceased_date date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, org_id),
  UNIQUE (org_id, external_id)
);
-- text_pattern_ops: prefix search (LIKE 'smi%') uses the index whatever the database collation.
CREATE INDEX patients_org_last_idx ON patients (org_id, lower(last_name) text_pattern_ops);
CREATE INDEX patients_org_first_idx ON patients (org_id, lower(first_name) text_pattern_ops);
CREATE INDEX patients_org_birth_idx ON patients (org_id, birth_date);

CREATE TABLE coverages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('medicare_part_d', 'medicare_advantage', 'medicare_part_b', 'medicaid', 'commercial', 'employer', 'other')),
  payer_name text NOT NULL,
  member_id text NOT NULL,
  contract_id text,
  pbp_id text,
  group_id text,
  start_date date NOT NULL,
  end_date date,
  FOREIGN KEY (patient_id, org_id) REFERENCES patients(id, org_id)
);
CREATE INDEX coverages_member_idx ON coverages (org_id, upper(member_id));
CREATE INDEX coverages_patient_idx ON coverages (patient_id);

CREATE TABLE consents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('mtm', 'cpa', 'ccm', 'rpm', 'data_sharing')),
  status text NOT NULL CHECK (status IN ('granted', 'declined', 'revoked')),
  given_by text NOT NULL DEFAULT 'patient',
  effective_date date NOT NULL,
  expires_date date,
  recorded_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (patient_id, org_id) REFERENCES patients(id, org_id)
);
CREATE INDEX consents_patient_idx ON consents (patient_id);

CREATE TABLE care_team_members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  prescriber_id uuid,
  user_id uuid,
  role text NOT NULL,
  FOREIGN KEY (patient_id, org_id) REFERENCES patients(id, org_id),
  FOREIGN KEY (prescriber_id, org_id) REFERENCES prescribers(id, org_id),
  FOREIGN KEY (user_id, org_id) REFERENCES users(id, org_id),
  CHECK (prescriber_id IS NOT NULL OR user_id IS NOT NULL)
);
CREATE INDEX care_team_patient_idx ON care_team_members (patient_id);

CREATE TABLE medications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  rxcui text CHECK (rxcui ~ '^[0-9]{1,8}$'),
  display text NOT NULL,
  source text NOT NULL CHECK (source IN ('prescription', 'otc', 'herbal', 'supplement')),
  sig text,
  indication text,
  prescriber_id uuid,
  start_date date,
  stop_date date,
  stop_reason text,
  recorded_from text NOT NULL DEFAULT 'manual' CHECK (recorded_from IN ('manual', 'patient', 'claims', 'ehr', 'import')),
  external_id text,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (patient_id, org_id) REFERENCES patients(id, org_id),
  FOREIGN KEY (prescriber_id, org_id) REFERENCES prescribers(id, org_id),
  CHECK (stop_date IS NULL OR start_date IS NULL OR stop_date >= start_date),
  -- external ids come from the source file and are unique within one patient's record
  UNIQUE (patient_id, external_id)
);
CREATE INDEX medications_patient_idx ON medications (patient_id);

CREATE TABLE conditions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  code_system text NOT NULL CHECK (code_system IN ('icd10cm', 'snomed')),
  code text NOT NULL,
  display text NOT NULL,
  onset_date date,
  abatement_date date,
  clinical_status text NOT NULL DEFAULT 'active' CHECK (clinical_status IN ('active', 'resolved', 'inactive')),
  external_id text,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (patient_id, org_id) REFERENCES patients(id, org_id),
  -- external ids come from the source file and are unique within one patient's record
  UNIQUE (patient_id, external_id)
);
CREATE INDEX conditions_patient_idx ON conditions (patient_id);

CREATE TABLE allergies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  substance text NOT NULL,
  substance_rxcui text CHECK (substance_rxcui ~ '^[0-9]{1,8}$'),
  kind text NOT NULL DEFAULT 'allergy' CHECK (kind IN ('allergy', 'intolerance')),
  reaction text,
  severity text CHECK (severity IN ('mild', 'moderate', 'severe')),
  recorded_date date,
  external_id text,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (patient_id, org_id) REFERENCES patients(id, org_id),
  -- external ids come from the source file and are unique within one patient's record
  UNIQUE (patient_id, external_id)
);
CREATE INDEX allergies_patient_idx ON allergies (patient_id);

CREATE TABLE observations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  loinc text NOT NULL CHECK (loinc ~ '^[0-9]{1,7}-[0-9]$'),
  display text NOT NULL,
  value_num numeric,
  value_text text,
  unit text,
  effective_date date NOT NULL,
  external_id text,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (patient_id, org_id) REFERENCES patients(id, org_id),
  CHECK (value_num IS NOT NULL OR value_text IS NOT NULL),
  -- external ids come from the source file and are unique within one patient's record
  UNIQUE (patient_id, external_id)
);
CREATE INDEX observations_patient_idx ON observations (patient_id, loinc, effective_date);

CREATE TABLE encounters (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('inpatient', 'emergency', 'ambulatory', 'telehealth', 'home')),
  start_date date NOT NULL,
  end_date date,
  facility text,
  reason_code text,
  reason text,
  external_id text,
  FOREIGN KEY (patient_id, org_id) REFERENCES patients(id, org_id),
  CHECK (end_date IS NULL OR end_date >= start_date),
  -- external ids come from the source file and are unique within one patient's record
  UNIQUE (patient_id, external_id)
);
CREATE INDEX encounters_patient_idx ON encounters (patient_id, start_date);

CREATE TABLE immunizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  cvx text NOT NULL,
  display text NOT NULL,
  administered_date date NOT NULL,
  external_id text,
  FOREIGN KEY (patient_id, org_id) REFERENCES patients(id, org_id),
  -- external ids come from the source file and are unique within one patient's record
  UNIQUE (patient_id, external_id)
);
CREATE INDEX immunizations_patient_idx ON immunizations (patient_id);

-- Pharmacy fills / paid claims. NDC (11 digits) and/or RxNorm; reversed claims are kept, flagged.
CREATE TABLE fills (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  ndc char(11) CHECK (ndc ~ '^[0-9]{11}$'),
  rxcui text CHECK (rxcui ~ '^[0-9]{1,8}$'),
  drug_name text NOT NULL,
  fill_date date NOT NULL,
  days_supply integer NOT NULL CHECK (days_supply BETWEEN 1 AND 365),
  quantity numeric NOT NULL CHECK (quantity > 0),
  total_cost numeric(12, 2),
  patient_pay numeric(12, 2),
  pharmacy_npi text,
  pharmacy_name text,
  prescriber_id uuid,
  claim_status text NOT NULL DEFAULT 'paid' CHECK (claim_status IN ('paid', 'reversed')),
  external_id text,
  FOREIGN KEY (patient_id, org_id) REFERENCES patients(id, org_id),
  FOREIGN KEY (prescriber_id, org_id) REFERENCES prescribers(id, org_id),
  CHECK (ndc IS NOT NULL OR rxcui IS NOT NULL),
  -- external ids come from the source file and are unique within one patient's record
  UNIQUE (patient_id, external_id)
);
CREATE INDEX fills_patient_idx ON fills (patient_id, fill_date);

-- A pharmacist's signature on a reviewed medication list (technicians prepare it, a pharmacist signs).
CREATE TABLE medication_list_signatures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  signed_by uuid NOT NULL REFERENCES users(id),
  signed_at timestamptz NOT NULL DEFAULT now(),
  active_medication_ids uuid[] NOT NULL,
  note text,
  FOREIGN KEY (patient_id, org_id) REFERENCES patients(id, org_id)
);
CREATE INDEX medlist_sign_patient_idx ON medication_list_signatures (patient_id, signed_at);

CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash text NOT NULL UNIQUE,
  user_id uuid NOT NULL REFERENCES users(id),
  org_id uuid NOT NULL REFERENCES organizations(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  ip text,
  user_agent text
);

CREATE TABLE login_failures (
  id bigserial PRIMARY KEY,
  username text NOT NULL,
  ip text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_idx ON login_failures (username, ip, at);

-- Append-only: every read and write of patient data, every login. Updates and deletes are refused by trigger.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  org_id uuid,
  user_id uuid,
  username text,
  role text,
  action text NOT NULL,
  resource_type text NOT NULL,
  resource_id text,
  patient_id uuid,
  outcome text NOT NULL CHECK (outcome IN ('success', 'denied', 'error')),
  ip text,
  user_agent text,
  detail jsonb
);
CREATE INDEX audit_org_at_idx ON audit_log (org_id, at);
CREATE INDEX audit_patient_idx ON audit_log (patient_id, at);
CREATE INDEX audit_user_idx ON audit_log (user_id, at);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
