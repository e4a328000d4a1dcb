import type { Database } from './database.ts';
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
 * recorded after (see Migration). On PostgreSQL the driver holds an advisory lock around this
 * call, since concurrent DDL there can fail rather than wait.
 */
export async function migrate(db: Database, migrations: readonly Migration[] = knownMigrations): Promise<number[]> {
  assertAscending(migrations);
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
  return db.transaction(async (tx) => {
    if (await isMigrationRecorded(tx, migration.version)) {
      return false;
    }
    await tx.exec(migrationSql(migration, db.dialect));
    return recordMigration(tx, migration);
  });
}

async function applyOutsideTransaction(db: Database, migration: Migration): Promise<boolean> {
  if (await isMigrationRecorded(db, migration.version)) {
    return false;
  }
  await db.exec(migrationSql(migration, db.dialect));
  return recordMigration(db, migration);
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

function assertAscending(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (previous !== undefined && migration.version <= previous.version) {
      throw new Error(`Migration ${migration.version} is out of order after ${previous.version}.`);
    }
  });
}
