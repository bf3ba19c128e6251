// Browser test of population measures (see harness.ts): the manager starts a run for last year over the demo
// pharmacy, the server's background runner finishes it, the plan rates appear, bad cut points are refused with
// the place of the problem, good ones put stars beside the rates; the pharmacist works the rescue list of this
// year's run and opens a patient from it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { logIn, SHOTS, startHarness, type Harness } from './harness.ts';

describe('web app: population measures', { timeout: 240_000 }, () => {
  let harness: Harness;
  let ctx: BrowserContext;
  let page: Page;

  before(async () => {
    harness = await startHarness({ demoPatients: 60 });
    ctx = await harness.browser.newContext({ viewport: { width: 1366, height: 900 } });
    page = await ctx.newPage();
  });

  after(async () => {
    await harness?.close();
  });

  const runStatus = () => page.getByTestId('runs').getByTestId('run-status').first();

  it('runs the measures for every patient, shows rates with stars, and refuses bad cut points', async () => {
    const { base } = harness;
    await logIn(page, base, 'manager', '/population');
    await page.getByRole('heading', { name: 'Population measures' }).waitFor();
    const lastYear = String(new Date().getFullYear() - 1);
    await page.getByLabel(/Measurement year/).fill(lastYear);
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForFunction(() => /^Done/.test(document.querySelector('[data-testid="runs"] [data-testid="run-status"]')?.textContent ?? ''), null, { timeout: 120_000 });
    assert.match(await runStatus().innerText(), /^Done/);
    const rates = page.getByTestId('run-rates');
    await rates.waitFor();
    const pdcRow = rates.getByRole('row', { name: /Adherence: statins/ });
    assert.match(await pdcRow.innerText(), /\d+\.\d%/, 'a plan rate in percent');

    const editor = page.getByLabel('Cut points as JSON');
    const bad = { source: 'Browser test (not CMS)', year: Number(lastYear), measures: { 'PDC-STA': { thresholds: { '2': 0.9, '3': 0.5, '4': 0.6, '5': 0.7 } } } };
    await editor.fill(JSON.stringify(bad));
    await page.getByRole('button', { name: 'Save cut points' }).click();
    const errors = page.getByTestId('cut-point-errors');
    await errors.waitFor();
    assert.match(await errors.innerText(), /\/measures\/PDC-STA\/thresholds: must rise from 2 to 5 stars/);
    const good = { ...bad, measures: { 'PDC-STA': { thresholds: { '2': 0.1, '3': 0.2, '4': 0.3, '5': 0.4 } } } };
    await editor.fill(JSON.stringify(good));
    await page.getByRole('button', { name: 'Save cut points' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await pdcRow.getByLabel(/of 5 stars/).waitFor();
    assert.match(await page.locator('#rates').innerText(), /Stars from Browser test \(not CMS\)/);
    await page.screenshot({ path: path.join(SHOTS, 'population-rates.png'), fullPage: true });
  });

  it('gives the pharmacist the rescue list of a run as of today, linked to the charts', async () => {
    const { base } = harness;
    // A run for this year as of today, started through the API by the manager's session (the page does the same).
    const thisYear = new Date().getFullYear();
    const started = await page.request.post(`${base}/api/measure-runs`, { data: { year: thisYear } });
    assert.equal(started.status(), 202, await started.text());
    const runId = ((await started.json()) as { id: string }).id;
    for (let i = 0; i < 240; i++) {
      const run = (await (await page.request.get(`${base}/api/measure-runs/${runId}`)).json()) as { status: string };
      if (run.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const pharmacist = await harness.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const p = await pharmacist.newPage();
    await logIn(p, base, 'pharmacist', '/population');
    await p.getByRole('heading', { name: 'Population measures' }).waitFor();
    assert.equal(await p.getByRole('button', { name: 'Start run' }).count(), 0, 'pharmacists read runs; managers start them');
    // The demo pharmacy's fills leave some patients one refill short of 80% on any day of the year.
    const rescue = p.getByTestId('rescue-list');
    await rescue.waitFor();
    const first = rescue.getByRole('row').nth(1);
    const name = await first.getByRole('rowheader').innerText();
    const daysLeft = Number((await first.getByRole('cell').last().innerText()).trim());
    assert.ok(daysLeft >= 0, `days left to refill: ${daysLeft}`);
    await first.getByRole('link').click();
    await p.waitForURL(/\/patients\/[0-9a-f-]{36}$/);
    await p.getByRole('heading', { name: new RegExp(name.split(',')[0]!) }).first().waitFor();
    await pharmacist.close();
  });
});
