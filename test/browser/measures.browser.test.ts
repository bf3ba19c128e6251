// Browser test of the "Adherence & star measures" chart section against the real server (see harness.ts):
// find a demo patient with an adherence (PDC) measure in the denominator, open the chart, and check the section:
// the in-page link, the year selector refetching, the measure names in words, a PDC percentage with its word,
// covered days, and a coverage timeline that has a text alternative.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type { PatientMeasures, PatientSummary, Page as ApiPage } from '../../web/src/api/types.ts';
import { logIn, SHOTS, startHarness, type Harness } from './harness.ts';

describe('web app: adherence & star measures in the chart', { timeout: 180_000 }, () => {
  let harness: Harness;
  let ctx: BrowserContext;
  let page: Page;

  before(async () => {
    harness = await startHarness({ demoPatients: 30 });
    ctx = await harness.browser.newContext({ viewport: { width: 1366, height: 900 } });
    page = await ctx.newPage();
  });

  after(async () => {
    await harness?.close();
  });

  it('shows PDC as a percentage with words, covered days and a described coverage timeline', async () => {
    const { base } = harness;
    await logIn(page, base, 'pharmacist');
    // The API (with the browser's session) picks a patient and year with an adherence measure in the denominator.
    const list = (await (await page.request.get(`${base}/api/patients?limit=100`)).json()) as ApiPage<PatientSummary>;
    const thisYear = new Date().getFullYear();
    let found: { id: string; year: number; m: PatientMeasures } | undefined;
    search: for (const year of [thisYear, thisYear - 1, thisYear - 2]) {
      for (const p of list.items) {
        const res = await page.request.get(`${base}/api/patients/${p.id}/measures?year=${year}`);
        assert.equal(res.status(), 200);
        const m = (await res.json()) as PatientMeasures;
        if (m.measures.some((x) => x.measure.startsWith('PDC-') && x.inDenominator && x.fills.length > 0)) {
          found = { id: p.id, year, m };
          break search;
        }
      }
    }
    assert.ok(found, 'some demo patient has an adherence measure in the denominator');
    const pdc = found.m.measures.find((x) => x.measure.startsWith('PDC-') && x.inDenominator)!;

    await page.goto(`${base}/patients/${found.id}`);
    const section = page.getByRole('region', { name: 'Adherence & star measures' });
    await section.waitFor();
    await page.getByRole('navigation', { name: 'Chart sections' }).getByRole('link', { name: /Adherence & star measures/ }).click();
    await page.waitForURL(/#measures$/);

    const select = section.getByLabel('Measurement year');
    assert.deepEqual(await select.locator('option').allInnerTexts(), [thisYear, thisYear - 1, thisYear - 2].map(String));
    if (found.year !== thisYear) {
      const answered = page.waitForResponse((r) => r.url().includes(`/measures?year=${found.year}`));
      await select.selectOption(String(found.year));
      await answered;
    }
    await section.locator('.measure-intro').filter({ hasText: `Measurement year ${found.year},` }).waitFor();
    assert.match(await section.locator('.measure-intro').innerText(), /PQA/);

    const table = section.getByTestId('measures');
    await table.waitFor();
    const rowHeaders = await table.getByRole('rowheader').allInnerTexts();
    assert.ok(rowHeaders.some((t) => t.includes('Adherence: statins')), 'the statin adherence measure is shown');
    assert.ok(rowHeaders.some((t) => t.includes('Concurrent opioid + benzodiazepine')), 'the opioid + benzodiazepine measure is shown');

    const names: Record<string, string> = { 'PDC-DR': 'diabetes medications', 'PDC-RASA': 'RAS antagonists', 'PDC-STA': 'statins' };
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(names[pdc.measure]!) }) });
    const text = await row.innerText();
    assert.match(text, /\d{1,3}\.\d% (Adherent|Below 80%)/, 'PDC with one decimal and a word, not only a colour');
    assert.match(text, new RegExp(`${pdc.coveredDays} / ${pdc.periodDays}`));

    // The timeline: an SVG image named by a text summary, one segment per covered fill, each with a title.
    const svg = row.getByRole('img');
    assert.equal(await svg.count(), 1);
    const summaryId = await svg.getAttribute('aria-labelledby');
    assert.match(await page.locator(`[id="${summaryId}"]`).innerText(), /^Coverage \d{2}\/\d{2}\/\d{4} to/);
    const covered = pdc.fills.filter((f) => f.coveredFrom);
    assert.equal(await row.locator('rect.tl-fill').count(), covered.length);
    assert.equal(await row.locator('rect.tl-fill title').count(), covered.length);
    if (covered[0]) assert.match(await row.locator('figcaption ul.visually-hidden').innerText(), new RegExp(covered[0].drug.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: path.join(SHOTS, 'openmtm-chart-measures.png') });
  });

  it('words every status and advice: below 80% with a refill-by marker, cannot reach, exclusions, inverse measures', async () => {
    const y = new Date().getFullYear();
    const fill = (date: string, from: string | null, to: string | null) => ({ date, daysSupply: 30, drug: 'Atorvastatin 20 mg tablet', coveredFrom: from, coveredTo: to });
    const none = { pdc: null, coveredDays: null, periodDays: null, numerator: 0, periodStart: null, periodEnd: null, refill: null, fills: [] };
    const body: PatientMeasures = {
      year: y,
      asOf: `${y}-06-30`,
      label: 'PQA-aligned (test)',
      unclassifiedFills: 3,
      measures: [
        { measure: 'PDC-STA', inDenominator: true, reason: 'in-denominator', pdc: 0.79963, coveredDays: 90, periodDays: 200, numerator: 0, periodStart: `${y}-06-15`, periodEnd: `${y}-12-31`,
          refill: { status: 'refill-by', lastDate: `${y}-08-14` }, fills: [fill(`${y}-06-15`, `${y}-06-15`, `${y}-07-14`), fill(`${y}-07-20`, `${y}-07-20`, `${y}-08-18`)] },
        { measure: 'PDC-RASA', inDenominator: true, reason: 'in-denominator', pdc: 0.4, coveredDays: 80, periodDays: 200, numerator: 0, periodStart: `${y}-06-15`, periodEnd: `${y}-12-31`,
          refill: { status: 'cannot-reach', bestPdc: 0.7512 }, fills: [fill(`${y}-01-02`, null, null)] },
        { measure: 'PDC-DR', inDenominator: false, reason: 'excluded:hospice', ...none, numerator: 0 },
        { measure: 'SUPD', inDenominator: true, reason: 'in-denominator', ...none, numerator: 0 },
        { measure: 'POLY-ACH', inDenominator: true, reason: 'in-denominator', ...none, numerator: 1 },
        { measure: 'COB', inDenominator: false, reason: 'ipsd-too-late', ...none, numerator: 0 },
      ],
    };
    await page.route('**/api/patients/*/measures*', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) }));
    await page.reload();
    const section = page.getByRole('region', { name: 'Adherence & star measures' });
    await section.locator('.measure-intro').filter({ hasText: 'PQA-aligned (test)' }).waitFor();
    assert.match(await section.getByRole('note').innerText(), /3 fills could not be classified — measures may be incomplete/);
    const rowText = (name: RegExp) => section.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) }).innerText();
    const sta = await rowText(/statins/);
    assert.match(sta, /79\.9% Below 80%/, 'just under 80% never reads as 80.0%');
    assert.match(sta, /90 \/ 200/);
    assert.match(sta, new RegExp(`Refill by 08/14/${y} to reach 80% this year`));
    assert.match(await rowText(/RAS antagonists/), /Cannot reach 80% this year \(best possible 75\.1%\)/);
    assert.match(await rowText(/diabetes medications/), /Not in measure\s+Excluded: hospice/);
    assert.match(await rowText(/Statin use in persons with diabetes/), /No statin fill/);
    assert.match(await rowText(/anticholinergics/), /Concurrent use found/);
    assert.match(await rowText(/opioid/), /First fill too late in the year \(needs 91\+ days\)/);
    // Timeline: today and refill-by markers, a gap between the two fills, all in words too.
    const summary = await section.locator('#timeline-PDC-STA-summary').innerText();
    assert.match(summary, new RegExp(`2 fills, 2 gaps; today 06/30/${y}; refill by 08/14/${y}`));
    const hidden = await section.getByTestId('timeline-PDC-STA').locator('ul.visually-hidden').innerText();
    assert.match(hidden, new RegExp(`Not covered 07/15/${y} to 07/19/${y}`));
    assert.equal(await section.locator('line.tl-refill').count(), 1);
    await section.screenshot({ path: path.join(SHOTS, 'openmtm-chart-measures-mocked.png') });
    await page.unroute('**/api/patients/*/measures*');
  });
});
