import assert from 'node:assert/strict';
import test from 'node:test';
import { consumeToken } from '../../src/server/abuse/rate-limit.ts';
import { createSession } from '../../src/server/accounts/session.ts';
import { cleanUpStaleRows, startHousekeeping } from '../../src/server/app/housekeeping.ts';
import type { Database } from '../../src/server/db/database.ts';
import { actionServices } from './action-services.ts';
import { NOW, addUser } from './fixtures.ts';

const HOUR = 60 * 60;
const DAY = 24 * HOUR;
const bucket = { capacity: 5, refillIntervalSeconds: 60 };

async function keys(db: Database): Promise<string[]> {
  const rows = await db.all<{ key: string }>('SELECT key FROM rate_limits ORDER BY key');
  return rows.map((row) => row.key);
}

async function sessionCount(db: Database): Promise<number> {
  return Number((await db.get<{ n: number }>('SELECT count(*) AS n FROM sessions'))?.n);
}

/** Waits for the timer's pass, which runs on its own, to have deleted what it should. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 200 && !(await condition()); tries += 1) {
    await new Promise((done) => setTimeout(done, 10));
  }
  assert.ok(await condition(), 'the housekeeping pass did not happen');
}

test('a housekeeping pass deletes expired sessions and rate-limit rows past their use, and keeps the rest', async (t) => {
  const services = await actionServices(t);
  const { db } = services;
  const reader = await addUser(db, 'reader');
  await createSession(db, reader, NOW - 31 * DAY);
  await createSession(db, reader, NOW - HOUR);
  // Rows for names typed once, hours ago, and one still counting.
  for (const name of ['typo-1', 'typo-2', 'typo-3'])
    await consumeToken(db, `sign-in:account:${name}`, bucket, NOW - 3 * HOUR);
  await consumeToken(db, 'sign-in:account:reader', bucket, NOW - 60);

  assert.deepEqual(await cleanUpStaleRows(services), { sessions: 1, rateLimits: 3 });
  assert.deepEqual(await keys(db), ['sign-in:account:reader']);
  assert.equal(await sessionCount(db), 1);
  assert.deepEqual(await cleanUpStaleRows(services), { sessions: 0, rateLimits: 0 });
});

test('the housekeeping timer makes a pass every hour on the services clock, until it is stopped', async (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  const services = await actionServices(t);
  const { db } = services;
  await consumeToken(db, 'sign-up:ip:203.0.113.1', bucket, NOW - 3 * HOUR);
  const housekeeping = startHousekeeping(services);
  t.after(() => housekeeping.stop());

  t.mock.timers.tick(HOUR * 1000 - 1);
  await new Promise((done) => setImmediate(done));
  assert.deepEqual(await keys(db), ['sign-up:ip:203.0.113.1'], 'nothing before the hour');
  t.mock.timers.tick(1);
  await until(async () => (await keys(db)).length === 0);

  await consumeToken(db, 'sign-up:ip:203.0.113.2', bucket, NOW);
  services.clock.advance(3 * HOUR);
  t.mock.timers.tick(HOUR * 1000);
  await until(async () => (await keys(db)).length === 0);

  await consumeToken(db, 'sign-up:ip:203.0.113.3', bucket, NOW);
  await housekeeping.stop();
  t.mock.timers.tick(HOUR * 1000);
  await new Promise((done) => setTimeout(done, 50));
  assert.deepEqual(await keys(db), ['sign-up:ip:203.0.113.3'], 'no pass after stop');
});

test('a pass that fails is reported and the timer carries on', async (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  const errors = t.mock.method(console, 'error', () => undefined);
  const services = await actionServices(t);
  let failures = 1;
  const flaky: Database = Object.create(services.db, {
    run: {
      value: async (...args: Parameters<Database['run']>) => {
        if (failures > 0) {
          failures -= 1;
          throw new Error('disk I/O error');
        }
        return services.db.run(...args);
      },
    },
  });
  await consumeToken(services.db, 'sign-up:ip:203.0.113.1', bucket, NOW - 3 * HOUR);
  const housekeeping = startHousekeeping({ ...services, db: flaky });
  t.after(() => housekeeping.stop());

  t.mock.timers.tick(HOUR * 1000);
  await until(async () => errors.mock.callCount() === 1);
  assert.match(String(errors.mock.calls[0]?.arguments.join(' ')), /housekeeping.*disk I\/O error/i);
  t.mock.timers.tick(HOUR * 1000);
  await until(async () => (await keys(services.db)).length === 0);
});
