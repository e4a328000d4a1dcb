/**
 * A value that changes whenever committed data may have changed, in this process or another:
 * what the process's caches of database reads (src/server/views/thread-cache.ts,
 * src/server/accounts/session-cache.ts) check on every read, in one query whatever they hold.
 *
 * On SQLite it is `PRAGMA data_version`, which moves when another connection commits
 * (https://www.sqlite.org/pragma.html#pragma_data_version), with `total_changes()`, which moves
 * with every row this connection writes (https://www.sqlite.org/c3ref/total_changes.html). On
 * PostgreSQL it is the current snapshot: two equal snapshots see the same committed data
 * (https://www.postgresql.org/docs/current/functions-info.html#FUNCTIONS-SNAPSHOT). A cache reads
 * the version before the rows it keeps under it, so a write in between makes the next read look
 * again.
 */
import type { Queryable } from './database.ts';

export async function readDatabaseVersion(db: Queryable): Promise<string> {
  const row =
    db.dialect === 'sqlite'
      ? await db.get<{ version: string }>(
          `SELECT data_version || '.' || total_changes() AS version FROM pragma_data_version`,
        )
      : await db.get<{ version: string }>('SELECT pg_current_snapshot()::text AS version');
  if (row === null) throw new Error('The database version query gave no row.');
  return String(row.version);
}
