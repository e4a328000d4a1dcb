/**
 * One versioned schema change, its SQL for both dialects side by side. Once a migration has been
 * applied anywhere it is never edited, not even its whitespace: the SHA-256 of its SQL is recorded
 * with it, and a database whose recorded checksum differs refuses to start. A change is a new
 * migration.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from './database.ts';

export type Dialect = Queryable['dialect'];

export interface Migration {
  version: number;
  name: string;
  /** Null where the dialect needs no change; the migration is still recorded there. */
  sqlite: string | null;
  postgres: string | null;
  /**
   * Runs the SQL outside a transaction, for statements that cannot run inside one (PostgreSQL's
   * `CREATE INDEX CONCURRENTLY`, SQLite's `VACUUM`); it is recorded once the SQL has finished.
   * A failure halfway keeps what ran and records nothing, so the next start runs it all again;
   * two SQLite processes starting together may both run it. Its SQL must therefore be safe to
   * run again: `IF NOT EXISTS` on every statement. On PostgreSQL give it a single statement,
   * since several sent at once run as one implicit transaction, and know that a failed
   * `CREATE INDEX CONCURRENTLY` leaves an invalid index that `IF NOT EXISTS` then passes over:
   * drop it by hand before starting again (https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY).
   */
  outsideTransaction?: boolean;
  /**
   * On SQLite, runs the SQL with foreign key enforcement off and checks every foreign key before
   * it commits, as SQLite's procedure for a change ALTER TABLE cannot make requires: a new table,
   * the rows copied, the old one dropped, the new one renamed, its indexes made again. With
   * enforcement on, dropping a table that others reference would delete or refuse their rows
   * (https://www.sqlite.org/lang_altertable.html#otheralter). No effect on PostgreSQL.
   */
  rebuildsTables?: boolean;
}

export function migrationSql(migration: Migration, dialect: Dialect): string | null {
  return dialect === 'sqlite' ? migration.sqlite : migration.postgres;
}

/** The SHA-256 of the migration's SQL for `dialect` (of no text where it has none), in hex. */
export function migrationChecksum(migration: Migration, dialect: Dialect): string {
  return createHash('sha256')
    .update(migrationSql(migration, dialect) ?? '')
    .digest('hex');
}
