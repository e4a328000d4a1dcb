/**
 * Sessions as the database held them at its current change version (src/server/db/version.ts),
 * for the server's read-only answers (src/server/http/server.ts): a signed-in reader's session row
 * is read once per version rather than once per request, and the request's one version query
 * serves both this cache and the thread cache. Every request still has its secret hashed and
 * compared in constant time, and its expiry checked against the clock (session.ts); a write
 * anywhere moves the version, so a session ended, a ban or a second factor shows at once.
 */
import type { Queryable } from '../db/database.ts';
import { createVersionedReads } from '../db/versioned-reads.ts';
import {
  parseSessionToken,
  readSessionRecord,
  validateSessionRecord,
  type SessionRecord,
  type SessionValidation,
} from './session.ts';

const CAPACITY = 10_000;

export interface SessionCache {
  /** `validateSessionToken(db, token, now, { write: false })`, while the database's version is `version`. */
  validate(db: Queryable, token: string, now: number, version: string): Promise<SessionValidation | null>;
}

export function createSessionCache(): SessionCache {
  const records = createVersionedReads<SessionRecord | null>(CAPACITY);
  return {
    validate: async (db, token, now, version) => {
      const parsed = parseSessionToken(token);
      if (parsed === null) return null;
      const record = await records.read(parsed.sessionId, version, () => readSessionRecord(db, parsed.sessionId));
      return record === null ? null : validateSessionRecord(record, parsed.secret, now);
    },
  };
}
