// The product classifier for measure runs: the shipped open PQA-aligned lists, or a licensed value-set file.
import fs from 'node:fs';
import { ValidationError } from '../domain/errors.ts';
import type { ProductClassifier } from '../jobs/measures-from-files.ts';
import { ClassOverrideError, classKeysForProduct, loadClassOverride, toClassKeys } from '../knowledge/measure-classes.ts';

export function productClassifier(valueSetFile: string | undefined): ProductClassifier {
  if (!valueSetFile) return (code) => classKeysForProduct(code);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(valueSetFile, 'utf8'));
  } catch (err) {
    throw new ValidationError(`${valueSetFile}: ${(err as Error).message}`);
  }
  let licensed: ReturnType<typeof loadClassOverride>;
  try {
    licensed = loadClassOverride(json);
  } catch (err) {
    if (err instanceof ClassOverrideError) throw new ValidationError(`${valueSetFile}: ${err.message}`);
    throw err;
  }
  return (code) => {
    const c = licensed.classify(code);
    return c && toClassKeys(c, code);
  };
}
