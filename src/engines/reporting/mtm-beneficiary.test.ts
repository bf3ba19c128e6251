import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveReportingFields, mtmReportCsv, MTM_REPORT_COLUMNS, validateReportingFields, type BeneficiarySource, type SourceEncounter } from './mtm-beneficiary.ts';

const enc = (o: Partial<SourceEncounter>): SourceEncounter => ({
  kind: 'cmr', status: 'signed', date: '2026-03-10', deliveryMethod: 'phone', recipient: 'patient', cognitiveImpairment: false, longTermCare: false,
  takeawaySentAt: '2026-03-12', prescriberRecommendations: 0, cpaChanges: 0, ...o,
});

const base: BeneficiarySource = {
  patientId: 'p1', firstName: 'Rosa', lastName: 'Alvarez, Jr', birthDate: '1948-03-02', cognitiveImpairment: 'unknown', longTermCare: false,
  enrollments: [{ programName: 'Part D 2026', programContract: null, enrolledOn: '2026-02-01', optedOutOn: null, optOutReason: null }],
  coverages: [{ contractId: 'H1234', pbpId: '001', memberId: '1EG4TE5MK73', startDate: '2025-01-01', endDate: null }],
  encounters: [],
  cmrOfferDays: [],
};

describe('MTM beneficiary reporting fields', () => {
  it('counts a CMR only once signed with its summary sent, and takes method, recipient and summary date from the first', () => {
    const src: BeneficiarySource = {
      ...base,
      cmrOfferDays: ['2026-02-03'],
      encounters: [
        enc({ date: '2026-03-10', deliveryMethod: 'video', recipient: 'caregiver', cognitiveImpairment: true, prescriberRecommendations: 2, cpaChanges: 1 }),
        enc({ kind: 'tmr', date: '2026-05-01', takeawaySentAt: null, deliveryMethod: null, recipient: null, prescriberRecommendations: 1 }),
        enc({ kind: 'tmr', date: '2026-08-01', takeawaySentAt: null }),
        enc({ date: '2026-09-01', takeawaySentAt: null }),
        enc({ date: '2026-10-01', status: 'documented', prescriberRecommendations: 5 }),
      ],
    };
    const f = deriveReportingFields(src, 2026, 'H1234')!;
    assert.deepEqual(
      [f.contract, f.pbp, f.memberId, f.cmrOffered, f.cmrOfferDate, f.cmrReceived, f.cmrCount, f.cmrDates, f.cmrDeliveryMethod, f.cmrRecipient, f.writtenSummaryDate],
      ['H1234', '001', '1EG4TE5MK73', 'Y', '2026-02-03', 'Y', 1, ['2026-03-10'], '03', '03', '2026-03-12'],
    );
    assert.deepEqual([f.tmrCount, f.firstTmrDate, f.prescriberRecommendations, f.therapyChanges, f.cognitiveImpairment, f.longTermCare], [2, '2026-05-01', 3, 1, 'Y', 'N']);
    assert.deepEqual(f.notes, ['1 signed CMR not counted: written summary not sent yet', '1 unsigned encounter not counted']);
    assert.deepEqual(validateReportingFields(f, 2026), []);
  });

  it('reports under the program contract first, and not at all under another contract', () => {
    const src = { ...base, enrollments: [{ ...base.enrollments[0]!, programContract: 'S5678' }] };
    assert.equal(deriveReportingFields(src, 2026, 'H1234'), undefined);
    assert.equal(deriveReportingFields(src, 2026, 'S5678')!.contract, 'S5678');
    assert.equal(deriveReportingFields({ ...base, enrollments: [] }, 2026)!.enrolled, false);
  });

  it('names the member and field of every invalid value', () => {
    const f = deriveReportingFields({ ...base, encounters: [enc({ date: '2026-12-30', takeawaySentAt: '2027-01-02' })] }, 2026)!;
    assert.deepEqual(validateReportingFields(f, 2026), [
      { memberId: '1EG4TE5MK73', column: 'written_summary_date', message: 'member 1EG4TE5MK73: written_summary_date 2027-01-02 is outside 2026' },
    ]);
    const bad = { ...f, tmrCount: -1, optOutReason: '07' as '01', optOutDate: '2026-01-15', cmrDeliveryMethod: '05' as '01', memberId: null };
    const columns = validateReportingFields(bad, 2026).map((i) => i.column);
    assert.deepEqual(columns, ['mbi', 'opt_out_date', 'opt_out_reason', 'cmr_delivery_method', 'written_summary_date', 'tmr_count']);
    assert.ok(validateReportingFields(bad, 2026).every((i) => i.memberId === 'patient p1'), 'without an MBI every issue names the member by patient id');
  });

  it('writes RFC 4180 CSV with the documented columns', () => {
    const f = deriveReportingFields({ ...base, encounters: [enc({})] }, 2026)!;
    const csv = mtmReportCsv([f]);
    const [header, row] = csv.split('\r\n');
    assert.equal(header, MTM_REPORT_COLUMNS.map((c) => c.column).join(','));
    assert.equal(row, 'H1234,001,1EG4TE5MK73,Rosa,"Alvarez, Jr",1948-03-02,U,N,2026-02-01,,,Y,2026-03-10,Y,1,2026-03-10,02,01,2026-03-12,0,,0,0');
  });
});
