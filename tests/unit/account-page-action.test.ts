import assert from 'node:assert/strict';
import test from 'node:test';
import { createSession } from '../../src/server/accounts/session.ts';
import { signUp } from '../../src/server/accounts/user.ts';
import { performAccountRequest } from '../../src/server/actions/account-page.ts';
import { parseAccountForm } from '../../src/server/actions/account-request.ts';
import { actionServices, recordingCookieJar, type ActionServices } from './action-services.ts';

const PASSWORD = 'a long enough password';

/** Posts one of the account page's forms, as `reader`, signed in once. */
async function post(services: ActionServices, fields: Record<string, string>) {
  let user = (await services.db.get<{ id: number }>(`SELECT id FROM users WHERE username_key = 'reader'`)) ?? null;
  if (user === null) {
    const created = await signUp(services.db, { username: 'reader', password: PASSWORD }, services.clock.now());
    assert.ok(created.ok);
    user = created.user;
  }
  const reader = { id: Number(user.id), username: 'reader', role: 'reader', bannedAt: null } as const;
  const { session } = await createSession(services.db, reader.id, services.clock.now());
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  const request = parseAccountForm(form);
  assert.ok(request !== null);
  const viewer = { user: reader, session, clientIp: '203.0.113.7', cookies: recordingCookieJar() };
  return performAccountRequest(services, viewer, request);
}

test('each form of the account page redirects to its part when done', async (t) => {
  const services = await actionServices(t);
  const changed = await post(services, {
    intent: 'change-password',
    current_password: PASSWORD,
    new_password: 'another long passphrase',
  });
  assert.deepEqual(changed, { kind: 'redirect', location: '/account/?done=password#password' });
  const reader = await services.db.get<{ id: number }>(`SELECT id FROM users WHERE username_key = 'reader'`);
  const other = await createSession(services.db, Number(reader?.id), services.clock.now());
  const signedOut = await post(services, { intent: 'sign-out-device', session_id: other.session.id });
  assert.deepEqual(signedOut, { kind: 'redirect', location: '/account/?done=device#devices' });
  assert.deepEqual(await post(services, { intent: 'sign-out-everywhere' }), { kind: 'redirect', location: '/' });
  const deleted = await post(services, { intent: 'delete-account', password: 'another long passphrase' });
  assert.deepEqual(deleted, { kind: 'redirect', location: '/account/deleted/' });
});

test('a refusal names the part of the page it belongs to', async (t) => {
  const services = await actionServices(t);
  const cases: [Record<string, string>, string, number][] = [
    [
      { intent: 'change-password', current_password: 'wrong', new_password: 'another long passphrase' },
      'password',
      400,
    ],
    [{ intent: 'sign-out-device', session_id: 'nobody' }, 'devices', 404],
    [{ intent: 'delete-account', password: 'wrong' }, 'delete', 400],
    [{ intent: 'enable-two-factor', key: 'A'.repeat(32), code: '12345' }, 'two-factor', 400],
    [{ intent: 'disable-two-factor', code: '123456' }, 'two-factor', 400],
  ];
  for (const [fields, part, status] of cases) {
    const outcome = await post(services, fields);
    assert.equal(outcome.kind === 'refused' && `${outcome.part} ${outcome.status}`, `${part} ${status}`, fields.intent);
  }
});

test('an unknown form is no request', () => {
  const form = new FormData();
  form.set('intent', 'delete-everything');
  assert.equal(parseAccountForm(form), null);
  assert.equal(parseAccountForm(new FormData()), null);
});
