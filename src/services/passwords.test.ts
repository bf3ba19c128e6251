import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

describe('password hashing', () => {
  it('hashes with scrypt and a random salt, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    assert.match(a, /^scrypt\$16384\$8\$1\$/);
    assert.notEqual(a, b);
    assert.equal(await verifyPassword('correct horse battery staple', a), true);
    assert.equal(await verifyPassword('correct horse battery stapler', a), false);
    assert.equal(await verifyPassword('anything', DUMMY_HASH), false);
    assert.equal(await verifyPassword('anything', 'md5$abc'), false);
  });
  it('asks for length rather than composition', () => {
    assert.match(passwordProblem('short')!, /at least 12/);
    assert.equal(passwordProblem('a long enough passphrase'), undefined);
  });
});
