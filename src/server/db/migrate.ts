import type { Database } from './database.ts';
import { migrations as knownMigrations, type Migration } from './migrations.ts';

/**
 * Applies, in order, each migration not yet recorded in `schema_migrations`, one transaction per
 * migration, and returns the versions it applied. Each version is checked inside its own
 * transaction, so two processes migrating one SQLite file at once apply it only once. On
 * PostgreSQL the driver holds an advisory lock around this call, since concurrent DDL there
 * can fail rather than wait.
 */
export async function migrate(db: Database, migrations: readonly Migration[] = knownMigrations): Promise<number[]> {
  assertAscending(migrations);
  await db.exec(
    db.dialect === 'sqlite'
      ? `CREATE TABLE IF NOT EXISTS schema_migrations (
           version INTEGER PRIMARY KEY,
           name TEXT NOT NULL,
           applied_at INTEGER NOT NULL
         ) STRICT`
      : `CREATE TABLE IF NOT EXISTS schema_migrations (
           version INTEGER PRIMARY KEY,
           name TEXT NOT NULL,
           applied_at BIGINT NOT NULL
         )`,
  );

  const applied: number[] = [];
  for (const migration of migrations) {
    const didApply = await db.transaction(async (tx) => {
      const recorded = await tx.get<{ version: number }>('SELECT version FROM schema_migrations WHERE version = ?', [
        migration.version,
      ]);
      if (recorded !== null) {
        return false;
      }
      await tx.exec(db.dialect === 'sqlite' ? migration.sqlite : migration.postgres);
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        Math.floor(Date.now() / 1000),
      ]);
      return true;
    });
    if (didApply) {
      applied.push(migration.version);
    }
  }
  return applied;
}

function assertAscending(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (previous !== undefined && migration.version <= previous.version) {
      throw new Error(`Migration ${migration.version} is out of order after ${previous.version}.`);
    }
  });
}
