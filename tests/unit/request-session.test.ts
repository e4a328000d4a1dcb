import assert from 'node:assert/strict';
import test from 'node:test';
import { createSession } from '../../src/server/accounts/session.ts';
import { validateRequestSession } from '../../src/server/http/request-session.ts';
import { isStorageUnavailable } from '../../src/server/http/storage-errors.ts';
import { NOW, addUser } from './fixtures.ts';
import { freshDatabase } from './test-db.ts';
import { refuseWrites, storageRefusedError } from './write-refusing-database.ts';

const hour = 60 * 60;
const day = 24 * hour;

// Issue 12 item 7: a session last used over an hour ago is written to on its next request.
test('on storage that refuses writes, a session last used hours ago still signs its reader in', async (t) => {
  const db = await freshDatabase(t);
  const reader = await addUser(db, 'reader');
  const { session, token } = await createSession(db, reader, NOW - 2 * hour);
  const disk = refuseWrites(db);

  const validation = await validateRequestSession(disk, token, NOW);

  assert.equal(validation?.user.username, 'reader');
  assert.equal(validation?.session.id, session.id);
  assert.equal(validation?.fresh, false, 'the last use was not recorded, so the cookie is not renewed');
  assert.equal(validation?.session.lastUsedAt, NOW - 2 * hour);
  assert.ok(disk.refusedWrites > 0, 'the refresh was attempted');
});

test('on storage that refuses writes, an expired session signs nobody in and is kept for later', async (t) => {
  const db = await freshDatabase(t);
  const reader = await addUser(db, 'reader');
  const { token } = await createSession(db, reader, NOW - 11 * day);

  assert.equal(await validateRequestSession(refuseWrites(db), token, NOW), null);
  const left = await db.get<{ count: number }>('SELECT COUNT(*) AS count FROM sessions');
  assert.equal(Number(left?.count), 1);
});

test('storage that cannot even be read is the storage error the middleware answers 503 for', async (t) => {
  const db = await freshDatabase(t);
  const reader = await addUser(db, 'reader');
  const { token } = await createSession(db, reader, NOW - 2 * hour);
  const unreadable = { ...refuseWrites(db), get: () => Promise.reject(storageRefusedError()) };
  await assert.rejects(validateRequestSession(unreadable, token, NOW), (error) => isStorageUnavailable(error));
});

test('with working storage the last use is recorded once an hour, as the session module says', async (t) => {
  const db = await freshDatabase(t);
  const reader = await addUser(db, 'reader');
  const { token } = await createSession(db, reader, NOW - 2 * hour);
  const validation = await validateRequestSession(db, token, NOW);
  assert.equal(validation?.fresh, true);
  assert.equal(validation?.session.lastUsedAt, NOW);
});
