import type { Database, Queryable } from './database.ts';
import { migrationChecksum, migrationSql, type Migration } from './migration.ts';
import { migrations as knownMigrations } from './migrations.ts';
import {
  createSchemaMigrations,
  isMigrationRecorded,
  readRecordedMigrations,
  recordMigration,
  recordMissingChecksum,
} from './schema-migrations.ts';

/**
 * Checks that no applied migration has been edited, then applies, in order, each migration not
 * yet recorded in `schema_migrations`, and returns the versions it applied. A migration runs in a
 * transaction of its own, inside which its version is checked, so two processes migrating one
 * SQLite file at once apply it only once; one marked `outsideTransaction` runs bare and is
 * recorded after (see Migration); on SQLite one marked `rebuildsTables` runs in its transaction
 * with foreign keys off and checked before the commit. On PostgreSQL the driver holds an advisory
 * lock around this call, since concurrent DDL there can fail rather than wait.
 */
export async function migrate(db: Database, migrations: readonly Migration[] = knownMigrations): Promise<number[]> {
  assertWellFormed(migrations);
  await createSchemaMigrations(db);
  await assertUnedited(db, migrations);

  const applied: number[] = [];
  for (const migration of migrations) {
    const didApply =
      migration.outsideTransaction === true
        ? await applyOutsideTransaction(db, migration)
        : await applyInTransaction(db, migration);
    if (didApply) {
      applied.push(migration.version);
    }
  }
  return applied;
}

async function applyInTransaction(db: Database, migration: Migration): Promise<boolean> {
  const rebuild = migration.rebuildsTables === true && db.dialect === 'sqlite';
  const apply = (): Promise<boolean> =>
    db.transaction(async (tx) => {
      if (await isMigrationRecorded(tx, migration.version)) {
        return false;
      }
      await execMigrationSql(tx, migration);
      if (rebuild) await assertForeignKeysHold(tx, migration);
      return recordMigration(tx, migration);
    });
  return rebuild ? withForeignKeysOff(db, apply) : apply();
}

async function applyOutsideTransaction(db: Database, migration: Migration): Promise<boolean> {
  if (await isMigrationRecorded(db, migration.version)) {
    return false;
  }
  await execMigrationSql(db, migration);
  return recordMigration(db, migration);
}

async function execMigrationSql(db: Queryable, migration: Migration): Promise<void> {
  const sql = migrationSql(migration, db.dialect);
  if (sql !== null) await db.exec(sql);
}

/** SQLite ignores PRAGMA foreign_keys inside a transaction, so it is switched around one. */
async function withForeignKeysOff<T>(db: Database, work: () => Promise<T>): Promise<T> {
  const before = await db.get<{ foreign_keys: number }>('PRAGMA foreign_keys');
  await db.exec('PRAGMA foreign_keys = OFF');
  try {
    return await work();
  } finally {
    if (before?.foreign_keys === 1) await db.exec('PRAGMA foreign_keys = ON');
  }
}

async function assertForeignKeysHold(tx: Queryable, migration: Migration): Promise<void> {
  const broken = await tx.all<{ table: string; rowid: number | null; parent: string }>('PRAGMA foreign_key_check');
  if (broken.length === 0) return;
  const shown = broken
    .slice(0, 5)
    .map((row) => `${row.table} row ${row.rowid ?? '?'} → ${row.parent}`)
    .join(', ');
  const more = broken.length > 5 ? ` and ${broken.length - 5} more` : '';
  throw new Error(
    `Migration ${migration.version} (${migration.name}) would break ${broken.length} foreign ` +
      `key${broken.length === 1 ? '' : 's'}: ${shown}${more}. Nothing was changed.`,
  );
}

/**
 * Throws when an applied migration's SQL differs from the checksum recorded for it; records the
 * checksum of one applied before checksums were kept, trusting the SQL as it is now.
 */
async function assertUnedited(db: Database, migrations: readonly Migration[]): Promise<void> {
  const recorded = new Map((await readRecordedMigrations(db)).map((row) => [row.version, row.checksum] as const));
  for (const migration of migrations) {
    const checksum = recorded.get(migration.version);
    if (checksum === undefined) {
      continue;
    }
    if (checksum === null) {
      await recordMissingChecksum(db, migration);
    } else if (checksum !== migrationChecksum(migration, db.dialect)) {
      throw new Error(
        `Migration ${migration.version} (${migration.name}) has been edited since it was applied to this ` +
          'database: its SQL no longer matches the checksum recorded in schema_migrations. Applied ' +
          'migrations must never be edited: restore it as it was, and write a new migration for the change.',
      );
    }
  }
}

function assertWellFormed(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (previous !== undefined && migration.version <= previous.version) {
      throw new Error(`Migration ${migration.version} is out of order after ${previous.version}.`);
    }
    if (migration.outsideTransaction === true && migration.rebuildsTables === true) {
      throw new Error(`Migration ${migration.version} rebuilds tables, which needs a transaction.`);
    }
  });
}
