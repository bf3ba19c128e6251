// The CMR takeaway end to end: a FHIR Bundle with 25 active medications → model → PDF and HTML in English and
// Spanish, checked with poppler (pdftotext, pdfinfo) for the fixed wording, every medication, page numbers,
// pagination without clipped text and font sizes of at least 12 pt; the Synthea hypertensive patient's
// NSAID + ACE inhibitor + diuretic problem becomes the first action item; bad CLI arguments leave no file behind.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import zlib from 'node:zlib';
import type { DtpFinding } from '../domain/screening.ts';
import { ndjsonToBundles } from '../interop/fhir-r4.ts';
import { DRUGS } from '../synthetic/catalog/drugs.ts';
import { takeawayCommand, takeawayModelFromFile, TakeawayUsageError } from '../cli/takeaway.ts';
import { STRINGS, type Lang } from './strings.ts';
import { actionItems } from './takeaway-model.ts';
import { MIN_FONT_SIZE, PDF_FONT_SIZES } from './takeaway-pdf.ts';

const SYNTHEA = path.resolve(import.meta.dirname, '../../../shared/data/synthea-sample');
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openmtm-takeaway-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const LONG_SIG = 'Take 1 tablet by mouth twice daily with food; if you miss a dose take it as soon as you remember unless it is almost time for the next dose, then skip the missed dose and go back to your usual schedule';

/** 25 catalog products, one per therapeutic class, as active MedicationRequests; plus conditions and an allergy. */
function polypharmacyBundle(): { file: string; names: string[] } {
  const seen = new Set<string>();
  const drugs = DRUGS.filter((d) => d.rxcui !== null && !seen.has(d.drugClass) && seen.add(d.drugClass)).slice(0, 25);
  assert.equal(drugs.length, 25);
  const subject = { reference: 'Patient/pp' };
  const entry = [
    { resource: { resourceType: 'Patient', id: 'pp', birthDate: '1944-03-09', gender: 'female', name: [{ use: 'official', given: ['Maria', 'Guadalupe'], family: 'Hernández-Villanueva' }], address: [{ line: ['12 Elm Street', 'Apt 3'], city: 'Springfield', state: 'IL', postalCode: '62701' }] } },
    { resource: { resourceType: 'Condition', id: 'c1', subject, clinicalStatus: { coding: [{ code: 'active' }] }, code: { coding: [{ system: 'http://snomed.info/sct', code: '59621000', display: 'Essential hypertension' }] } } },
    { resource: { resourceType: 'Condition', id: 'c2', subject, clinicalStatus: { coding: [{ code: 'active' }] }, code: { coding: [{ system: 'http://snomed.info/sct', code: '44054006', display: 'Diabetes mellitus type 2' }] } } },
    { resource: { resourceType: 'AllergyIntolerance', id: 'a1', patient: subject, code: { text: 'Penicillin' } } },
    ...drugs.map((d, i) => ({
      resource: {
        resourceType: 'MedicationRequest', id: `m${i}`, status: 'active', intent: 'order', subject, authoredOn: '2025-06-01',
        medicationCodeableConcept: { coding: [{ system: RXNORM, code: d.rxcui, display: d.display }] },
        requester: { display: 'Dr. Ana López' },
        ...(i === 0 ? { reasonReference: [{ display: 'Essential hypertension' }] } : {}),
        dosageInstruction: [{ text: i === 1 ? LONG_SIG : d.sig }],
      },
    })),
  ];
  const file = path.join(tmp, 'polypharmacy.json');
  fs.writeFileSync(file, JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry }));
  return { file, names: drugs.map((d) => d.display) };
}

function poppler(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `${cmd} failed: ${r.stderr}`);
  return r.stdout;
}
const squash = (s: string) => s.replace(/\s+/g, ' ');
const pdfPages = (file: string) => poppler('pdftotext', ['-raw', file, '-']).split('\f').slice(0, -1);

/** Every font size set with Tf in the PDF's (Flate-compressed or plain) content streams. */
function fontSizesIn(pdf: Buffer): number[] {
  const sizes: number[] = [];
  let at = 0;
  for (;;) {
    const start = pdf.indexOf('stream', at);
    if (start < 0) break;
    const bodyStart = start + (pdf[start + 6] === 0x0d ? 8 : 7);
    const end = pdf.indexOf('endstream', bodyStart);
    if (end < 0) break;
    const raw = pdf.subarray(bodyStart, end);
    let text: string;
    try {
      text = zlib.inflateSync(raw).toString('latin1');
    } catch {
      text = raw.toString('latin1');
    }
    for (const m of text.matchAll(/\/\S+\s+([\d.]+)\s+Tf\b/g)) sizes.push(Number(m[1]));
    at = end + 9;
  }
  return sizes;
}

