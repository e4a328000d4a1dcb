/**
 * Moving up from SQLite to PostgreSQL: copies every table in the source's catalog but
 * schema_migrations (the target records its own), parents before children by their foreign keys
 * and each in rowid order (a reply only references an earlier comment), so the target's foreign
 * keys hold row by row. The target must be empty; it is migrated first, must then have every
 * table the source has (a table the migrations do not make is refused, not left behind), and is
 * filled in one transaction, so a failed copy leaves it empty. Its id sequences are then moved
 * past the copied ids and past every number SQLite has handed out (sqlite_sequence), so the
 * number of a comment deleted before the copy is not given again.
 *
 * The source should not change meanwhile: stop the server, or copy a file made by db:backup.
 */
import type { Database, Queryable, SqlValue } from './database.ts';
import { migrate } from './migrate.ts';
import { listTablesParentsFirst } from './table-order.ts';

export interface TableCount {
  table: string;
  source: number;
  target: number;
}

export type CopyOutcome =
  | { ok: true; counts: TableCount[] }
  | { ok: false; reason: 'target-not-empty' | 'target-lacks-tables'; message: string }
  | { ok: false; reason: 'count-mismatch'; message: string; counts: TableCount[] };

const batchRows = 500;

/** The source's tables to copy, parents first. */
export async function listTablesToCopy(source: Database): Promise<string[]> {
  return (await listTablesParentsFirst(source)).filter((table) => table !== 'schema_migrations');
}

/**
 * Copies `source` (a SQLite database, migrated to the latest version) into `target` (PostgreSQL,
 * migrated here). `migrateTarget` runs the migrations, under the driver's lock where it has one.
 */
export async function copyDatabase(
  source: Database,
  target: Database,
  migrateTarget: () => Promise<unknown> = () => migrate(target),
): Promise<CopyOutcome> {
  if (source.dialect !== 'sqlite') throw new Error('The source of a copy must be a SQLite database.');
  const tables = await listTablesToCopy(source);
  const occupied = await occupiedTables(target, tables);
  if (occupied.length > 0) {
    return {
      ok: false,
      reason: 'target-not-empty',
      message: `The target database is not empty (${occupied.join(', ')}); copy only into an empty database.`,
    };
  }
  await migrateTarget();
  const present = await listTargetTables(target);
  const lacking = tables.filter((table) => !present.includes(table));
  if (lacking.length > 0) {
    return {
      ok: false,
      reason: 'target-lacks-tables',
      message: `The migrated target has no table for ${lacking.join(', ')}; the migrations do not make it, so it cannot be copied.`,
    };
  }

  await target.transaction(async (tx) => {
    for (const table of tables) {
      await copyTable(source, tx, table);
    }
    if (target.dialect === 'postgres') await resetSequences(tx, await readHandedOut(source));
  });

  const counts: TableCount[] = [];
  for (const table of tables) {
    counts.push({ table, source: await countRows(source, table), target: await countRows(target, table) });
  }
  const wrong = counts.filter((count) => count.source !== count.target);
  if (wrong.length > 0) {
    const list = wrong.map((count) => `${count.table} ${count.source} → ${count.target}`).join(', ');
    return { ok: false, reason: 'count-mismatch', message: `Row counts differ: ${list}.`, counts };
  }
  return { ok: true, counts };
}

/** Tables of ours that hold rows, and any table that is not ours, in the target's schema. */
async function occupiedTables(target: Database, tables: readonly string[]): Promise<string[]> {
  const occupied: string[] = [];
  for (const name of await listTargetTables(target)) {
    if (name === 'schema_migrations') continue;
    if (!tables.includes(name)) {
      occupied.push(`${name}: not one of ours`);
      continue;
    }
    const rows = await countRows(target, name);
    if (rows > 0) occupied.push(`${name}: ${rows} rows`);
  }
  return occupied;
}

async function listTargetTables(target: Database): Promise<string[]> {
  const present = await target.all<{ name: string }>(
    target.dialect === 'postgres'
      ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
      : "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
  );
  return present.map((table) => table.name);
}

async function copyTable(source: Database, tx: Queryable, table: string): Promise<void> {
  const columns = (await source.all<{ name: string }>(`SELECT name FROM pragma_table_info('${table}')`)).map(
    (column) => column.name,
  );
  const columnList = columns.map((column) => `"${column}"`).join(', ');
  const rowPlaceholders = `(${columns.map(() => '?').join(', ')})`;
  let after = 0;
  for (;;) {
    const rows = await source.all<Record<string, SqlValue>>(
      `SELECT rowid AS "rowid:copy", ${columnList} FROM "${table}" WHERE rowid > ? ORDER BY rowid LIMIT ?`,
      [after, batchRows],
    );
    if (rows.length === 0) return;
    const values = rows.flatMap((row) => columns.map((column) => row[column] ?? null));
    await tx.run(`INSERT INTO "${table}" (${columnList}) VALUES ${rows.map(() => rowPlaceholders).join(', ')}`, values);
    after = Number(rows[rows.length - 1]?.['rowid:copy']);
  }
}

/** The largest number SQLite has handed out in each AUTOINCREMENT table, deleted rows' too. */
async function readHandedOut(source: Database): Promise<Map<string, number>> {
  const kept = await source.get("SELECT name FROM sqlite_schema WHERE name = 'sqlite_sequence'");
  if (kept === null) return new Map();
  const rows = await source.all<{ name: string; seq: number }>('SELECT name, seq FROM sqlite_sequence');
  return new Map(rows.map((row) => [row.name, Number(row.seq)]));
}

/** Moves every serial column's sequence past the largest value copied or handed out, so new ids continue. */
async function resetSequences(tx: Queryable, handedOut: ReadonlyMap<string, number>): Promise<void> {
  const serials = await tx.all<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'`,
  );
  for (const { table_name: table, column_name: column } of serials) {
    await tx.get(
      `SELECT setval(pg_get_serial_sequence(?, ?), GREATEST(COALESCE(MAX("${column}"), 0), ?) + 1, false) FROM "${table}"`,
      [table, column, handedOut.get(table) ?? 0],
    );
  }
}

async function countRows(db: Queryable, table: string): Promise<number> {
  const row = await db.get<{ count: number }>(`SELECT COUNT(*) AS count FROM "${table}"`);
  return Number(row?.count ?? 0);
}
