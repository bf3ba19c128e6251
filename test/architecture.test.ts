// The dependency rules of ENGINEERING.md §2, checked on every run:
// domain, engines, knowledge and synthetic are pure (no IO, no clock); only the store imports a database driver;
// the API reaches data through services only.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const SRC = path.resolve(import.meta.dirname, '../src');

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
});
