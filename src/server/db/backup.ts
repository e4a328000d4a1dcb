/**
 * A consistent copy of the SQLite database while the server keeps running. VACUUM INTO reads
 * one snapshot inside a read transaction, which WAL lets run beside the server's writes, and
 * writes a compacted file that stands alone (no -wal to carry): https://www.sqlite.org/lang_vacuum.html#vacuuminto
 * The copy is then opened and checked with PRAGMA integrity_check.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export type BackupOutcome =
  { ok: true; path: string } | { ok: false; reason: 'no-database' | 'exists' | 'corrupt'; message: string };

/** Writes `<backupDir>/newsroom-<UTC time>.sqlite` from the database file at `databasePath`. */
export async function backupSqliteDatabase(databasePath: string, backupDir: string, now: Date): Promise<BackupOutcome> {
  if (!existsSync(databasePath)) {
    return { ok: false, reason: 'no-database', message: `There is no SQLite database at ${databasePath}.` };
  }
  await mkdir(backupDir, { recursive: true });
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '');
  const path = join(backupDir, `newsroom-${stamp}.sqlite`);
  if (existsSync(path)) {
    return { ok: false, reason: 'exists', message: `${path} already exists; not overwriting it.` };
  }

  const source = new DatabaseSync(databasePath);
  try {
    source.exec('PRAGMA busy_timeout = 5000');
    source.prepare('VACUUM INTO ?').run(path);
  } finally {
    source.close();
  }

  const copy = new DatabaseSync(path, { readOnly: true });
  try {
    const results = copy.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
    const problems = results.map((row) => row.integrity_check).filter((line) => line !== 'ok');
    if (problems.length > 0) {
      return {
        ok: false,
        reason: 'corrupt',
        message: `The copy at ${path} fails its integrity check: ${problems.join('; ')}`,
      };
    }
  } finally {
    copy.close();
  }
  return { ok: true, path };
}
