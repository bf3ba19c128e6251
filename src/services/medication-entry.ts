// The checks a new chart medication passes wherever it is entered — the chart's "Add medication" or a review's
// "Add OTC, herbal or supplement" — so a review can never add what the chart would refuse: a prescriber of the
// organisation, dates between the patient's birth and today.
import type { MedicationInput } from '../domain/clinical.ts';
import { ValidationError } from '../domain/errors.ts';
import { insertMedication, prescriberInOrg, type RecordedFrom } from '../store/clinical.repository.ts';
import type { Queryable } from '../store/db.ts';

/** A clinical date must fall between the patient's birth and today. */
export class DateBounds {
  constructor(
    readonly birthDate: string,
    readonly today: string,
  ) {}
  check(date: string | null | undefined, pointer: string): void {
    if (!date) return;
    if (date > this.today) throw new ValidationError('Date is in the future', [{ pointer, message: `must not be after today (${this.today})` }]);
    if (date < this.birthDate)
      throw new ValidationError('Date is before birth', [{ pointer, message: `must not be before the patient's date of birth (${this.birthDate})` }]);
  }
}

export async function checkPrescriber(q: Queryable, orgId: string, prescriberId: string | null | undefined) {
  if (prescriberId && !(await prescriberInOrg(q, orgId, prescriberId))) {
    throw new ValidationError('Unknown prescriber', [{ pointer: '/prescriberId', message: 'no such prescriber in your organisation' }]);
  }
}

type Ctx = { orgId: string; patientId: string; userId: string; now: Date };

/** Checks, then inserts; returns the new medication's id. Call inside the caller's transaction. */
export async function insertCheckedMedication(q: Queryable, c: Ctx, dates: DateBounds, input: MedicationInput, recordedFrom: RecordedFrom = 'manual') {
  await checkPrescriber(q, c.orgId, input.prescriberId);
  dates.check(input.startDate, '/startDate');
  return insertMedication(q, c, input, recordedFrom);
}
