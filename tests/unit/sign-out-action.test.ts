import assert from 'node:assert/strict';
import test from 'node:test';
import { createSession, validateSessionToken } from '../../src/server/accounts/session.ts';
import { performSignOut, performSignOutEverywhere } from '../../src/server/actions/sign-out.ts';
import { actionServices, recordingCookieJar, type ActionServices } from './action-services.ts';
import { addUser } from './fixtures.ts';

/** A reader signed in twice: in this browser and in another. */
async function readerWithTwoSessions(
  services: ActionServices,
): Promise<{ userId: number; here: { id: string; token: string }; there: { token: string } }> {
  const now = services.clock.now();
  const userId = await addUser(services.db, 'reader');
  const here = await createSession(services.db, userId, now);
  const there = await createSession(services.db, userId, now);
  return { userId, here: { id: here.session.id, token: here.token }, there };
}

async function isSignedIn(services: ActionServices, token: string): Promise<boolean> {
  return (await validateSessionToken(services.db, token, services.clock.now())) !== null;
}

test('signing out ends this session only and clears the cookie', async (t) => {
  const services = await actionServices(t);
  const { here, there } = await readerWithTwoSessions(services);
  const jar = recordingCookieJar();
  await performSignOut(services, here.id, jar);
  assert.equal(await isSignedIn(services, here.token), false);
  assert.equal(await isSignedIn(services, there.token), true);
  assert.deepEqual(jar.cookies.get('session'), {
    value: '',
    options: { httpOnly: true, sameSite: 'lax', path: '/', secure: false, maxAge: 0 },
  });
});

test('signing out without a session still clears the cookie', async (t) => {
  const services = await actionServices(t);
  const jar = recordingCookieJar();
  await performSignOut(services, null, jar);
  assert.equal(jar.cookies.get('session')?.value, '');
});

test('signing out everywhere ends every session of the account and clears the cookie', async (t) => {
  const services = await actionServices(t);
  const { userId, here, there } = await readerWithTwoSessions(services);
  const jar = recordingCookieJar();
  await performSignOutEverywhere(services, userId, jar);
  assert.equal(await isSignedIn(services, here.token), false);
  assert.equal(await isSignedIn(services, there.token), false);
  assert.equal(jar.cookies.get('session')?.value, '');
});
