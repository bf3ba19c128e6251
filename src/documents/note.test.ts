import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Encounter } from '../domain/encounters.ts';
import { ageOn, checkNoteTemplate, DEFAULT_NOTE_TEMPLATE, NoteTemplateError, renderNote, type NoteData } from './note.ts';

const encounter: Encounter = {
  id: 'e1', patientId: 'p1', kind: 'cmr', status: 'signed', version: 9, deliveryMethod: 'phone', recipient: 'caregiver',
  cognitiveImpairment: true, longTermCare: false, focus: null, goals: 'Blood pressure under 130/80',
  followUpDate: '2026-07-15', followUpNote: 'Call about kidney labs', createdBy: 'u1', createdByName: 'Ann Pharm',
  createdAt: '2026-06-15T15:00:00.000Z', signedBy: 'u1', signedByName: 'Ann Pharm', signedAt: '2026-06-15T15:10:00.000Z',
  takeawaySentAt: '2026-06-16', takeawaySentMethod: 'mail', takeawayDueDate: '2026-06-29',
  problems: [
    { id: 'pr1', ruleId: 'r1', category: 'adverse-drug-reaction', severity: 'high', title: 'NSAID with ACE inhibitor and diuretic', summary: 'Kidney injury risk.',
      drugs: ['lisinopril', 'naproxen'], recommendation: 'Stop naproxen; use acetaminophen.', patientText: 'x', decision: 'accepted', dismissReason: null, onActionPlan: true },
    { id: 'pr2', ruleId: 'r2', category: 'non-adherence', severity: 'low', title: 'Late refills', summary: 's', drugs: [], recommendation: 'r',
      patientText: 'x', decision: 'dismissed', dismissReason: 'Mail order delay, resolved', onActionPlan: false },
  ],
  interventions: [
    { id: 'i1', problemId: 'pr1', kind: 'prescriber-recommendation', detail: 'Faxed Dr Cho to stop naproxen', teachBack: false, createdAt: '2026-06-15T15:00:00.000Z' },
    { id: 'i2', problemId: null, kind: 'education', detail: 'Pill box use', teachBack: true, createdAt: '2026-06-15T15:00:00.000Z' },
  ],
  reconciliation: [
    { medicationId: 'm1', action: 'changed-sig', note: 'moved to evening', newSig: 'Take 1 tablet every evening', previousSig: 'Take 1 tablet daily', addedInReview: false },
    { medicationId: 'm3', action: 'confirmed', note: null, newSig: null, previousSig: null, addedInReview: true },
  ],
  previousReview: null,
  time: [
    { id: 't1', activity: 'prework', minutes: 10, userName: 'Ann Pharm', createdAt: '2026-06-15T15:00:00.000Z' },
    { id: 't2', activity: 'interview', minutes: 25, userName: 'Ann Pharm', createdAt: '2026-06-15T15:00:00.000Z' },
    { id: 't3', activity: 'prework', minutes: 5, userName: 'Ann Pharm', createdAt: '2026-06-15T15:00:00.000Z' },
  ],
  totalMinutes: 40,
  addenda: [{ id: 'a1', text: 'Naproxen stopped.', userName: 'Ann Pharm', createdAt: '2026-06-16T09:30:00.000Z' }],
};

const data: NoteData = {
  encounter,
  patient: { name: 'Rosa Alvarez', birthDate: '1948-03-02', sex: 'female' },
  organization: 'Alpha Pharmacy',
  medications: [
    { id: 'm1', display: 'lisinopril 10 MG Oral Tablet', sig: 'Take 1 tablet daily', status: 'active' },
    { id: 'm2', display: 'naproxen 220 MG', sig: null, status: 'stopped' },
    { id: 'm3', display: "St. John's wort 300 MG", sig: 'one capsule daily', status: 'active' },
  ],
  conditions: ['Hypertension'],
  allergies: ['Penicillin: rash'],
};

