import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { testDbKinds } from '../helpers/db.ts';

for (const kind of testDbKinds()) {
  describe(`auth (${kind})`, () => {
    let api: TestApi;
    before(async () => {
      api = await createTestApi(kind);
    });
    after(() => api.close());

    it('logs in with an httpOnly SameSite=Strict session cookie and reports the user', async () => {
      const res = await api.req('POST', '/api/auth/login', { body: { username: 'a-pharmacist', password: api.fx.password } });
      assert.equal(res.statusCode, 200);
      const cookie = res.cookies.find((c) => c.name === 'openmtm_session');
      assert.ok(cookie, 'session cookie set');
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Strict');
      const me = await api.req('GET', '/api/auth/me', { cookie: `openmtm_session=${cookie.value}` });
      assert.equal(me.statusCode, 200);
      const user = me.json().user;
      assert.equal(user.role, 'pharmacist');
      assert.equal(user.orgName, 'Alpha Pharmacy');
      assert.ok(user.permissions.includes('medication-list:sign'), 'a pharmacist may sign medication lists');
      assert.equal(JSON.stringify(user).includes('passwordHash'), false);
    });

    it('refuses a wrong password with problem+json and no cookie', async () => {
      const res = await api.req('POST', '/api/auth/login', { body: { username: 'a-technician', password: 'nope' } });
      assert.equal(res.statusCode, 401);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      assert.equal(res.json().detail, 'Wrong username or password');
      assert.equal(res.cookies.length, 0);
    });

    it('refuses requests without a session', async () => {
      const res = await api.req('GET', '/api/patients');
      assert.equal(res.statusCode, 401);
      const forged = await api.req('GET', '/api/patients', { cookie: 'openmtm_session=forged-token' });
      assert.equal(forged.statusCode, 401);
    });

    it('rate-limits repeated failed logins, even with the right password afterwards', async () => {
      for (let i = 0; i < 5; i++) {
        const r = await api.req('POST', '/api/auth/login', { body: { username: 'a-manager', password: `wrong-${i}` } });
        assert.equal(r.statusCode, 401);
      }
      const blocked = await api.req('POST', '/api/auth/login', { body: { username: 'a-manager', password: api.fx.password } });
      assert.equal(blocked.statusCode, 429);
      assert.ok(Number(blocked.headers['retry-after']) > 0, 'the 429 says when to retry');
      api.clock.advanceMinutes(16);
      const later = await api.req('POST', '/api/auth/login', { body: { username: 'a-manager', password: api.fx.password } });
      assert.equal(later.statusCode, 200);
    });

    it('ends the session on logout', async () => {
      const cookie = await api.login('a-pharmacist');
      assert.equal((await api.req('POST', '/api/auth/logout', { cookie })).statusCode, 204);
      assert.equal((await api.req('GET', '/api/auth/me', { cookie })).statusCode, 401);
    });

    it('expires idle sessions and slides the expiry while active', async () => {
      const cookie = await api.login('a-pharmacist');
      api.clock.advanceMinutes(20);
      assert.equal((await api.req('GET', '/api/auth/me', { cookie })).statusCode, 200);
      api.clock.advanceMinutes(20); // 40 min after login, 20 after last use
      assert.equal((await api.req('GET', '/api/auth/me', { cookie })).statusCode, 200);
      api.clock.advanceMinutes(31);
      const res = await api.req('GET', '/api/auth/me', { cookie });
      assert.equal(res.statusCode, 401);
      assert.match(res.json().detail, /session has ended/);
    });

    it('ends sessions after the absolute lifetime however active', async () => {
      const cookie = await api.login('a-pharmacist');
      for (let i = 0; i < 13 * 3; i++) {
        api.clock.advanceMinutes(20);
        if ((await api.req('GET', '/api/auth/me', { cookie })).statusCode === 401) {
          assert.ok(i >= 12 * 3 - 1, `ended too early at step ${i}`);
          return;
        }
      }
      assert.fail('session outlived its absolute lifetime');
    });
  });
}
