#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ in one node:test run (one summary for people and CI).
// --no-browser leaves out test/browser (which needs Debian's chromium).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const noBrowser = process.argv.includes('--no-browser');
const files = ['src', 'test']
  .flatMap((d) => fs.readdirSync(path.join(root, d), { recursive: true, encoding: 'utf8' }).map((f) => path.join(d, f)))
  .filter((f) => f.endsWith('.test.ts') && !f.includes('node_modules'))
  .filter((f) => !(noBrowser && f.startsWith(path.join('test', 'browser'))))
  .sort();
if (files.length === 0) {
  console.error('No test files found');
  process.exit(1);
}
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...files], { cwd: root, stdio: 'inherit' });
process.exit(res.status ?? 1);
