/**
 * Sessions as the database held them at its current change version (src/server/db/version.ts),
 * for the server's read-only answers (src/server/http/server.ts): a signed-in reader's session row
 * is read once per version rather than once per request, and the request's one version query
 * serves both this cache and the thread cache. Every request still has its secret hashed and
 * compared in constant time, and its expiry checked against the clock (session.ts); a write
 * anywhere moves the version, so a session ended, a ban or a second factor shows at once.
 *
 * Memory is bounded: the sessions of one version only, at most CAPACITY of them.
 */
import type { Queryable } from '../db/database.ts';
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
  let keptVersion = '';
  const records = new Map<string, SessionRecord>();
  return {
    validate: async (db, token, now, version) => {
      const parsed = parseSessionToken(token);
      if (parsed === null) return null;
      if (version !== keptVersion) {
        records.clear();
        keptVersion = version;
      }
      let record = records.get(parsed.sessionId) ?? null;
      if (record === null) {
        record = await readSessionRecord(db, parsed.sessionId);
        if (record === null) return null;
        // Read after `version` was: kept only if no later version has been seen meanwhile.
        if (keptVersion === version) {
          if (records.size >= CAPACITY) records.delete(records.keys().next().value!);
          records.set(parsed.sessionId, record);
        }
      }
      return validateSessionRecord(record, parsed.secret, now);
    },
  };
}
