/**
 * The session a request's cookie names, for src/middleware.ts. Validating it may write (its last
 * use, hourly; the deletion of an expired one); storage that refuses those writes must not fail
 * a read or sign the reader out, so the session is then validated again without writing and the
 * write waits for a later request (issue 12, item 7). A read that fails is the caller's 503.
 */
import { validateSessionToken, type SessionValidation } from '../accounts/session.ts';
import type { Queryable } from '../db/database.ts';
import { isStorageUnavailable } from './storage-errors.ts';

export async function validateRequestSession(
  db: Queryable,
  token: string,
  now: number,
): Promise<SessionValidation | null> {
  try {
    return await validateSessionToken(db, token, now);
  } catch (error) {
    if (!isStorageUnavailable(error)) throw error;
    return validateSessionToken(db, token, now, { write: false });
  }
}
