// Turns the one search box a pharmacist types into ("smith", "Smith, Jo", "1948-03-02", "03/02/1948", "H1234-0001")
// into structured criteria. Pure.

export type PatientQuery = {
  nameTokens: string[];
  lastName?: string;
  firstName?: string;
  birthDate?: string;
  memberId?: string;
};

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

export function parsePatientQuery(raw: string | undefined): PatientQuery {
  const result: PatientQuery = { nameTokens: [] };
  const text = (raw ?? '').trim();
  if (!text) return result;
  const words = text.split(/\s+/);
  const rest: string[] = [];
  for (const w of words) {
    const us = US.exec(w);
    if (ISO.test(w)) result.birthDate = w;
    else if (us) result.birthDate = `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}`;
    else if (/\d/.test(w)) result.memberId = w;
    else rest.push(w);
  }
  const name = rest.join(' ');
  if (name.includes(',')) {
    const [last, first] = name.split(',', 2).map((s) => s.trim());
    if (last) result.lastName = last;
    if (first) result.firstName = first;
  } else if (name) {
    result.nameTokens = rest;
  }
  return result;
}
