// Browser test of the "Drug therapy problems" chart section against the real server (see harness.ts): pick a demo
// patient whose screening flags a problem with medication evidence, open the chart, and check that the pharmacist
// sees the problem with its category, severity, the medications behind it, the recommendation, the wording for
// the patient and the source; and that "could not assess" items say what they need.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type { PatientSummary, Page as ApiPage } from '../../web/src/api/types.ts';
import type { ScreeningResult } from '../../src/domain/screening.ts';
import { escapeRegExp, logIn, SHOTS, startHarness, type Harness } from './harness.ts';

describe('web app: drug therapy problems in the chart', { timeout: 180_000 }, () => {
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

  it('shows a flagged problem with its evidence, advice and source', async () => {
    const { base } = harness;
    await logIn(page, base, 'pharmacist');
    const list = (await (await page.request.get(`${base}/api/patients?limit=100`)).json()) as ApiPage<PatientSummary>;
    let found: { id: string; r: ScreeningResult } | undefined;
    for (const p of list.items) {
      const res = await page.request.get(`${base}/api/patients/${p.id}/dtps`);
      assert.equal(res.status(), 200);
      const r = (await res.json()) as ScreeningResult;
      if (r.findings.some((f) => f.status === 'problem' && f.evidence.medications.length > 0) && r.findings.some((f) => f.status === 'could-not-assess')) {
        found = { id: p.id, r };
        break;
      }
    }
    assert.ok(found, 'some demo patient has a flagged problem with medication evidence and a could-not-assess item');
    const problem = found.r.findings.find((f) => f.status === 'problem' && f.evidence.medications.length > 0)!;

    await page.goto(`${base}/patients/${found.id}`);
    const section = page.getByRole('region', { name: 'Drug therapy problems' });
    await section.waitFor();
    await page.getByRole('navigation', { name: 'Chart sections' }).getByRole('link', { name: 'Drug therapy problems' }).click();
    await page.waitForURL(/#dtps$/);

    const problems = section.getByRole('list', { name: 'Problems' });
    const item = problems.locator(`li[data-rule="${problem.ruleId}"]`).first();
    await item.waitFor();
    await item.getByRole('heading', { name: problem.title }).waitFor();
    const text = await item.innerText();
    for (const m of problem.evidence.medications) assert.match(text, new RegExp(escapeRegExp(m.name)));
    assert.match(text, new RegExp(escapeRegExp(problem.recommendation)));
    assert.match(text, new RegExp(escapeRegExp(problem.patientText)));
    assert.match(text, /Recommendation[\s\S]*For the patient[\s\S]*Source/);
    assert.match(text, new RegExp(`rule ${escapeRegExp(problem.ruleId)} v${problem.ruleVersion}`));
    assert.match(text, /Adverse drug reaction|Unnecessary drug therapy|Needs additional drug therapy|Ineffective drug|Dosage too (low|high)|Non-adherence/);

    const unassessed = section.getByRole('list', { name: 'Could not assess' });
    assert.match(await unassessed.locator('li').first().innerText(), /Needs:/);
    await section.screenshot({ path: path.join(SHOTS, 'dtps.png') });
  });
});
