/**
 * The `schema_migrations` table: one row per applied migration, with its version, name, the time
 * it was applied and the checksum of its SQL. Tables made before checksums were recorded have no
 * checksum column until `createSchemaMigrations` adds it, and null checksums until migrate fills
 * them in.
 */
import type { Database, Queryable } from './database.ts';
import { migrationChecksum, type Migration } from './migration.ts';

export interface RecordedMigration {
  version: number;
  checksum: string | null;
}

/** Creates the table, or adds the checksum column to one that lacks it; safe to run at every start. */
export async function createSchemaMigrations(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    if (tx.dialect === 'postgres') {
      await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
           version INTEGER PRIMARY KEY,
           name TEXT NOT NULL,
           applied_at BIGINT NOT NULL,
           checksum TEXT
         );
         ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum TEXT`);
      return;
    }
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
         version INTEGER PRIMARY KEY,
         name TEXT NOT NULL,
         applied_at INTEGER NOT NULL,
         checksum TEXT
       ) STRICT`);
    // SQLite has no ADD COLUMN IF NOT EXISTS; the transaction keeps a second process from adding it twice.
    const column = await tx.get("SELECT name FROM pragma_table_info('schema_migrations') WHERE name = 'checksum'");
    if (column === null) await tx.exec('ALTER TABLE schema_migrations ADD COLUMN checksum TEXT');
  });
}

export async function readRecordedMigrations(db: Queryable): Promise<RecordedMigration[]> {
  return db.all<RecordedMigration>('SELECT version, checksum FROM schema_migrations ORDER BY version');
}

export async function isMigrationRecorded(db: Queryable, version: number): Promise<boolean> {
  return (await db.get('SELECT version FROM schema_migrations WHERE version = ?', [version])) !== null;
}

/** Records `migration` as applied now; false when another process recorded it first. */
export async function recordMigration(db: Queryable, migration: Migration): Promise<boolean> {
  const result = await db.run(
    `INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES (?, ?, ?, ?)
     ON CONFLICT (version) DO NOTHING`,
    [migration.version, migration.name, Math.floor(Date.now() / 1000), migrationChecksum(migration, db.dialect)],
  );
  return result.changes === 1;
}

/** Fills in the checksum of a migration applied before checksums were recorded. */
export async function recordMissingChecksum(db: Queryable, migration: Migration): Promise<void> {
  await db.run('UPDATE schema_migrations SET checksum = ? WHERE version = ? AND checksum IS NULL', [
    migrationChecksum(migration, db.dialect),
    migration.version,
  ]);
}
