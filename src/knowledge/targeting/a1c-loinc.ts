// Which lab results count as a hemoglobin A1c for panel program criteria ("A1c > 9%"). The three LOINC codes are the
// NGSP-style results reported as a percentage (mass fraction of total hemoglobin), the way US laboratories report
// A1c, and the same three the shipped screening knowledge uses for its A1c rules (screening/care-gaps.json
// monitor.a1c-diabetes, lab.a1c-above-goal). Left out on purpose: 59261-8 (IFCC protocol, mmol/mol — a different
// scale, about ten times the percentage) and 17855-8 (calculated, not measured).
export const A1C_LOINC: readonly string[] = [
  '4548-4', // Hemoglobin A1c/Hemoglobin.total in Blood
  '17856-6', // Hemoglobin A1c/Hemoglobin.total in Blood by HPLC
  '4549-2', // Hemoglobin A1c/Hemoglobin.total in Blood by Electrophoresis
];

/** Results in these units (or with none recorded) are read as percent; any other unit is not an A1c in %. */
export const A1C_PERCENT_UNITS: readonly string[] = ['%'];

export const A1C_LOINC_PROVENANCE = {
  source:
    'Regenstrief LOINC (https://loinc.org/4548-4/, https://loinc.org/17856-6/, https://loinc.org/4549-2/); listed together in HL7 ' +
    'Vulcan RWD ValueSet ExampleHbA1cTestCodes (http://hl7.org/fhir/uv/vulcan-rwd/ValueSet/ExampleHbA1cTestCodes)',
  version: 'LOINC 2.67+',
  retrieved: '2026-12-04',
} as const;
