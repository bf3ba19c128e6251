// The dependency rules of ENGINEERING.md §2, checked on every run:
// domain, engines, knowledge and synthetic are pure (no IO, no clock); only the store imports a database driver;
// the API reaches data through services only.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { findAssertCalls } from './helpers/assert-calls.ts';

const SRC = path.resolve(import.meta.dirname, '../src');
const ROOT = path.resolve(import.meta.dirname, '..');

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => path.join(dir, f));
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)].map((m) => (m[1] ?? m[2])!);
}

const IO_MODULES = /^(node:)?(fs|fs\/promises|net|http|https|http2|child_process|worker_threads|dgram|dns|tls|readline|cluster)$|^pg$|^@electric-sql\/|^fastify|^@fastify\//;
const IMPURE_LAYERS = /\/(store|api|services|jobs|cli)\//;

describe('architecture', () => {
  for (const layer of ['domain', 'engines', 'knowledge', 'synthetic', 'documents']) {
    it(`${layer}/ imports no IO modules, no outer layer and reads no clock`, () => {
      for (const file of filesUnder(path.join(SRC, layer))) {
        const rel = path.relative(SRC, file);
        for (const spec of importsOf(file)) {
          assert.doesNotMatch(spec, IO_MODULES, `${rel} imports IO module ${spec}`);
          if (spec.startsWith('.')) {
            const target = path.resolve(path.dirname(file), spec);
            assert.doesNotMatch(target + '/', IMPURE_LAYERS, `${rel} imports ${spec}`);
          }
        }
        const text = fs.readFileSync(file, 'utf8');
        assert.doesNotMatch(text, /new Date\(\)|Date\.now\(\)|process\.env/, `${rel} reads the clock or the environment`);
      }
    });
  }

  it('only store/ imports the database driver', () => {
    for (const file of filesUnder(SRC)) {
      const rel = path.relative(SRC, file);
      if (rel.startsWith('store/')) continue;
      for (const spec of importsOf(file)) assert.doesNotMatch(spec, /^pg$|^@electric-sql\//, `${rel} imports ${spec}`);
    }
  });

  it('api/ reaches data only through services', () => {
    for (const file of filesUnder(path.join(SRC, 'api'))) {
      for (const spec of importsOf(file)) assert.doesNotMatch(spec, /\/store\//, `${path.relative(SRC, file)} imports ${spec}`);
    }
  });

  it('only config.ts reads process.env', () => {
    for (const file of filesUnder(SRC)) {
      const rel = path.relative(SRC, file);
      if (rel === 'config.ts') continue;
      assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /process\.env\b/, `${rel} reads process.env`);
    }
  });

  // On Node 20 a failing assert.ok(x) / assert(x) without a message makes Node build one by re-reading the test's
  // source at the position of the tsx-compiled code; on a long file that search practically never ends, so the test
  // hangs at full CPU instead of failing. Every truthiness assert therefore says in words what it expects.
  it('every assert.ok(…) and assert(…) in the tests has a message', () => {
    // Test files, and the support code under test/ that they run.
    const files = ['src', 'test']
      .flatMap((d) => fs.readdirSync(path.join(ROOT, d), { recursive: true, encoding: 'utf8' }).map((f) => path.join(ROOT, d, f)))
      .filter((f) => !f.includes('node_modules') && (f.endsWith('.test.ts') || (f.startsWith(path.join(ROOT, 'test') + path.sep) && f.endsWith('.ts'))))
      .sort();
    let calls = 0;
    const missing: string[] = [];
    for (const file of files) {
      for (const c of findAssertCalls(fs.readFileSync(file, 'utf8'))) {
        calls++;
        if (c.args < 2) missing.push(`${path.relative(ROOT, file)}:${c.line}:${c.column}: ${c.text.replace(/\s+/g, ' ').slice(0, 120)}`);
      }
    }
    // Not vacuous: the scan saw the test files and the asserts in them (231 calls in 60 files, 55 of them tests, when this was written).
    const testFiles = files.filter((f) => f.endsWith('.test.ts')).length;
    assert.ok(testFiles >= 40, `only ${testFiles} test files found to scan`);
    assert.ok(calls >= 150, `only ${calls} assert.ok/assert calls found: the scanner is broken`);
    assert.equal(missing.length, 0, `${missing.length} truthiness assert(s) without a message; add one saying what is expected ` +
      `(Node 20 hangs building a message for a failing one):\n${missing.join('\n')}`);
  });

  it('the assert scanner counts top-level arguments past nested calls, strings, templates, regexes and comments', () => {
    const fixture = [
      'assert.ok(f(a, b));',
      "assert(x, 'has a message');",
      'assert.ok([1, 2].includes(y));',
      'assert.ok({ a: 1, b: 2 }.a);',
      "assert.ok(s === 'it\\'s, (' || s === \"c, \\\"d)\");",
      'assert.ok(t === `x, \\`${g(1, `(${h(2, 3)}`)} )`);',
      "assert.ok(/[/(),]\\/,/.test(s) && 4 / 2 > 1, 'a regex and a division');",
      '// assert.ok(commented out);',
      '/*',
      ' * assert.ok(inside a block comment)',
      ' */ assert.ok(',
      '  longCondition(p, q),',
      "  'message on its own line',",
      ');',
      'other.assert(x); assert.equal(a, b); assert.ok(x,);',
      'assert.ok(x, `template ${message}`);',
    ].join('\n');
    assert.deepEqual(findAssertCalls(fixture).map((c) => [c.callee, c.line, c.args]), [
      ['assert.ok', 1, 1],
      ['assert', 2, 2],
      ['assert.ok', 3, 1],
      ['assert.ok', 4, 1],
      ['assert.ok', 5, 1],
      ['assert.ok', 6, 1],
      ['assert.ok', 7, 2],
      ['assert.ok', 11, 2],
      ['assert.ok', 15, 1],
      ['assert.ok', 16, 2],
    ]);
  });
});
