// Browser test of the MTM work queue against the real server in demo mode (the seed enrolls the demo Part D
// members and generates the queue): a technician logs a reached outreach attempt on a CMR item and books the CMR
// with the demo pharmacist (and sees a clashing booking refused); the pharmacist sees the appointment in their
// calendar and the booked item, with its time, in their queue; a manager's Part D program asking for 9 drugs is
// refused with the CMS rule beside the field.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { logIn, SHOTS, startHarness, type Harness } from './harness.ts';

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
    harness = await startHarness({ demoPatients: 40 });
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
    } finally {
      await ctx.close();
    }
  });
});
