// Browser test of the web app against the real server (demo mode, fresh PGlite data dir, free port):
// log in, search by last name, open the chart, add a medication (field errors first), see it survive a reload,
// stop it, and check that a technician is not offered the pharmacist's "Sign medication list".
// Needs Debian's chromium (`apt-get install -y chromium`). Screenshots go to $OPENMTM_SCREENSHOT_DIR or the temp dir.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoUser, escapeRegExp, logIn, SHOTS, startHarness, type Harness } from './harness.ts';

function todayIso(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The error text tied to an input through aria-describedby, or '' when the input is not marked invalid. */
async function fieldError(page: Page, label: string): Promise<string> {
  const input = page.getByLabel(label, { exact: true });
  if ((await input.getAttribute('aria-invalid')) !== 'true') return '';
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()));
  return texts.join(' ');
}

describe('web app: patient chart in a browser', { timeout: 180_000 }, () => {
  let harness: Harness;
  let browser: Browser;
  let base: string;
  let pharmacist: BrowserContext;
  let page: Page;
  let chartPath = '';
  const drug = 'Empagliflozin 10 mg tablet';

  before(async () => {
    harness = await startHarness({ demoPatients: 30 });
    ({ base, browser } = harness);
    pharmacist = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    page = await pharmacist.newPage();
  });

  after(async () => {
    await harness?.close();
  });

  it('shows the server’s message for a wrong password, then logs in and shows who is signed in', async () => {
    await page.goto(base + '/');
    await page.waitForURL(/\/login/);
    await page.getByLabel('Username').fill('pharmacist');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    const alert = page.locator('.login-card [role="alert"]');
    await alert.waitFor();
    assert.notEqual((await alert.innerText()).trim(), '');

    await page.getByLabel('Password').fill(demoUser('pharmacist').password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/patients$/);
    const who = await page.getByTestId('current-user').innerText();
    assert.match(who, new RegExp(escapeRegExp(demoUser('pharmacist').displayName)));
    assert.match(who, /Pharmacist/);
    assert.match(who, new RegExp(demoUser('pharmacist').org));
  });

  it('lists all patients for an empty query, finds one by last name and opens the chart', async () => {
    const firstLink = page.locator('table.results tbody th a').first();
    await firstLink.waitFor();
    assert.match(await page.getByRole('status').filter({ hasText: 'Showing' }).innerText(), /Showing 1–\d+ of \d+/);
    const name = (await firstLink.innerText()).trim(); // "Last, First"
    const lastName = name.split(',')[0]!.trim();

    const box = page.getByRole('searchbox', { name: 'Find a patient' });
    await box.fill(lastName);
    await box.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('q') === lastName);
    await page.getByRole('status').filter({ hasText: `for “${lastName}”` }).waitFor();
    const names = await page.locator('table.results tbody th a').allInnerTexts();
    assert.ok(names.length > 0, 'the last-name search finds a patient');
    for (const n of names) assert.ok(n.toLowerCase().includes(lastName.toLowerCase()), `${n} matches ${lastName}`);

    await page.getByRole('link', { name, exact: true }).first().click();
    await page.waitForURL(/\/patients\/[0-9a-f-]{36}$/);
    chartPath = new URL(page.url()).pathname;
    assert.equal((await page.getByRole('heading', { level: 1 }).innerText()).trim(), name);
    await page.getByRole('heading', { level: 2, name: 'Medications' }).waitFor();
    // The pharmacist may sign the medication list.
    assert.equal(await page.getByRole('button', { name: 'Sign medication list' }).count(), 1);
  });

  it('shows field errors beside the fields: empty drug name (client) and a server 422 pointer', async () => {
    await page.getByRole('button', { name: 'Add medication' }).click();
    const form = page.getByRole('form', { name: 'Add medication' });
    await form.waitFor();
    // Every control in the form has a real label.
    const unlabelled = await form.locator('input, select, textarea').evaluateAll(
      (els) => els.filter((e) => (e as HTMLInputElement).labels?.length === 0).map((e) => e.outerHTML),
    );
    assert.deepEqual(unlabelled, []);

    await form.getByRole('button', { name: 'Save medication' }).click();
    assert.match(await fieldError(page, 'Drug name (required)'), /must not be empty/i);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid')), 'true', 'focus moves to the invalid field');

    // The server's problem+json field errors are mapped by JSON pointer onto the same fields.
    await page.route('**/api/patients/*/medications', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status: 422,
            contentType: 'application/problem+json',
            body: JSON.stringify({ type: 'about:blank', title: 'Invalid input', status: 422, detail: 'The medication has invalid fields', errors: [{ pointer: '/startDate', message: 'must not be before the date of birth' }] }),
          })
        : route.fallback(),
    );
    await page.getByLabel('Drug name (required)').fill(drug);
    await page.getByLabel('Start date', { exact: true }).fill('2025-01-15');
    await form.getByRole('button', { name: 'Save medication' }).click();
    await page.waitForFunction(() => document.querySelector('[aria-invalid="true"]') !== null);
    assert.match(await fieldError(page, 'Start date'), /must not be before the date of birth/i);
    assert.equal(await fieldError(page, 'Drug name (required)'), '');
    await page.unroute('**/api/patients/*/medications');
  });

  it('adds a valid medication, announces it, lists it as active, and keeps it after a reload', async () => {
    const form = page.getByRole('form', { name: 'Add medication' });
    await page.getByLabel('RxCUI').fill('1545658');
    await page.getByLabel('Source (required)').selectOption('prescription');
    await page.getByLabel('Sig (directions)').fill('1 tablet by mouth every morning');
    await page.getByLabel('Indication').fill('Type 2 diabetes');
    const prescriber = page.getByLabel('Prescriber');
    await page.waitForFunction(() => document.querySelectorAll('optgroup option').length > 0);
    const firstPrescriber = await prescriber.locator('optgroup option').first().getAttribute('value');
    await prescriber.selectOption(firstPrescriber!);
    await form.getByRole('button', { name: 'Save medication' }).click();

    await page.getByTestId('live-region').filter({ hasText: `Medication added: ${drug}` }).waitFor();
    const active = page.getByTestId('active-medications');
    await active.getByRole('rowheader', { name: new RegExp(drug) }).waitFor();
    assert.equal(await page.getByRole('form', { name: 'Add medication' }).count(), 0, 'the form closes');
    const row = active.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(drug) }) });
    assert.match(await row.innerText(), /01\/15\/2025/);
    assert.match(await row.innerText(), /Type 2 diabetes/);

    await page.screenshot({ path: path.join(SHOTS, 'openmtm-chart-medications.png') });
    await page.reload();
    await page.getByTestId('active-medications').getByRole('rowheader', { name: new RegExp(drug) }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'openmtm-chart.png') });
  });

  it('stops the medication: stop date before start is refused beside the field, then it moves to Past', async () => {
    await page.getByRole('button', { name: `Stop ${drug}` }).click();
    const form = page.getByRole('form', { name: `Stop ${drug}` });
    await form.waitFor();
    await page.getByLabel('Stop date (required)').fill('2024-12-31');
    await page.getByLabel('Reason for stopping (required)').fill('Recurrent genital mycotic infections');
    await form.getByRole('button', { name: 'Stop medication' }).click();
    assert.match(await fieldError(page, 'Stop date (required)'), /before the start date/i);

    await page.getByLabel('Stop date (required)').fill(todayIso());
    await form.getByRole('button', { name: 'Stop medication' }).click();
    await page.getByTestId('live-region').filter({ hasText: `Medication stopped: ${drug}` }).waitFor();
    await page.getByTestId('past-medications').getByRole('rowheader', { name: new RegExp(drug) }).waitFor();
    assert.equal(await page.getByTestId('active-medications').getByRole('rowheader', { name: new RegExp(drug) }).count(), 0);
  });

  it('does not offer a technician the "Sign medication list" button, but does offer medication entry', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    try {
      const tech = await ctx.newPage();
      // Deep link: the login page returns to the chart afterwards.
      await logIn(tech, base, 'technician', chartPath);
      assert.equal(new URL(tech.url()).pathname, chartPath);
      await tech.getByRole('heading', { level: 2, name: 'Medication list signatures' }).waitFor();
      assert.equal(await tech.getByRole('button', { name: 'Sign medication list' }).count(), 0);
      assert.equal(await tech.getByRole('button', { name: 'Add medication' }).count(), 1);
      assert.equal(await tech.getByRole('button', { name: 'Add condition' }).count(), 0, 'conditions need clinical:write');
      await tech.screenshot({ path: path.join(SHOTS, 'openmtm-chart-technician.png') });

      // The server enforces permissions anyway; a 403 problem is shown in the form, not as a crash.
      await tech.route('**/api/patients/*/allergies', (route) =>
        route.fulfill({
          status: 403,
          contentType: 'application/problem+json',
          body: JSON.stringify({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'Your role may not record allergies' }),
        }),
      );
      await tech.getByRole('button', { name: 'Add allergy' }).click();
      await tech.getByLabel('Substance (required)').fill('Latex');
      await tech.getByRole('button', { name: 'Save allergy' }).click();
      const alert = tech.getByRole('form', { name: 'Add allergy or intolerance' }).getByRole('alert');
      await alert.waitFor();
      assert.match(await alert.innerText(), /Your role may not record allergies/);
    } finally {
      await ctx.close();
    }
  });
});
