/**
 * The key unsubscribe links are signed with: MAIL_SECRET when it is set, otherwise a random one
 * made by the first process that needs it and kept in the database, so that every process, and
 * every restart, signs and checks links alike.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase64 } from '@oslojs/encoding';
import type { Queryable } from '../db/database.ts';

export async function mailSecretKey(db: Queryable, configured: string | null): Promise<Uint8Array> {
  if (configured !== null) return sha256(new TextEncoder().encode(configured));
  const fresh = encodeBase64(crypto.getRandomValues(new Uint8Array(32)));
  await db.run(`INSERT INTO site_secrets (name, value) VALUES ('mail', ?) ON CONFLICT (name) DO NOTHING`, [fresh]);
  const row = await db.get<{ value: string }>(`SELECT value FROM site_secrets WHERE name = 'mail'`);
  if (row === null) throw new Error('The mail secret could not be stored.');
  return sha256(new TextEncoder().encode(row.value));
}
