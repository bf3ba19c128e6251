// Typed loader for the Part D MTM core chronic diseases (partd-core-diseases.json; PRODUCT.md §5.1). The JSON is
// our own, validated once at load so a bad edit fails at start-up, not mid-run. Matching is pure and cheap: ICD-10-CM
// by prefix (codes without the dot), SNOMED CT by exact concept code (no hierarchy is available offline, so a
// descendant concept not listed here does not match — list it, or map to ICD-10-CM).
import { z } from 'zod';
import data from './partd-core-diseases.json' with { type: 'json' };

const groupSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9-]*$/),
    label: z.string().min(1),
    fromYear: z.number().int(),
    icd10: z.array(z.string().regex(/^[A-Z][0-9][0-9A-Z][0-9A-Z]{0,4}$/)).min(1),
    snomed: z.array(z.string().regex(/^[1-9][0-9]{5,17}$/)).min(1),
    note: z.string().optional(),
  })
  .strict();

const fileSchema = z
  .object({
    intent: z.string(),
    version: z.string(),
    retrieved: z.string(),
    source: z.string(),
    changelog: z.array(z.string()),
    groups: z.array(groupSchema).min(1),
  })
  .strict();

export type CoreDiseaseGroup = z.infer<typeof groupSchema>;
export type ConditionSystem = 'icd10' | 'snomed';

const file = fileSchema.parse(data);

export const CORE_DISEASES_PROVENANCE = { source: file.source, version: file.version, retrieved: file.retrieved } as const;

/** All groups in file order (the order used when listing a member's groups). */
export const CORE_DISEASE_GROUPS: readonly CoreDiseaseGroup[] = file.groups;

const snomedIndex = new Map<string, string[]>();
for (const g of file.groups) for (const c of g.snomed) snomedIndex.set(c, [...(snomedIndex.get(c) ?? []), g.key]);

/** ICD-10-CM as stored: upper case, no dot. */
export function normalizeIcd10(code: string): string {
  return code.trim().toUpperCase().replace('.', '');
}

const fromYear = new Map(file.groups.map((g) => [g.key, g.fromYear]));
const icd10Index = new Map<string, string[]>();
for (const g of file.groups) for (const p of g.icd10) icd10Index.set(p, [...(icd10Index.get(p) ?? []), g.key]);
const memo = new Map<string, readonly string[]>();

/**
 * The core disease groups a diagnosis code belongs to in a contract year (a group counts only from its
 * `fromYear`: HIV/AIDS from 2025). Usually zero or one; a code can sit in two groups (none does today).
 * Memoised: a population has few distinct codes and many members.
 */
export function coreDiseaseGroupsOf(code: string, system: ConditionSystem, year: number): readonly string[] {
  const memoKey = `${system}|${code}|${year}`;
  const hit = memo.get(memoKey);
  if (hit) return hit;
  const found = new Set<string>();
  if (system === 'snomed') for (const k of snomedIndex.get(code.trim()) ?? []) found.add(k);
  else {
    const c = normalizeIcd10(code);
    for (let n = 1; n <= c.length; n++) for (const k of icd10Index.get(c.slice(0, n)) ?? []) found.add(k);
  }
  const keys = [...found].filter((k) => (fromYear.get(k) ?? Infinity) <= year);
  if (memo.size < 100_000) memo.set(memoKey, keys);
  return keys;
}

/** Number of core chronic diseases CMS defines in a year (9 before 2025, 10 from 2025). */
export function coreDiseaseCount(year: number): number {
  return file.groups.filter((g) => g.fromYear <= year).length;
}
