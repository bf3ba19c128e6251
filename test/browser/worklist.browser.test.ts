// Browser test of the MTM work queue against the real server in demo mode (the seed enrolls the demo Part D
// members and generates the queue): a technician logs a reached outreach attempt on a CMR item and books the CMR
// with the demo pharmacist (and sees a clashing booking refused); the pharmacist sees the appointment in their
// calendar and the booked item, with its time, in their queue; a manager's Part D program asking for 9 drugs is
// refused with the CMS rule beside the field, and the calendar's picker lists the organisation's pharmacists; a
// technician finds an adherence-rescue item with its reason, filters the queue by the patient's home pharmacy and
// moves the patient to another pharmacy from the chart.
// The demo is generated for a fixed day: rescue items exist only within 30 days of a last refill day, which no
// patient has early in a year, so "today" would make the test depend on the calendar.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { escapeRegExp, logIn, SHOTS, startHarness, type Harness } from './harness.ts';

const DEMO_AS_OF = '2026-12-04';
const RESCUE_REASON = /^Adherence rescue: PDC-(DR|RASA|STA) \([a-zA-Z ]+\) is \d+\.\d% this year, below 80\.0%; one refill of [a-z /]+ by \d{4}-\d{2}-\d{2} still brings it to 80\.0%$/;
const pad = (n: number) => String(n).padStart(2, '0');
const localDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

