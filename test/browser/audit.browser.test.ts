// Browser test of the audit log and role-aware navigation against the real server (see harness.ts):
// a pharmacist opens a chart; the demo auditor lands on the audit log (no "Patients" link), finds that
// pharmacist's patient.read of that patient, sees a refusal marked as denied, exports the page as CSV, and gets
// a clear message (and no patient API call) on patient pages.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { logIn, SHOTS, startHarness, type Harness } from './harness.ts';

// A user agent with a leading "=", quotes and commas: the CSV export must quote it and defuse the formula.
const PHARMACIST_UA = '=HYPERLINK("https://example.invalid","x") audit-test, "quoted" agent';

/** RFC 4180 parser, enough to read the export back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      assert.ok(quoted || field === '', 'a quote only opens a field');
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  assert.equal(field + row.join(''), '', 'the file ends with CRLF');
  return rows;
}

describe('web app: audit log and role-aware navigation', { timeout: 120_000 }, () => {
  let harness: Harness;
  let base: string;
  let auditorCtx: BrowserContext;
  let auditor: Page;
  let patientId = '';

  before(async () => {
    harness = await startHarness({ demoPatients: 12 });
    base = harness.base;
  });

  after(async () => {
    await harness?.close();
  });

  it('pharmacist: sees only "Patients", opens a chart, and is told the audit log is not for their role', async () => {
    const ctx = await harness.browser.newContext({ viewport: { width: 1366, height: 900 }, userAgent: PHARMACIST_UA });
    try {
      const page = await ctx.newPage();
      await logIn(page, base, 'pharmacist', '/');
      await page.waitForURL(/\/patients$/);
      const nav = page.getByRole('navigation', { name: 'Main' });
      assert.equal(await nav.getByRole('link', { name: 'Patients' }).count(), 1);
      assert.equal(await nav.getByRole('link', { name: 'Audit log' }).count(), 0);

      const first = page.locator('table.results tbody th a').first();
      await first.waitFor();
      const name = (await first.innerText()).trim();
      await first.click();
      await page.waitForURL(/\/patients\/[0-9a-f-]{36}$/);
      patientId = new URL(page.url()).pathname.split('/').pop()!;
      assert.equal((await page.getByRole('heading', { level: 1 }).innerText()).trim(), name);

      await page.goto(base + '/audit');
      await page.getByRole('heading', { level: 1, name: 'No access to the audit log' }).waitFor();
      assert.match(await page.getByTestId('no-access').innerText(), /Pharmacist/);
    } finally {
      await ctx.close();
    }
  });

  it('auditor: a deep link to a chart lands on the audit log instead; only "Audit log" is in the header', async () => {
    auditorCtx = await harness.browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    auditor = await auditorCtx.newPage();
    await logIn(auditor, base, 'auditor', `/patients/${patientId}`);
    await auditor.waitForURL(/\/audit$/);
    const nav = auditor.getByRole('navigation', { name: 'Main' });
    assert.equal(await nav.getByRole('link', { name: 'Patients' }).count(), 0);
    const link = nav.getByRole('link', { name: 'Audit log' });
    assert.equal(await link.getAttribute('aria-current'), 'page');
    await auditor.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await auditor.getByRole('status').filter({ hasText: /Showing 1–\d+ of \d+ entries, newest first/ }).waitFor();
    await auditor.screenshot({ path: path.join(SHOTS, 'openmtm-audit-all.png') });
  });

  it('auditor: checks ids before asking, then filters by action patient.read and patient id to find the pharmacist', async () => {
    const patientBox = auditor.getByLabel('Patient id', { exact: true });
    await patientBox.fill('not-a-uuid');
    await auditor.getByRole('button', { name: 'Search' }).click();
    assert.equal(await patientBox.getAttribute('aria-invalid'), 'true');
    assert.equal(await auditor.evaluate(() => document.activeElement?.getAttribute('aria-invalid')), 'true', 'focus moves to the invalid field');
    assert.equal(new URL(auditor.url()).search, '', 'nothing is sent for an invalid id');

    await patientBox.fill(patientId);
    await auditor.getByLabel('Action', { exact: true }).selectOption('patient.read');
    await auditor.getByRole('button', { name: 'Search' }).click();
    await auditor.waitForURL((u) => u.searchParams.get('action') === 'patient.read' && u.searchParams.get('patientId') === patientId);
    await auditor.getByRole('status').filter({ hasText: /matching entries/ }).waitFor();

    const rows = auditor.locator('table.audit-table tbody tr');
    assert.ok((await rows.count()) >= 1, 'the search finds at least one entry');
    for (const action of await auditor.locator('table.audit-table tbody tr td:nth-child(4)').allInnerTexts()) assert.equal(action, 'patient.read');
    const row = rows.filter({ hasText: 'pharmacist' }).first();
    const cells = (await row.locator('th, td').allInnerTexts()).map((t) => t.trim());
    assert.match(cells[0]!, /^\d{2}\/\d{2}\/\d{4}, \d{1,2}:\d{2}:\d{2}\s[AP]M/, 'local time with seconds');
    assert.match(cells[1]!, /^pharmacist/);
    assert.equal(cells[2], 'Pharmacist');
    assert.match(cells[4]!, /Success/);
    assert.equal(cells[5], patientId);
    assert.equal(cells[8], PHARMACIST_UA);
    // The auditor may not read charts, so the patient id is not a link.
    assert.equal(await auditor.locator('table.audit-table a').count(), 0);

    const detail = row.locator('details');
    assert.equal(await detail.locator('pre').isVisible(), false, 'detail starts folded');
    await detail.locator('summary').click();
    assert.match(await detail.locator('pre').innerText(), /"view": "chart"/);
    await auditor.screenshot({ path: path.join(SHOTS, 'openmtm-audit.png'), fullPage: true });
  });

  it('auditor: exports the rows on screen as CSV with proper quoting', async () => {
    const shown = await auditor.locator('table.audit-table tbody tr').count();
    const [download] = await Promise.all([auditor.waitForEvent('download'), auditor.getByRole('button', { name: 'Export CSV' }).click()]);
    assert.match(download.suggestedFilename(), /^openmtm-audit-\d{8}-\d{6}-rows-1-\d+\.csv$/);
    const text = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const [header, ...data] = parseCsv(text);
    assert.deepEqual(header, ['id', 'at', 'orgId', 'userId', 'username', 'role', 'action', 'outcome', 'resourceType', 'resourceId', 'patientId', 'ip', 'userAgent', 'detail']);
    assert.equal(data.length, shown);
    const col = (n: string) => header!.indexOf(n);
    const mine = data.find((r) => r[col('username')] === 'pharmacist');
    assert.ok(mine, 'the CSV has a row for the pharmacist');
    assert.equal(mine[col('action')], 'patient.read');
    assert.equal(mine[col('patientId')], patientId);
    assert.equal(mine[col('userAgent')], `'${PHARMACIST_UA}`, 'a leading = is defused with a quote mark');
    assert.deepEqual(JSON.parse(mine[col('detail')]!), { view: 'chart' });
    assert.ok(!Number.isNaN(Date.parse(mine[col('at')]!)), 'the "at" column holds a parseable timestamp');
    assert.ok(text.includes(`"{""view"":""chart""}"`), 'inner quotes are doubled');
    await auditor.getByTestId('live-region').filter({ hasText: `Exported ${shown} audit` }).waitFor();
  });

  it('auditor: a refused request shows as Denied (word and row mark), found by user id', async () => {
    const { me, status } = await auditor.evaluate(async () => {
      const me = (await (await fetch('/api/auth/me')).json()) as { user: { id: string } };
      return { me: me.user.id, status: (await fetch('/api/patients')).status };
    });
    assert.equal(status, 403);
    await auditor.getByLabel('Patient id', { exact: true }).fill('');
    await auditor.getByLabel('User id', { exact: true }).fill(me);
    await auditor.getByLabel('Action', { exact: true }).selectOption('patient.search');
    await auditor.getByRole('button', { name: 'Search' }).click();
    await auditor.waitForURL((u) => u.searchParams.get('userId') === me && u.searchParams.get('action') === 'patient.search');
    const denied = auditor.locator('table.audit-table tbody tr[data-outcome="denied"]').first();
    await denied.waitFor();
    assert.match(await denied.locator('td').nth(3).innerText(), /Denied/);
    assert.match((await denied.getAttribute('class')) ?? '', /audit-denied/);
    assert.match(await denied.locator('td').nth(1).innerText(), /Auditor/);
    await auditor.screenshot({ path: path.join(SHOTS, 'openmtm-audit-denied.png') });
  });

  it('auditor: a filter the server refuses (edited URL) shows the problem’s field messages', async () => {
    await auditor.goto(base + '/audit?patientId=12345&action=patient.read');
    const alert = auditor.getByRole('alert').filter({ hasText: 'Invalid input' });
    await alert.waitFor();
    assert.match(await alert.innerText(), /Patient id: /);
    assert.equal(await auditor.getByLabel('Patient id', { exact: true }).inputValue(), '12345');
    assert.equal(await auditor.locator('table.audit-table').count(), 0);
  });

  it('auditor: patient pages say "no access" without asking the server for patient data', async () => {
    const patientCalls: string[] = [];
    auditor.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/patients')) patientCalls.push(r.url());
    });
    for (const p of ['/patients', `/patients/${patientId}`]) {
      await auditor.goto(base + p);
      await auditor.getByRole('heading', { level: 1, name: 'No access to patient records' }).waitFor();
      assert.match(await auditor.getByTestId('no-access').innerText(), /Your role \(Auditor\)/);
    }
    assert.deepEqual(patientCalls, []);
    await auditor.getByRole('link', { name: 'Go to audit log' }).click();
    await auditor.waitForURL(/\/audit$/);
    await auditor.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await auditorCtx.close();
  });
});
