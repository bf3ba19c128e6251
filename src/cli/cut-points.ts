// Loads a star cut-point file for `openmtm measures --cut-points`.
import fs from 'node:fs';
import { ValidationError } from '../domain/errors.ts';
import { cutPointsFile, type CutPoints } from '../engines/adherence/star-rating.ts';

export function loadCutPoints(file: string | undefined): CutPoints | undefined {
  if (!file) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ValidationError(`${file}: ${(err as Error).message}`);
  }
  const r = cutPointsFile.safeParse(json);
  if (!r.success) {
    const issues = r.error.issues.map((i) => ({ pointer: '/' + i.path.join('/'), message: i.message }));
    throw new ValidationError(`${file}: ${issues.map((i) => `${i.pointer}: ${i.message}`).join('; ')}`, issues);
  }
  return r.data;
}