describe('CMR takeaway for a patient with 25 active medications', () => {
  const { file, names } = polypharmacyBundle();

  for (const lang of ['en', 'es'] as const) {
    it(`PDF in ${lang}: fixed wording, every medication, "Page X of Y", each document on a new page, nothing clipped`, async (t) => {
      const s = STRINGS[lang];
      const out = path.join(tmp, `poly-${lang}.pdf`);
      const t0 = performance.now();
      const r = await takeawayCommand({ file, lang, out, asOf: '2026-11-25' });
      t.diagnostic(`${lang} PDF for 25 medications: ${(performance.now() - t0).toFixed(0)} ms (read + screen + layout + write), ${r.bytes} bytes`);
      assert.equal(r.medications, 25);
      const pages = pdfPages(out);
      const count = Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', [out]))?.[1]);
      assert.equal(pages.length, count);
      assert.ok(count >= 8, `25 medications need several pages, got ${count}`);
      assert.match(poppler('pdfinfo', [out]), /Page size:\s+612 x 792 pts \(letter\)/);
      pages.forEach((p, i) => {
        assert.ok(squash(p).includes(s.page(i + 1, count)), `page ${i + 1} has "${s.page(i + 1, count)}"`);
        assert.ok(squash(p).includes(s.draftBanner), `page ${i + 1} has the draft banner`);
      });
      const all = squash(pages.join(' '));
      assert.ok(all.includes(lang === 'en' ? 'Page 1 of' : 'Página 1 de'), 'the first page says "Page 1 of" in the document\'s language');
      for (const fixed of [s.coverTitle, s.thanks('November 25, 2026').slice(0, 20), s.talkedAbout, s.needToDo, s.didAndWhen, s.followUp, s.questions, s.medication, s.howIUse, s.whyIUse, s.prescriber, s.dateStarted, s.dateStopped, s.whyStopped, s.otherInformation, s.disposalTitle, s.allergies, ...s.coverBullets, ...s.disposal]) {
        assert.ok(all.includes(squash(fixed)), `missing fixed text: ${fixed}`);
      }
      assert.ok(all.includes(s.pmlTitle('Maria Guadalupe Hernández-Villanueva')), 'the Personal Medication List title names the patient');
      assert.ok(all.includes(s.mapTitle('Maria Guadalupe Hernández-Villanueva')), 'the Medication Action Plan title names the patient');
      assert.ok(all.includes(lang === 'en' ? 'March 9, 1944' : '9 de marzo de 1944'), 'the date of birth is written out in the document\'s language');
      assert.ok(all.includes(s.pmlMadeFor(s.defaultSources(lang === 'en' ? 'November 25, 2026' : '25 de noviembre de 2026'))), 'the medication list says what it was made from and when');
      assert.ok(all.includes('Penicillin') && all.includes('Dr. Ana López') && all.includes('Essential hypertension'), 'the allergy, the prescriber and the condition appear in the PDF');
      for (const n of names) assert.ok(all.includes(n), `medication ${n} is listed`);
      assert.ok(all.includes(squash(LONG_SIG)), 'a long sig is wrapped, not cut');
      // each document starts on its own page, right under the banner
      for (const title of [s.coverTitle, s.mapTitle('Maria'), s.pmlTitle('Maria')]) {
        const page = pages.find((p) => squash(p).includes(title));
        assert.ok(page, title);
        assert.ok(squash(page).replace(s.draftBanner, '').trim().startsWith(title), `${title} starts a page`);
      }
      // nothing drawn outside the page margins (clipped or cut text)
      const bbox = poppler('pdftotext', ['-bbox', out, '-']);
      let words = 0;
      for (const m of bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">/g)) {
        const [x0, y0, x1, y1] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
        words++;
        assert.ok(x0 >= 36 && x1 <= 612 - 36 && y0 >= 20 && y1 <= 792 - 20, `word at ${x0},${y0}-${x1},${y1} is off the page`);
      }
      assert.ok(words > 500, 'more than 500 words were laid out, so the page-margin check saw the text');
    });
  }

  it('uses no font smaller than 12 pt', () => {
    assert.ok(MIN_FONT_SIZE >= 12, JSON.stringify(PDF_FONT_SIZES));
    const sizes = fontSizesIn(fs.readFileSync(path.join(tmp, 'poly-en.pdf')));
    assert.ok(sizes.length > 100, 'font size operators found');
    assert.ok(sizes.every((x) => x >= 12), `sizes used: ${[...new Set(sizes)].join(', ')}`);
    assert.ok(sizes.some((x) => x > 12), 'headings are larger');
  });

  for (const lang of ['en', 'es'] as const) {
    it(`HTML in ${lang} has the same content and lang="${lang}"`, async () => {
      const s = STRINGS[lang];
      const out = path.join(tmp, `poly-${lang}.html`);
      const r = await takeawayCommand({ file, lang, out, asOf: '2026-11-25' });
      assert.equal(r.format, 'html');
      const html = fs.readFileSync(out, 'utf8');
      assert.match(html, new RegExp(`<html lang="${lang}">`));
      assert.match(html, /font-size: 1[2-9]pt/);
      assert.doesNotMatch(html, /font-size: ([0-9]|1[01])(\.\d+)?pt/);
      const text = html.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
      for (const fixed of [s.coverTitle, s.talkedAbout, s.needToDo, s.didAndWhen, s.followUp, s.questions, s.medication, s.whyStopped, s.otherInformation, s.disposalTitle, s.draftBanner, ...s.disposal]) {
        assert.ok(text.includes(fixed), `missing fixed text: ${fixed}`);
      }
      for (const n of names) assert.ok(text.includes(n), n);
      assert.equal(html.match(/<section class="document"/g)?.length, 3);
    });
  }

  it('is deterministic: the same input gives the same bytes', async () => {
    const a = path.join(tmp, 'det-a.pdf');
    const b = path.join(tmp, 'det-b.pdf');
    await takeawayCommand({ file, lang: 'en', out: a, asOf: '2026-11-25' });
    await takeawayCommand({ file, lang: 'en', out: b, asOf: '2026-11-25' });
    assert.deepEqual(fs.readFileSync(a), fs.readFileSync(b));
  });
});