describe('structured note', () => {
  it('renders the default SOAP template with problems, plan, time by activity and the signer', () => {
    const note = renderNote(DEFAULT_NOTE_TEMPLATE, data);
    assert.deepEqual(note.sections.map((s) => s.title), [null, 'Subjective', 'Objective', 'Assessment', 'Plan', 'Time', 'Signature']);
    const section = (t: string) => note.sections.find((s) => s.title === t)!.text;
    assert.match(note.sections[0]!.text, /^Comprehensive medication review \(CMR\): 2026-06-15\nPatient: Rosa Alvarez \(born 1948-03-02, age 78, female\)/);
    assert.match(section('Subjective'), /Delivery: Telephone; recipient: Caregiver/);
    assert.match(section('Subjective'), /Cognitive impairment: yes; long-term care: no/);
    assert.match(section('Objective'), /- lisinopril 10 MG Oral Tablet: Take 1 tablet every evening/);
    assert.match(section('Objective'), /- lisinopril 10 MG Oral Tablet: directions changed; new directions "Take 1 tablet every evening" \(was "Take 1 tablet daily"\); moved to evening/);
    assert.match(section('Objective'), /- St\. John's wort 300 MG: confirmed; reported by the patient and added at this review/);
    assert.ok(!section('Objective').includes('naproxen 220 MG:'), 'stopped medication not in the active list');
    assert.match(section('Assessment'), /1\. NSAID with ACE inhibitor and diuretic \[high severity; adverse-drug-reaction\] \(lisinopril, naproxen\)\n {3}Assessment: Kidney injury risk\.\n {3}Plan: Stop naproxen; use acetaminophen\.\n {3}Intervention: \[Recommendation to prescriber\] Faxed Dr Cho/);
    assert.match(section('Assessment'), /- Late refills: Mail order delay, resolved/);
    assert.match(section('Plan'), /Education:\n- \[Education, teach-back confirmed\] Pill box use/);
    assert.match(section('Plan'), /Written summary: Sent 2026-06-16 by mail/);
    assert.match(section('Plan'), /Follow-up: 2026-07-15: Call about kidney labs/);
    assert.equal(section('Time'), '- Prework: 15 min\n- Interview: 25 min\nTotal: 40 min');
    assert.match(section('Signature'), /Electronically signed by Ann Pharm on 2026-06-15 15:10 UTC\nAddenda:\n- 2026-06-16 09:30 UTC, Ann Pharm: Naproxen stopped\./);
    assert.ok(note.text.includes('\nTime\n- Prework: 15 min'), 'headings in the text without ##');
    assert.ok(note.text.endsWith('\n') && !note.text.includes('\n\n\n'), 'the note ends with one newline and has no run of blank lines');
  });

  it('says what is missing on an unsigned TMR', () => {
    const tmr: Encounter = { ...encounter, kind: 'tmr', status: 'in-progress', signedBy: null, signedByName: null, signedAt: null, takeawayDueDate: null,
      takeawaySentAt: null, takeawaySentMethod: null, focus: 'Knee pain', goals: null, followUpDate: null, followUpNote: null, time: [], totalMinutes: 0, addenda: [], problems: [], interventions: [], deliveryMethod: null };
    const note = renderNote('{{encounter.kind}} | {{encounter.focus}} | {{goals}} | {{signer}} | {{takeaway}} | {{followUp}} | {{time.byActivity}} | {{delivery.method}} | {{problems.accepted}}', { ...data, encounter: tmr });
    assert.equal(note.text, 'Targeted medication review (TMR) | Knee pain | None recorded. | Not signed (in progress); documented by Ann Pharm | Not required | None scheduled. | None recorded. | Not recorded | No drug therapy problems accepted.\n');
    assert.deepEqual(note.sections, [{ title: null, text: note.text.trimEnd() }]);
  });

  it('accepts placeholders with inner spaces and rejects unknown or unclosed ones with their position', () => {
    assert.deepEqual(checkNoteTemplate(DEFAULT_NOTE_TEMPLATE), []);
    assert.deepEqual(checkNoteTemplate('Hi {{ patient.name }}'), []);
    assert.deepEqual(checkNoteTemplate('Line one\n  Dx: {{diagnosis}} and {{patient.nam}}'), [
      { placeholder: 'diagnosis', line: 2, column: 7, message: 'unknown placeholder {{diagnosis}} at line 2, column 7' },
      { placeholder: 'patient.nam', line: 2, column: 25, message: 'unknown placeholder {{patient.nam}} at line 2, column 25' },
    ]);
    const unclosed = checkNoteTemplate('A {{goals\nB {{signer}}');
    assert.equal(unclosed.length, 1);
    assert.equal(unclosed[0]!.message, 'unclosed placeholder "{{goals" at line 1, column 3: close it with }}');
    assert.equal(checkNoteTemplate('  \n')[0]!.message, 'the template is empty');
    assert.throws(() => renderNote('{{nope}}', data), (e: unknown) => e instanceof NoteTemplateError && e.issues[0]!.placeholder === 'nope');
  });

  it('computes age on the encounter day', () => {
    assert.equal(ageOn('1948-03-02', '2026-03-01'), 77);
    assert.equal(ageOn('1948-03-02', '2026-03-02'), 78);
  });
});
