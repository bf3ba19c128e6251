import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has working defaults: embedded database in ./data on port 3000', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3000);
    assert.equal(c.dataDir, './data');
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.demo, false);
  });
  it('reads PORT, OPENMTM_DATA_DIR and DATABASE_URL; an empty DATABASE_URL means embedded', () => {
    const c = loadConfig({ PORT: '8080', OPENMTM_DATA_DIR: '/var/lib/openmtm', DATABASE_URL: 'postgres://u@db/openmtm' });
    assert.deepEqual([c.port, c.dataDir, c.databaseUrl], [8080, '/var/lib/openmtm', 'postgres://u@db/openmtm']);
    assert.equal(loadConfig({ DATABASE_URL: '' }).databaseUrl, undefined);
  });
  it('names every bad variable', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' }), (err: unknown) => {
      assert.ok(err instanceof ConfigError, 'the error is a ConfigError');
      assert.match(err.message, /PORT/);
      assert.match(err.message, /DATABASE_URL: must start with postgres:\/\//);
      return true;
    });
  });
});
