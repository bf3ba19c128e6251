// The CLI's commands and options, as data: parsing and `--help` come from the same table.
type Opt = { type: 'string' | 'boolean'; short?: string };
type Command = { summary: string; args?: string; options: Record<string, Opt> };

export const COMMANDS: Record<string, Command> = {
  start: { summary: 'Start the API and web app (migrates first). --demo seeds a demo pharmacy on an empty database.', options: { demo: { type: 'boolean' }, port: { type: 'string' } } },
  migrate: { summary: 'Apply pending database migrations.', options: {} },
  seed: { summary: 'Seed the demo pharmacy into an empty database.', options: { patients: { type: 'string' }, 'as-of': { type: 'string' } } },
  generate: {
    summary: 'Write a synthetic population to files, deterministically from --seed.',
    options: { patients: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, 'as-of': { type: 'string' } },
  },
  import: { summary: 'Import a population directory (prescribers.ndjson, patients.ndjson) into an organisation.', args: '<dir>', options: { org: { type: 'string' }, 'create-org': { type: 'boolean' } } },
  'import-fhir': {
    summary: "Import FHIR R4 patients (a bulk-export NDJSON directory such as Synthea's, a directory of Bundle .json files, or one file) into an organisation.",
    args: '<dir-or-bundle.json>',
    options: { org: { type: 'string' }, 'create-org': { type: 'boolean' } },
  },
  'import-claims': {
    summary: "Import pharmacy claims (documented CSV, CMS PDE pipe-delimited, or FHIR MedicationDispense / C4BB EOB NDJSON) into patients' fills.",
    args: '<file>',
    options: { org: { type: 'string' }, format: { type: 'string' }, crosswalk: { type: 'string' } },
  },
  measures: {
    summary: 'Compute PDC-DR, PDC-RASA, PDC-STA, SUPD, POLY-ACH and COB per member from claim files (no database).',
    options: {
      claims: { type: 'string' },
      members: { type: 'string' },
      inpatient: { type: 'string' },
      year: { type: 'string' },
      out: { type: 'string' },
      'value-sets': { type: 'string' },
      'as-of': { type: 'string' },
      rescue: { type: 'string' },
      crosswalk: { type: 'string' },
      'cut-points': { type: 'string' },
      workers: { type: 'string' },
    },
  },
  'measures-run': {
    summary: "Run the six measures over an organisation's patients in the database, in shards, and store the results (resumable with --resume).",
    options: { org: { type: 'string' }, year: { type: 'string' }, 'as-of': { type: 'string' }, resume: { type: 'string' } },
  },
  'target-run': {
    summary:
      "Run MTM targeting for one program (Part D, or a Medicaid, commercial, employer or clinic panel) over an organisation's patients in the database, in shards; when done, eligible patients not yet in the program are enrolled (never one who opted out, nor one the record could not assess). --out writes the results (Part D: openmtm target's layout; panels: patient_id,member_id,qualifies,criteria); --resume carries on with a run.",
    options: { org: { type: 'string' }, 'program-id': { type: 'string' }, program: { type: 'string' }, year: { type: 'string' }, 'as-of': { type: 'string' }, out: { type: 'string' }, resume: { type: 'string' } },
  },
  work: {
    summary: 'Work on the open shards of running population runs — measures and targeting, every organisation — until none is left; run it on more machines with the same DATABASE_URL to share a run. --follow waits for new runs.',
    options: { follow: { type: 'boolean' } },
  },
  target: {
    summary: 'Medicare Part D MTM targeting per member from claim, member and condition files (no database): eligibility, reason code, date met.',
    options: {
      program: { type: 'string' }, year: { type: 'string' }, claims: { type: 'string' }, members: { type: 'string' },
      conditions: { type: 'string' }, out: { type: 'string' }, 'as-of': { type: 'string' }, 'cost-threshold': { type: 'string' },
      'min-core-diseases': { type: 'string' }, 'min-drugs': { type: 'string' }, contract: { type: 'string' },
      'drug-lookback-days': { type: 'string' }, crosswalk: { type: 'string' }, workers: { type: 'string' },
    },
  },
  screen: {
    summary: 'Screen one patient in a FHIR R4 Bundle for drug therapy problems (no database); prints a JSON array of findings.',
    args: '<bundle.json>',
    options: { 'as-of': { type: 'string' }, patient: { type: 'string' }, knowledge: { type: 'string' } },
  },
  takeaway: {
    summary: 'Write a DRAFT CMR takeaway (cover letter, Medication Action Plan, Personal Medication List; CMS standardized format, English or Spanish) for one patient in a FHIR R4 Bundle, as PDF or HTML (--format, or the --out extension).',
    args: '<bundle.json>',
    options: { lang: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' }, 'as-of': { type: 'string' }, patient: { type: 'string' }, knowledge: { type: 'string' }, pharmacist: { type: 'string' }, contact: { type: 'string' }, plan: { type: 'string' } },
  },
  'mtm-report': {
    summary: 'Write the CMS Part D MTM beneficiary-level file (CSV) for one contract and year from the database; every row is validated and nothing is written when one fails.',
    options: { org: { type: 'string' }, contract: { type: 'string' }, year: { type: 'string' }, out: { type: 'string' } },
  },
  'create-org': { summary: 'Create an organisation.', options: { name: { type: 'string' }, kind: { type: 'string' } } },
  'create-user': {
    summary: 'Create a user; the password is read from standard input.',
    options: { org: { type: 'string' }, username: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
  },
};

export function usage(): string {
  const lines = ['Usage: openmtm <command> [options]', '', 'Commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) {
    const opts = Object.entries(c.options)
      .map(([k, o]) => (o.type === 'boolean' ? `[--${k}]` : `[--${k} VALUE]`))
      .join(' ');
    lines.push(`  ${[name, c.args, opts].filter(Boolean).join(' ')}`, `      ${c.summary}`);
  }
  lines.push(
    '',
    'Environment: PORT (3000), OPENMTM_DATA_DIR (./data, embedded PostgreSQL), DATABASE_URL (use a PostgreSQL server instead),',
    '  OPENMTM_SESSION_MINUTES, OPENMTM_SECURE_COOKIES, OPENMTM_KNOWLEDGE_DIR (user knowledge files), LOG_LEVEL.',
  );
  return lines.join('\n');
}
