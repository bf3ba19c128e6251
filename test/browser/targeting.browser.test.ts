// Browser test of Part D targeting against the real server in demo mode (see harness.ts): the manager records a
// patient's DMP at-risk status in the chart, runs targeting for the demo's Part D program on the Programs page, the
// server's background runner finishes it, the summary's counts add up, the patient is listed as eligible through
// the DMP (reason 02, or 03 with the other criteria) from that day, the CSV is offered, and the name opens the chart.
// Then a clinic's high-risk panel program, created with the Programs page's panel form (an A1c out of range refused
// beside the field before sending; the same name again refused by the server beside the name): its run counts
// qualifies / could not assess / not, and the member list shows each criterion's outcome — a qualifying member's
// reasons, among them the high-severity drug therapy problems the screening found, and the missing A1c of one the
// record could not assess, who is not enrolled.
// The demo is generated for a fixed day so the program year has a year's fills whatever the calendar says.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { escapeRegExp, logIn, SHOTS, startHarness, type Harness } from './harness.ts';

const DEMO_AS_OF = '2026-12-04';

describe('web app: targeting runs (Part D and a panel program)', { timeout: 240_000 }, () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness({ demoPatients: 40, demoAsOf: DEMO_AS_OF });
  });
  after(async () => {
    await harness?.close();
  });

  it('manager: records a DMP status, runs targeting for the Part D program and sees the counts and the member', async () => {
    const ctx = await harness.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    try {
      const page = await ctx.newPage();
      await logIn(page, harness.base, 'manager', '/programs');
      await page.getByRole('heading', { level: 1, name: 'MTM programs' }).waitFor();
      const programRow = page.getByRole('row', { name: /Medicare Part D MTM 2026/ });

      // A patient of the program: the plan reports them at risk under its drug management program from 2 January.
      await programRow.getByRole('button', { name: 'Enrollments' }).click();
      const enrolled = page.getByRole('table', { name: 'Enrollments in Medicare Part D MTM 2026' });
      const first = enrolled.locator('tbody tr').first().locator('a');
      await first.waitFor();
      const name = (await first.innerText()).trim();
      await first.click();
      await page.getByRole('heading', { level: 1, name: new RegExp(escapeRegExp(name.split(' ').at(-1)!)) }).waitFor();
      const dmp = page.getByTestId('dmp-status');
      assert.match(await dmp.innerText(), /^Not at risk/);
      await dmp.getByRole('button', { name: 'Change' }).click();
      const form = page.getByRole('form', { name: 'Change the DMP status' });
      await form.getByLabel('At risk from').fill('2026-01-02');
      await form.getByRole('button', { name: 'Save' }).click();
      await page.getByTestId('dmp-status').filter({ hasText: 'At risk from 01/02/2026' }).waitFor();

      // Run targeting for the program; the background runner finishes it while the page follows.
      await page.goto(`${harness.base}/programs`);
      await programRow.getByRole('button', { name: 'Targeting' }).click();
      const panel = page.locator('#targeting');
      await panel.getByRole('heading', { name: 'Targeting: Medicare Part D MTM 2026' }).waitFor();
      await panel.getByText('No targeting run yet.').waitFor();
      await panel.getByRole('button', { name: 'Run targeting' }).click();
      await panel.getByTestId('tg-status').filter({ hasText: /^Done$/ }).waitFor({ timeout: 120_000 });
      const count = async (id: string) => Number((await panel.getByTestId(id).innerText()).trim().split(' ')[0]);
      const eligible = await count('tg-eligible');
      assert.equal(await count('tg-members'), 40, 'every demo patient of the pharmacy was evaluated');
      assert.ok(eligible > 0, 'the demo has eligible members');
      const reasons = (await panel.getByTestId('tg-reasons').innerText()).match(/\d+/g)!.map(Number);
      // "01 criteria n · 02 DMP n · 03 both n · 04 expanded n": codes and counts alternate.
      assert.equal(reasons[1]! + reasons[3]! + reasons[5]! + reasons[7]!, eligible);
      assert.ok(reasons[3]! + reasons[5]! >= 1, 'the DMP patient is targeted');
      assert.equal((await count('tg-enrolled-now')) + (await count('tg-already')) + (await count('tg-opted-out')), eligible);
      const csv = panel.getByRole('link', { name: 'Download results (CSV)' });
      assert.match((await csv.getAttribute('href'))!, /^\/api\/target-runs\/[0-9a-f-]{36}\/results\.csv$/);
      const body = await (await page.request.get(harness.base + (await csv.getAttribute('href'))!)).text();
      assert.equal(body.split('\n')[0], 'member_id,eligible,reason_code,core_diseases,drug_count,annual_cost,date_met,notes,patient_id');

      // The DMP patient among the eligible members, from the day the plan named them, already enrolled by the demo.
      const [firstName, ...lastName] = name.split(' ');
      const listName = `${lastName.join(' ')}, ${firstName}`;
      const runId = /target-runs\/([0-9a-f-]{36})\//.exec((await csv.getAttribute('href'))!)![1];
      const api = await (await page.request.get(`${harness.base}/api/target-runs/${runId}/members?limit=200`)).json();
      const mine = api.items.find((m: { name: string }) => m.name === listName);
      assert.ok(mine, `${listName} is eligible`);
      assert.deepEqual([mine.dateMet, mine.enrollment], ['2026-01-02', 'already-enrolled']);
      assert.ok(mine.reason === '02' || mine.reason === '03', mine.reason);
      await panel.getByLabel('Reason').selectOption(mine.reason);
      const row = panel.getByTestId('target-members').getByRole('row', { name: new RegExp(escapeRegExp(listName)) });
      await row.waitFor();
      assert.match(await row.innerText(), /0[23] (DMP at-risk|both)[\s\S]*01\/02\/2026[\s\S]*Already enrolled/);
      await page.screenshot({ path: path.join(SHOTS, 'openmtm-targeting-run.png'), fullPage: true });
      await row.getByRole('link', { name: listName }).click();
      await page.getByTestId('dmp-status').filter({ hasText: 'At risk from 01/02/2026' }).waitFor();
    } finally {
      await ctx.close();
    }
  });

  it("manager: runs a clinic's high-risk panel and sees each member's reasons", async () => {
    const ctx = await harness.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    try {
      const page = await ctx.newPage();
      await logIn(page, harness.base, 'manager', '/programs');
      await page.getByRole('heading', { level: 1, name: 'MTM programs' }).waitFor();
      const programCount = async () => (await (await page.request.get(`${harness.base}/api/programs`)).json()).items.length as number;
      const before = await programCount();

      // The manager defines the panel on the page; an A1c threshold of 25% is refused beside the field, nothing sent.
      await page.getByRole('button', { name: 'New panel program' }).click();
      let form = page.getByRole('form', { name: 'New panel program' });
      await form.getByLabel('Kind').selectOption('clinic');
      await form.getByLabel('Name').fill('High-risk clinic panel');
      await form.getByLabel('Year').fill('2026');
      await form.getByLabel('Minimum active medications').fill('5');
      await form.getByLabel('A1c above (%)').fill('25');
      await form.getByLabel('Drug therapy problems').selectOption('high');
      await form.getByLabel('High-risk drug classes').selectOption(['anticoagulant', 'opioid']);
      await form.getByRole('button', { name: 'Create program' }).click();
      const a1c = form.getByLabel('A1c above (%)');
      await form.getByText('Expected a percent from 4 to 20').waitFor();
      assert.equal(await a1c.getAttribute('aria-invalid'), 'true', 'the A1c field is marked invalid');
      assert.equal(await a1c.evaluate((el) => el === document.activeElement), true, 'the keyboard is on the field to fix');
      assert.equal(await programCount(), before, 'nothing was sent');
      // Not a criterion after all: the classes are cleared again, and the A1c fixed.
      await form.getByLabel('High-risk drug classes').selectOption([]);
      await a1c.fill('8');
      await form.getByRole('button', { name: 'Create program' }).click();
      const programRow = page.getByRole('row', { name: /High-risk clinic panel/ });
      await programRow.waitFor();
      assert.match(await programRow.innerText(), /Clinic panel[\s\S]*2026[\s\S]*≥ 5 medications · A1c > 8% · a drug therapy problem of high severity/);

      // The same name again: only the server knows it is taken, and says so beside the name.
      await page.getByRole('button', { name: 'New panel program' }).click();
      form = page.getByRole('form', { name: 'New panel program' });
      await form.getByLabel('Name').fill('High-risk clinic panel');
      await form.getByLabel('Year').fill('2026');
      await form.getByLabel('Minimum annual drug cost (USD)').fill('2000');
      await form.getByRole('button', { name: 'Create program' }).click();
      await form.getByText('A program with this name already exists for 2026').waitFor();
      assert.equal(await form.getByLabel('Name').getAttribute('aria-invalid'), 'true', 'the name field is marked invalid');
      await page.screenshot({ path: path.join(SHOTS, 'openmtm-new-panel-program.png'), fullPage: true });
      await form.getByRole('button', { name: 'Cancel' }).click();
      assert.equal(await programCount(), before + 1, 'one program created');

      await programRow.getByRole('button', { name: 'Targeting' }).click();
      const panel = page.locator('#targeting');
      await panel.getByRole('heading', { name: 'Targeting: High-risk clinic panel' }).waitFor();
      await panel.getByText('No targeting run yet.').waitFor();
      await panel.getByRole('button', { name: 'Run targeting' }).click();
      await panel.getByTestId('tg-status').filter({ hasText: /^Done$/ }).waitFor({ timeout: 120_000 });
      const count = async (id: string) => Number((await panel.getByTestId(id).innerText()).trim());
      const [members, qualify, unknown, not] = [await count('tg-members'), await count('tg-eligible'), await count('tg-could-not-assess'), await count('tg-not')];
      assert.equal(members, 40);
      assert.equal(qualify + unknown + not, members, 'every patient has one decision');
      assert.ok(qualify > 0 && unknown > 0, `the demo has members who qualify (${qualify}) and members without an A1c (${unknown})`);
      assert.equal((await panel.getByTestId('tg-enrolled-now').innerText()).trim(), String(qualify), 'everyone who qualifies is enrolled now');

      // A member who qualifies, with the reason for each criterion.
      const table = panel.getByTestId('target-members');
      const first = table.locator('tbody tr').first();
      await first.waitFor();
      assert.match(
        await first.innerText(),
        /Qualifies[\s\S]*Medications: met — \d+ active medications \(needs 5\)[\s\S]*A1c: met — latest A1c [\d.]+% \(above 8% needed\)[\s\S]*Drug therapy problems: met — \d+ drug therapy problems? of high severity: [^\n]+[\s\S]*Enrolled by this run/,
      );
      await page.screenshot({ path: path.join(SHOTS, 'openmtm-panel-targeting-run.png'), fullPage: true });

      // A member the record could not assess: what is missing, and not enrolled.
      await panel.getByLabel('Decision').selectOption('could-not-assess');
      await table.getByRole('row', { name: /Could not assess/ }).first().waitFor();
      const row = table.locator('tbody tr').first();
      assert.match(await row.innerText(), /A1c: could not assess — no A1c in the last 365 days \(needs one above 8%\)/);
      assert.match(await row.innerText(), /—\s*$/, 'not enrolled');
      await panel.getByText(`${unknown} members: could not assess`).waitFor();

      const csv = panel.getByRole('link', { name: 'Download results (CSV)' });
      const body = await (await page.request.get(harness.base + (await csv.getAttribute('href'))!)).text();
      const lines = body.trim().split('\n');
      assert.equal(lines[0], 'patient_id,member_id,qualifies,criteria');
      assert.equal(lines.filter((l) => l.endsWith(',could-not-assess,minMedications:met;a1cAbove:could-not-assess;dtpSeverityAtLeast:met')).length, unknown);
    } finally {
      await ctx.close();
    }
  });
});
