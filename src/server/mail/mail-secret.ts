/**
 * The key unsubscribe links are signed with: MAIL_SECRET when it is set, otherwise a random one
 * made by the first sender that needs it and kept in the database, so that every process, and
 * every restart, signs and checks links alike.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase64 } from '@oslojs/encoding';
import type { Queryable } from '../db/database.ts';

/** The key, made and stored first if need be: for the sender, which signs links. */
export async function mailSecretKey(db: Queryable, configured: string | null): Promise<Uint8Array> {
  if (configured === null) {
    const fresh = encodeBase64(crypto.getRandomValues(new Uint8Array(32)));
    await db.run(`INSERT INTO site_secrets (name, value) VALUES ('mail', ?) ON CONFLICT (name) DO NOTHING`, [fresh]);
  }
  const key = await readMailSecretKey(db, configured);
  if (key === null) throw new Error('The mail secret could not be stored.');
  return key;
}

/** The key, or null while none was made: then no link was ever signed, so none can check out. */
export async function readMailSecretKey(db: Queryable, configured: string | null): Promise<Uint8Array | null> {
  if (configured !== null) return keyOf(configured);
  const row = await db.get<{ value: string }>(`SELECT value FROM site_secrets WHERE name = 'mail'`);
  return row === null ? null : keyOf(row.value);
}

function keyOf(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}
