-- Structured-note templates (issue 6 item 6). One template per organisation; an organisation without a row uses
-- the default shipped in src/documents/note.ts. Placeholders are validated by the service before they are stored.
-- The CMS MTM reporting fields (issue 6 item 8) are derived from encounters, enrollments and work items and need
-- no table of their own.
CREATE TABLE note_templates (
  org_id uuid PRIMARY KEY REFERENCES organizations(id),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  updated_by uuid NOT NULL,
  updated_at timestamptz NOT NULL,
  FOREIGN KEY (updated_by, org_id) REFERENCES users(id, org_id)
);

