-- MTM programs, enrollments, worklist items, outreach attempts and appointments (issue 5).
-- Same conventions as 0001: every row carries org_id and references (id, org_id) so nothing points across
-- organisations.

CREATE TABLE programs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations(id),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('partd', 'medicaid', 'commercial', 'employer', 'clinic')),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  -- Part D: the validated targeting program (engines/targeting/program.ts); others: panel criteria.
  criteria jsonb NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, org_id),
  UNIQUE (org_id, name, year),
  FOREIGN KEY (created_by, org_id) REFERENCES users(id, org_id)
);

CREATE TABLE enrollments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  program_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  enrolled_on date NOT NULL,
  -- CMS opt-out reason codes: 01 death, 02 disenrollment, 03 request, 99 other.
  opted_out_on date,
  opt_out_reason text CHECK (opt_out_reason IN ('01', '02', '03', '99')),
  opt_out_note text,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, org_id),
  UNIQUE (program_id, patient_id),
  FOREIGN KEY (program_id, org_id) REFERENCES programs(id, org_id),
  FOREIGN KEY (patient_id, org_id) REFERENCES patients(id, org_id),
  CHECK ((opted_out_on IS NULL) = (opt_out_reason IS NULL)),
  CHECK (opted_out_on IS NULL OR opted_out_on >= enrolled_on)
);
CREATE INDEX enrollments_patient_idx ON enrollments (patient_id);
CREATE INDEX enrollments_org_active_idx ON enrollments (org_id) WHERE opted_out_on IS NULL;

CREATE TABLE work_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  program_id uuid NOT NULL,
  enrollment_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('cmr', 'tmr', 'adherence', 'dtp', 'post-discharge')),
  due_date date NOT NULL,
  reason text NOT NULL,
  -- A new enrollee's first CMR (it enters the queue at once and scores higher).
  initial boolean NOT NULL DEFAULT false,
  priority smallint NOT NULL CHECK (priority BETWEEN 0 AND 100),
  priority_factors jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'done', 'unable-to-reach', 'declined')),
  assigned_to uuid,
  assigned_by uuid REFERENCES users(id),
  assigned_at timestamptz,
  scheduled_at timestamptz,
  completed_on date,
  completed_by uuid REFERENCES users(id),
  closed_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, org_id),
  -- One item per service cycle: re-running generation never duplicates an item.
  UNIQUE (enrollment_id, kind, due_date),
  FOREIGN KEY (patient_id, org_id) REFERENCES patients(id, org_id),
  FOREIGN KEY (program_id, org_id) REFERENCES programs(id, org_id),
  FOREIGN KEY (enrollment_id, org_id) REFERENCES enrollments(id, org_id),
  FOREIGN KEY (assigned_to, org_id) REFERENCES users(id, org_id),
  CHECK (status <> 'claimed' OR assigned_to IS NOT NULL),
  CHECK (status <> 'done' OR completed_on IS NOT NULL)
);
-- The queue: active items of an organisation by priority.
CREATE INDEX work_items_queue_idx ON work_items (org_id, priority DESC, due_date, id) WHERE status IN ('open', 'claimed');
CREATE INDEX work_items_org_status_idx ON work_items (org_id, status, due_date);
CREATE INDEX work_items_assignee_idx ON work_items (assigned_to, status);
CREATE INDEX work_items_patient_idx ON work_items (patient_id);
CREATE INDEX work_items_enrollment_idx ON work_items (enrollment_id, kind);

CREATE TABLE outreach_attempts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  work_item_id uuid,
  channel text NOT NULL CHECK (channel IN ('phone', 'text', 'mail', 'portal')),
  outcome text NOT NULL CHECK (outcome IN ('reached', 'left-message', 'wrong-number', 'declined', 'call-back')),
  note text,
  decline_reason text,
  at timestamptz NOT NULL,
  by_user uuid NOT NULL,
  FOREIGN KEY (patient_id, org_id) REFERENCES patients(id, org_id),
  FOREIGN KEY (work_item_id, org_id) REFERENCES work_items(id, org_id),
  FOREIGN KEY (by_user, org_id) REFERENCES users(id, org_id),
  CHECK (outcome <> 'declined' OR decline_reason IS NOT NULL)
);
CREATE INDEX outreach_patient_idx ON outreach_attempts (patient_id, at);
CREATE INDEX outreach_item_idx ON outreach_attempts (work_item_id);

-- Double-booking: the service books in a transaction that first locks the pharmacist's row (SELECT … FOR UPDATE),
-- then checks for an overlapping booked appointment. PGlite has no btree_gist, so no exclusion constraint; the
-- partial unique index below is the database's own backstop for the commonest collision (same start).
CREATE TABLE appointments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  pharmacist_id uuid NOT NULL REFERENCES pharmacists(user_id),
  work_item_id uuid,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  minutes integer NOT NULL CHECK (minutes BETWEEN 5 AND 240),
  mode text NOT NULL CHECK (mode IN ('in-person', 'phone', 'video')),
  status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled', 'no-show', 'completed')),
  status_reason text,
  reminders jsonb NOT NULL DEFAULT '[]',
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, org_id),
  FOREIGN KEY (patient_id, org_id) REFERENCES patients(id, org_id),
  FOREIGN KEY (pharmacist_id, org_id) REFERENCES users(id, org_id),
  FOREIGN KEY (work_item_id, org_id) REFERENCES work_items(id, org_id),
  CHECK (ends_at > starts_at)
);
CREATE UNIQUE INDEX appointments_no_same_start_idx ON appointments (pharmacist_id, starts_at) WHERE status = 'booked';
CREATE INDEX appointments_calendar_idx ON appointments (pharmacist_id, starts_at);
CREATE INDEX appointments_patient_idx ON appointments (patient_id, starts_at);
CREATE INDEX appointments_item_idx ON appointments (work_item_id) WHERE work_item_id IS NOT NULL;