describe('action-plan items', () => {
  const f = (ruleId: string, severity: DtpFinding['severity'], status: DtpFinding['status'] = 'problem') => ({ ruleId, severity, status }) as DtpFinding;

  it('takes problems only, high and moderate first, at most six', () => {
    const picked = actionItems([f('a', 'low'), f('b', 'high', 'could-not-assess'), f('c', 'moderate'), f('d', 'high'), f('e', 'low'), f('g', 'low'), f('h', 'low'), f('i', 'low'), f('j', 'low')]);
    assert.deepEqual(picked.map((x) => x.ruleId), ['d', 'c', 'a', 'e', 'g', 'h']);
  });

  it('turns the Synthea hypertensive patient\'s NSAID + ACE inhibitor + diuretic problem into the first item', async () => {
    const files = fs.readdirSync(SYNTHEA).filter((n) => n.endsWith('.ndjson')).sort().map((name) => ({ name, text: fs.readFileSync(path.join(SYNTHEA, name), 'utf8') }));
    const b = ndjsonToBundles(files).find((x) => x.patientId.startsWith('6a4160eb'));
    assert.ok(b, 'the Synthea sample has the hypertensive patient 6a4160eb');
    const file = path.join(tmp, 'synthea-htn.json');
    fs.writeFileSync(file, JSON.stringify(b.bundle));
    for (const lang of ['en', 'es'] as Lang[]) {
      const { model } = takeawayModelFromFile({ file, lang, out: undefined, asOf: '2026-11-25' });
      assert.equal(model.actionItemRules[0], 'ddi.nsaid-ras-diuretic-triple-whammy');
      assert.ok(model.actionItemRules.length <= 6, 'at most six action items');
      if (lang === 'es') assert.ok(model.reviewNotes.some((n) => /in English/.test(n)), 'the Spanish takeaway tells the reviewer which parts stay in English');
    }
    const out = path.join(tmp, 'synthea-htn.pdf');
    await takeawayCommand({ file, lang: 'en', out, asOf: '2026-11-25' });
    const text = squash(pdfPages(out).join(' '));
    assert.ok(text.includes('Pain pills like ibuprofen (Advil) or naproxen (Aleve) can hurt your kidneys.'), 'the NSAID kidney warning is in the PDF');
    assert.ok(text.includes('(hydrochlorothiazide, lisinopril, naproxen)'), 'the triple-whammy item names hydrochlorothiazide, lisinopril and naproxen');
    assert.ok(text.includes('Essential hypertension (disorder)'), 'why I use it comes from the order\'s reason');
  });
});

describe('openmtm takeaway arguments', () => {
  const { file } = polypharmacyBundle();
  const rejects = (args: Partial<Parameters<typeof takeawayCommand>[0]>, message: RegExp) =>
    assert.rejects(takeawayCommand({ file, lang: 'en', out: path.join(tmp, 'x.pdf'), asOf: '2026-11-25', ...args }), (e: unknown) => e instanceof TakeawayUsageError && message.test(e.message));

  it('refuses bad arguments and leaves no partial file', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'out-'));
    await rejects({ lang: undefined, out: path.join(dir, 'a.pdf') }, /--lang en\|es/);
    await rejects({ lang: 'fr', out: path.join(dir, 'a.pdf') }, /--lang must be en or es/);
    await rejects({ file: path.join(tmp, 'nope.json'), out: path.join(dir, 'a.pdf') }, /nope\.json does not exist/);
    await rejects({ out: path.join(dir, 'missing', 'a.pdf') }, /cannot write --out .*does not exist/);
    await rejects({ out: dir }, /it is a directory/);
    await rejects({ format: 'docx', out: path.join(dir, 'a.pdf') }, /--format must be pdf or html/);
    await rejects({ asOf: '2026-13-01', out: path.join(dir, 'a.pdf') }, /--as-of/);
    assert.deepEqual(fs.readdirSync(dir), []);
    const ok = await takeawayCommand({ file, lang: 'es', out: path.join(dir, 'a.html'), asOf: '2026-11-25', format: 'pdf' });
    assert.equal(ok.format, 'pdf');
    assert.deepEqual(fs.readdirSync(dir), ['a.html']);
    assert.equal(fs.readFileSync(path.join(dir, 'a.html')).subarray(0, 5).toString(), '%PDF-');
  });
});
