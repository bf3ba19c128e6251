// Shared set-up for the browser tests: build the current web source into a private directory (never a stale
// web/dist), start the real server in demo mode on a fresh PGlite data dir and a free port, launch Debian's
// chromium. One harness per test file; each file's tests share its server and browser.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { startApp, type RunningApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { DEMO_USERS } from '../../src/jobs/seed-demo.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
/** Where screenshots go: $OPENMTM_SCREENSHOT_DIR or the temp dir. */
export const SHOTS = process.env['OPENMTM_SCREENSHOT_DIR'] ?? os.tmpdir();

export type Harness = { base: string; browser: Browser; dataDir: string; close(): Promise<void> };

export async function startHarness(opts: { demoPatients: number; demoAsOf?: string }): Promise<Harness> {
  assert.ok(fs.existsSync(CHROMIUM), `chromium not found at ${CHROMIUM}; install it with: apt-get install -y chromium`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openmtm-browser-'));
  let running: RunningApp | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await running?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const webDist = path.join(dataDir, 'web-dist');
    await build({ configFile: path.join(ROOT, 'web/vite.config.ts'), logLevel: 'warn', build: { outDir: webDist, emptyOutDir: true, sourcemap: false } });
    const config = loadConfig({ OPENMTM_DATA_DIR: path.join(dataDir, 'db'), PORT: '0', HOST: '127.0.0.1', OPENMTM_DEMO: '1', LOG_LEVEL: 'silent' });
    running = await startApp(config, { webDist, demoPatients: opts.demoPatients, ...(opts.demoAsOf ? { demoAsOf: opts.demoAsOf } : {}) });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    return { base: running.url.replace('localhost', '127.0.0.1'), browser, dataDir, close };
  } catch (e) {
    await close();
    throw e;
  }
}

export function demoUser(username: string) {
  const u = DEMO_USERS.find((x) => x.username === username);
  assert.ok(u, `demo user ${username} exists`);
  return u;
}

/** Opens `path` signed out, logs in on the login page it is sent to, and waits to leave /login. */
export async function logIn(page: Page, base: string, username: string, path = '/patients') {
  const u = demoUser(username);
  await page.goto(base + path);
  await page.waitForURL(/\/login/);
  await page.getByLabel('Username').fill(u.username);
  await page.getByLabel('Password').fill(u.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