describe('web app: work queue, outreach, booking, calendar and programs', { timeout: 240_000 }, () => {
  let harness: Harness;
  let patientName = '';
  const bookDay = (() => {
    const d = new Date();
    d.setDate(d.getDate() + 2);
    return localDay(d);
  })();

  before(async () => {
    harness = await startHarness({ demoPatients: 40, demoAsOf: DEMO_AS_OF });
  });
  after(async () => {
    await harness?.close();
  });

  const openQueue = async (page: Page) => {
    await page.getByRole('heading', { level: 1, name: 'Work queue' }).waitFor();
    await page.getByRole('status').filter({ hasText: /Showing 1–\d+ of \d+/ }).waitFor();
  };

  it('technician: logs a reached attempt on a CMR item and books the CMR with the demo pharmacist', async () => {
    const ctx = await harness.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    try {
      const page = await ctx.newPage();
      await logIn(page, harness.base, 'technician', '/worklist');
      await page.waitForURL(/\/worklist$/);
      const nav = page.getByRole('navigation', { name: 'Main' });
      assert.equal(await nav.getByRole('link', { name: 'Work queue' }).getAttribute('aria-current'), 'page');
      assert.equal(await nav.getByRole('link', { name: 'Programs' }).count(), 0, 'programs are for managers');
      await openQueue(page);
      assert.ok(Number(await page.getByTestId('count-open').locator('.count').innerText()) > 0, 'the seeded queue has open items');
      await page.screenshot({ path: path.join(SHOTS, 'openmtm-worklist-queue.png'), fullPage: true });

      // Filters live in the URL.
      const filters = page.getByRole('search', { name: 'Filter the work queue' });
      await filters.getByLabel('Kind').selectOption('cmr');
      await filters.getByLabel('State').fill('NY');
      await filters.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(/kind=cmr/);
      assert.match(page.url(), /state=NY/);
      await openQueue(page);

      // The priority is explained by its factors.
      const rows = page.locator('table.wq-table tbody tr');
      const row = rows.first();
      await row.locator('details.wq-priority summary').click();
      assert.match(await row.locator('details.wq-priority ul').innerText(), /\+\d+/);
      patientName = (await row.locator('th a').innerText()).trim();

      await row.getByRole('button', { name: 'Log outreach' }).click();
      const detail = page.getByTestId('item-detail');
      await detail.getByRole('heading', { name: `CMR — ${patientName}` }).waitFor();
      await detail.getByText('Call script: offering the comprehensive medication review').waitFor();
      const outreach = detail.getByRole('form', { name: 'Log an outreach attempt' });
      await outreach.getByLabel('Channel').selectOption('phone');
      await outreach.getByLabel('Outcome').selectOption('reached');
      await outreach.getByLabel('Note').fill('Spoke with the patient; happy to do the review');
      await outreach.getByRole('button', { name: 'Log attempt' }).click();
      await detail.getByTestId('outreach-history').getByRole('cell', { name: 'Reached' }).waitFor();
      assert.match(await detail.getByTestId('outreach-history').innerText(), /Sam Okafor, CPhT/);

      await detail.getByRole('button', { name: 'Book appointment' }).click();
      const book = detail.getByRole('form', { name: 'Book an appointment' });
      const pharmacist = book.getByLabel('Pharmacist');
      await pharmacist.locator('option', { hasText: 'Dana Reyes' }).waitFor({ state: 'attached' });
      const danaValue = await pharmacist.locator('option', { hasText: 'Dana Reyes' }).getAttribute('value');
      await pharmacist.selectOption(danaValue!);
      await book.getByLabel('Date').fill(bookDay);
      await book.getByLabel('Time').fill('10:00');
      await book.getByLabel('Minutes').selectOption('45');
      await book.getByLabel('Mode').selectOption('video');
      await page.screenshot({ path: path.join(SHOTS, 'openmtm-worklist-book.png'), fullPage: true });
      await book.getByRole('button', { name: 'Book appointment' }).click();
      await detail.getByTestId('booked-notice').waitFor();
      assert.match(await detail.getByTestId('item-scheduled').innerText(), /10:00/);
      await page.getByTestId('live-region').filter({ hasText: /Appointment booked with Dana Reyes/ }).waitFor();

      // Another CMR in the same slot: the server refuses it and the form says why.
      const other = rows.filter({ hasNot: page.getByText(patientName, { exact: true }) }).first();
      await other.getByRole('button', { name: 'Book' }).click();
      const book2 = page.getByTestId('item-detail').getByRole('form', { name: 'Book an appointment' });
      await book2.getByLabel('Pharmacist').locator('option', { hasText: 'Dana Reyes' }).waitFor({ state: 'attached' });
      await book2.getByLabel('Pharmacist').selectOption(danaValue!);
      await book2.getByLabel('Date').fill(bookDay);
      await book2.getByLabel('Time').fill('10:15');
      await book2.getByRole('button', { name: 'Book appointment' }).click();
      const refusal = book2.locator('.form-error');
      await refusal.waitFor();
      assert.match(await refusal.innerText(), /Slot taken: Dana Reyes, PharmD already has an appointment/);
      await page.screenshot({ path: path.join(SHOTS, 'openmtm-worklist-refused.png'), fullPage: true });

      // Three failed attempts on another item mark it "Unable to reach".
      const third = rows.nth(2);
      const thirdName = (await third.locator('th a').innerText()).trim();
      await third.getByRole('button', { name: 'Log outreach' }).click();
      const d3 = page.getByTestId('item-detail');
      await d3.getByRole('heading', { name: `CMR — ${thirdName}` }).waitFor();
      for (let n = 1; n <= 3; n++) {
        const f = d3.getByRole('form', { name: 'Log an outreach attempt' });
        await f.getByLabel('Outcome').selectOption(n === 2 ? 'wrong-number' : 'left-message');
        await f.getByRole('button', { name: 'Log attempt' }).click();
        await d3.getByTestId('failed-attempts').filter({ hasText: `${n} of 3` }).waitFor();
      }
      await d3.getByTestId('item-status').filter({ hasText: 'Unable to reach' }).waitFor();
      await d3.getByRole('alert').filter({ hasText: 'Unable to reach' }).waitFor();
      assert.equal(await d3.getByRole('form', { name: 'Log an outreach attempt' }).count(), 0, 'no more attempts on a closed item');
      await page.getByTestId('count-unable-to-reach').filter({ hasText: '1' }).waitFor();
      await page.screenshot({ path: path.join(SHOTS, 'openmtm-worklist-unreachable.png'), fullPage: true });
    } finally {
      await ctx.close();
    }
  });

  it('pharmacist: sees the appointment in their calendar and the item with its time in their queue', async () => {
    const ctx = await harness.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    try {
      const page = await ctx.newPage();
      await logIn(page, harness.base, 'pharmacist', `/calendar?week=${bookDay}`);
      await page.getByRole('heading', { level: 1, name: 'Calendar: Dana Reyes, PharmD' }).waitFor();
      const appt = page.getByTestId('appointment').filter({ hasText: patientName });
      await appt.waitFor();
      assert.match(await appt.innerText(), /10:00 AM–10:45 AM[\s\S]*CMR[\s\S]*Video · 45 min[\s\S]*Booked/);
      await page.screenshot({ path: path.join(SHOTS, 'openmtm-calendar.png'), fullPage: true });

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Work queue' }).click();
      await openQueue(page);
      const filters = page.getByRole('search', { name: 'Filter the work queue' });
      await filters.getByLabel('Assigned to').selectOption('me');
      await filters.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(/assignedTo=me/);
      await openQueue(page);
      const row = page.locator('table.wq-table tbody tr').filter({ hasText: patientName });
      await row.waitFor();
      assert.match(await row.getByTestId('scheduled-at').innerText(), /Booked .*10:00/);
      assert.match(await row.innerText(), /Dana Reyes, PharmD/);
      await page.screenshot({ path: path.join(SHOTS, 'openmtm-worklist-pharmacist.png'), fullPage: true });
    } finally {
      await ctx.close();
    }
  });

  it('manager: a Part D program requiring 9 drugs is refused with the CMS rule beside the field', async () => {
    const ctx = await harness.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    try {
      const page = await ctx.newPage();
      await logIn(page, harness.base, 'manager', '/programs');
      await page.getByRole('heading', { level: 1, name: 'MTM programs' }).waitFor();
      await page.getByRole('row', { name: /Medicare Part D MTM \d{4}/ }).waitFor();
      await page.getByRole('button', { name: 'New Part D program' }).click();
      const form = page.getByRole('form', { name: 'New Medicare Part D program' });
      await form.getByLabel('Name').fill('Part D plan test');
      await form.getByLabel('Minimum core chronic diseases').fill('2');
      await form.getByLabel('Minimum Part D drugs').fill('9');
      await form.getByLabel('Annual cost threshold (USD)').fill('1700');
      await form.getByRole('button', { name: 'Create program' }).click();
      const drugs = form.getByLabel('Minimum Part D drugs');
      await form.locator('.field-invalid').first().waitFor();
      assert.equal(await drugs.getAttribute('aria-invalid'), 'true');
      const err = form.locator('.field-invalid .field-error').first();
      assert.match(await err.innerText(), /CMS allows plans to require at most 8 Part D drugs/);
      await page.screenshot({ path: path.join(SHOTS, 'openmtm-programs-rule.png'), fullPage: true });

      // The note template: an unknown placeholder is refused by name and position, a valid one is saved.
      const template = page.getByLabel('Template', { exact: true });
      const original = await template.inputValue();
      await template.fill(`${original}\nDiagnosis: {{diagnosis}}`);
      await page.getByRole('button', { name: 'Save template' }).click();
      await page.getByRole('alert').filter({ hasText: /unknown placeholder \{\{diagnosis\}\} at line \d+/ }).waitFor();
      await template.fill(`${original}\nReviewed at {{organization}}.`);
      await page.getByRole('button', { name: 'Save template' }).click();
      await page.getByText('Template saved.').waitFor();

      // The pharmacy locations the demo assigns patients to.
      const locations = page.getByRole('table', { name: 'Pharmacy locations' });
      await locations.getByRole('row', { name: /Riverside Community Pharmacy — Brooklyn/ }).waitFor();
      assert.equal(await locations.locator('tbody tr').count(), 3);

      // The calendar's picker lists the organisation's pharmacists with their licence states.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
      const picker = page.getByLabel('Pharmacist');
      await picker.locator('option', { hasText: 'Dana Reyes, PharmD — licensed in NY' }).waitFor({ state: 'attached' });
      assert.deepEqual(await picker.locator('option').allInnerTexts(), ['Choose a pharmacist…', 'Dana Reyes, PharmD — licensed in NY']);
      await picker.selectOption({ label: 'Dana Reyes, PharmD — licensed in NY' });
      await page.getByRole('heading', { level: 1, name: 'Calendar: Dana Reyes, PharmD' }).waitFor();
    } finally {
      await ctx.close();
    }
  });

  it('technician: sees an adherence-rescue item with its reason and filters the queue by home pharmacy', async () => {
    const ctx = await harness.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    try {
      const page = await ctx.newPage();
      await logIn(page, harness.base, 'technician', '/worklist?kind=adherence');
      await openQueue(page);
      const rows = page.locator('table.wq-table tbody tr');
      const rescue = rows.first();
      assert.equal(await rescue.getAttribute('data-kind'), 'adherence');
      const itemId = (await rescue.getAttribute('data-item-id'))!;
      assert.match((await rescue.locator('td.wq-reason-cell').innerText()).trim(), RESCUE_REASON);
      await rescue.locator('details.wq-priority summary').click();
      assert.match(await rescue.locator('details.wq-priority ul').innerText(), /\+15 adherence rescue: PDC-(DR|RASA|STA) at \d+\.\d%, below 80\.0%/);
      const where = (await rescue.getByTestId('item-where').innerText()).trim();
      const home = /Riverside [^·]+$/.exec(where)?.[0].trim();
      assert.ok(home, `the row names the patient's home pharmacy: ${where}`);
      const patient = (await rescue.locator('th a').innerText()).trim();

      // Filter by that pharmacy: the item stays, and every row is that pharmacy's.
      const filters = page.getByRole('search', { name: 'Filter the work queue' });
      const option = filters.getByLabel('Pharmacy').locator('option', { hasText: home });
      await option.waitFor({ state: 'attached' });
      const homeId = (await option.getAttribute('value'))!;
      await filters.getByLabel('Pharmacy').selectOption(homeId);
      await filters.getByLabel('Kind').selectOption('');
      await filters.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL((u) => u.searchParams.get('pharmacy') === homeId && !u.searchParams.has('kind'));
      await openQueue(page);
      await page.locator(`tr[data-item-id="${itemId}"]`).waitFor();
      for (const w of await page.getByTestId('item-where').allInnerTexts()) assert.ok(w.endsWith(home!), `${w} is at ${home}`);
      const open = Number(await page.getByTestId('count-open').locator('.count').innerText());
      const claimed = Number(await page.getByTestId('count-claimed').locator('.count').innerText());
      assert.match(await page.getByRole('status').filter({ hasText: /Showing/ }).innerText(), new RegExp(`of ${open + claimed},`));
      await page.screenshot({ path: path.join(SHOTS, 'openmtm-worklist-pharmacy.png'), fullPage: true });

      // The item's panel and the patient's chart show the home pharmacy; moving the patient takes the item out of
      // this pharmacy's queue.
      await page.locator(`tr[data-item-id="${itemId}"]`).getByRole('button', { name: 'Log outreach' }).click();
      const detail = page.getByTestId('item-detail');
      await detail.getByRole('heading', { name: `Adherence rescue — ${patient}` }).waitFor();
      assert.match(await detail.locator('.wq-reason').innerText(), RESCUE_REASON);
      assert.match(await detail.locator('dl.wq-facts').innerText(), new RegExp(`Home pharmacy\\s+${escapeRegExp(home!)}`));
      await detail.getByRole('link', { name: 'Open chart' }).click();
      const chartHome = page.getByTestId('home-pharmacy');
      await chartHome.waitFor();
      assert.match(await chartHome.innerText(), new RegExp(escapeRegExp(home!)));
      await chartHome.getByRole('button', { name: 'Change' }).click();
      const change = page.getByRole('form', { name: 'Change the home pharmacy' });
      const other = change.locator('option').filter({ hasNotText: home! }).filter({ hasText: 'Riverside' }).first();
      await other.waitFor({ state: 'attached' });
      const otherName = (await other.innerText()).replace(/ \([A-Z]{2}\)$/, '');
      const otherId = (await other.getAttribute('value'))!;
      await change.getByLabel('Home pharmacy').selectOption(otherId);
      await change.getByRole('button', { name: 'Save' }).click();
      await page.getByTestId('live-region').filter({ hasText: `Home pharmacy set to ${otherName}` }).waitFor();
      assert.match(await page.getByTestId('home-pharmacy').innerText(), new RegExp(escapeRegExp(otherName)));
      await page.screenshot({ path: path.join(SHOTS, 'openmtm-chart-home-pharmacy.png'), fullPage: false });

      await page.goto(`${harness.base}/worklist?pharmacy=${homeId}`);
      await page.getByRole('heading', { level: 1, name: 'Work queue' }).waitFor();
      await page.getByRole('status').filter({ hasText: /Showing|No items/ }).waitFor();
      assert.equal(await page.locator(`tr[data-item-id="${itemId}"]`).count(), 0, 'the item left this pharmacy’s queue');
      await page.goto(`${harness.base}/worklist?pharmacy=${otherId}&kind=adherence`);
      await openQueue(page);
      await page.locator(`tr[data-item-id="${itemId}"]`).waitFor();
    } finally {
      await ctx.close();
    }
  });
});
