// Reads the dose and frequency out of free-text directions ("1 tab po bid", "take 2 tablets by mouth every 6 hours
// as needed", "10 mg at bedtime"), so dose checks work on records that carry only a sig. Anything it cannot read
// stays undefined and the dose rules report "could not assess", never a guess.

export type ParsedSig = {
  /** Units per administration (tablets, capsules, mL, puffs) or mg when `unit` is 'mg'. */
  quantity?: number;
  unit?: string;
  timesPerDay?: number;
  asNeeded: boolean;
};

const WORD_NUMBERS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, half: 0.5, 'one-half': 0.5, 'one half': 0.5 };

// Most specific first: "twice daily" must not be read as "daily", "every 4 to 6 hours" not as "every 4 hours".
const FREQUENCIES: [RegExp, number][] = [
  [/\b(every 4 to 6 hours|every 4-6 hours|q4-6h)\b/, 6],
  [/\b(every other day|qod)\b/, 0.5],
  [/\b(once (a |per )?week|weekly|every week|q\s?week|qwk)\b/, 1 / 7],
  [/\b(q\.?i\.?d\.?|four times (a |per )?day|4 times (a |per )?day|four times daily|every 6 hours|q6h?)\b/, 4],
  [/\b(t\.?i\.?d\.?|three times (a |per )?day|3 times (a |per )?day|three times daily|every 8 hours|q8h?)\b/, 3],
  [/\b(b\.?i\.?d\.?|twice (a |per )?day|twice daily|two times (a |per )?day|2 times (a |per )?day|two times daily|every 12 hours|q12h?)\b/, 2],
  [/\b(every 4 hours|q4h?)\b/, 6],
  [/\b(q\.?d\.?|qd|once (a |per |each )?day|once daily|daily|every day|each day|qam|q\.?am|every morning|in the morning|qhs|q\.?hs|at bedtime|nightly|every night|at night|in the evening|every evening|qpm)\b/, 1],
];

const UNIT = /(tablets?|tabs?|capsules?|caps?|puffs?|inhalations?|sprays?|drops?|patch(?:es)?|ml|mls|milliliters?|units?|mg|mcg|grams?|g|teaspoons?|tsp|applications?|suppositor(?:y|ies)|vials?|pens?|injections?)\b/;

// The same few thousand directions recur across a population; parsing is memoised (pure: same text, same result).
const memo = new Map<string, ParsedSig>();
const MEMO_LIMIT = 50_000;

export function parseSig(text: string | undefined): ParsedSig {
  if (!text) return { asNeeded: false };
  const hit = memo.get(text);
  if (hit) return { ...hit };
  const parsed = parseSigText(text);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(text, parsed);
  return { ...parsed };
}

function parseSigText(text: string): ParsedSig {
  const s = ` ${text.toLowerCase().replace(/\s+/g, ' ')} `;
  const out: ParsedSig = { asNeeded: /\b(prn|as needed|as directed for pain|if needed|when needed)\b/.test(s) };
  // "every N hours" generically (after the named forms, which include ranges)
  for (const [re, n] of FREQUENCIES) {
    if (re.test(s)) { out.timesPerDay = n; break; }
  }
  if (out.timesPerDay === undefined) {
    const everyHours = /\bevery (\d+) ?(?:hours|hrs?|h)\b|\bq(\d+)h\b/.exec(s);
    const hours = Number(everyHours?.[1] ?? everyHours?.[2]);
    if (hours > 0 && hours <= 24) out.timesPerDay = 24 / hours;
    const timesDay = /\b(\d+) times (?:a|per) day\b/.exec(s);
    if (timesDay) out.timesPerDay = Number(timesDay[1]);
  }
  // quantity: "take 1 tablet", "1-2 tabs" (upper bound: dose checks look at the most the sig allows), "½ tab", "10 mg"
  const q = new RegExp(`(\\d+(?:\\.\\d+)?|\\d+/\\d+|½|one-half|one half|half|one|two|three|four|five|six)(?:\\s?(?:-|to|or)\\s?(\\d+(?:\\.\\d+)?))?\\s?${UNIT.source}`).exec(s);
  if (q) {
    const raw = q[2] ?? q[1] ?? '';
    out.quantity = raw === '½' ? 0.5 : raw.includes('/') ? Number(raw.split('/')[0]) / Number(raw.split('/')[1]) : WORD_NUMBERS[raw] ?? Number(raw);
    out.unit = normaliseUnit(q[3] ?? '');
  }
  return out;
}

function normaliseUnit(u: string): string {
  if (/^(tablets?|tabs?)$/.test(u)) return 'tablet';
  if (/^(capsules?|caps?)$/.test(u)) return 'capsule';
  if (/^(ml|mls|milliliters?)$/.test(u)) return 'mL';
  if (/^(teaspoons?|tsp)$/.test(u)) return 'teaspoon';
  if (/^(grams?|g)$/.test(u)) return 'g';
  if (/^units?$/.test(u)) return 'unit';
  if (/^puffs?|inhalations?$/.test(u)) return 'puff';
  return u.replace(/s$/, '');
}
