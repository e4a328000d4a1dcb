/**
 * What the ledger export and import read from the database's own catalog, on either dialect, so
 * a table or column a migration adds is exported and restored without a change here.
 */
import type { Queryable } from '../db/database.ts';
import { listTablesParentsFirst } from '../db/table-order.ts';

interface ForeignKey {
  child: string;
  parent: string;
}

/** Every table, each after the tables its foreign keys reference (see listTablesParentsFirst). */
export async function listTables(db: Queryable): Promise<string[]> {
  if (db.dialect === 'sqlite') return listTablesParentsFirst(db);
  const tables = await db.all<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'r' AND n.nspname = current_schema() ORDER BY c.oid`,
  );
  const keys = await db.all<ForeignKey>(
    `SELECT c.relname AS child, p.relname AS parent
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE k.contype = 'f' AND n.nspname = current_schema()`,
  );
  const ordered: string[] = [];
  const visit = (table: string, path: readonly string[]): void => {
    if (ordered.includes(table)) return;
    if (path.includes(table)) throw new Error(`These tables reference each other in a circle: ${path.join(', ')}.`);
    for (const key of keys) {
      if (key.child === table && key.parent !== table) visit(key.parent, [...path, table]);
    }
    ordered.push(table);
  };
  for (const { name } of tables) visit(name, []);
  return ordered;
}

/** The table's columns in the order they were made. */
export async function listColumns(db: Queryable, table: string): Promise<string[]> {
  const rows = await db.all<{ name: string }>(
    db.dialect === 'postgres'
      ? `SELECT column_name AS name FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`
      : 'SELECT name FROM pragma_table_info(?) ORDER BY cid',
    [table],
  );
  return rows.map((row) => row.name);
}

/** The columns of the table's primary key, in key order; empty when it has none. */
export async function listPrimaryKey(db: Queryable, table: string): Promise<string[]> {
  const rows = await db.all<{ name: string }>(
    db.dialect === 'postgres'
      ? `SELECT a.attname AS name FROM pg_index i
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
         WHERE i.indrelid = ?::regclass AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)`
      : 'SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk',
    [table],
  );
  return rows.map((row) => row.name);
}

export async function countRows(db: Queryable, table: string): Promise<number> {
  const row = await db.get<{ count: number }>(`SELECT COUNT(*) AS count FROM "${table}"`);
  return Number(row?.count ?? 0);
}

/**
 * The largest number each table's id counter has handed out, rows since deleted included: SQLite's
 * sqlite_sequence (AUTOINCREMENT tables), PostgreSQL's serial sequences.
 */
export async function readHandedOutNumbers(db: Queryable): Promise<Record<string, number>> {
  const handedOut: Record<string, number> = {};
  if (db.dialect === 'sqlite') {
    if ((await db.get("SELECT name FROM sqlite_schema WHERE name = 'sqlite_sequence'")) === null) return handedOut;
    for (const row of await db.all<{ name: string; seq: number }>('SELECT name, seq FROM sqlite_sequence')) {
      handedOut[row.name] = Number(row.seq);
    }
    return handedOut;
  }
  for (const { table, column } of await listSerialColumns(db)) {
    const sequence = await db.get<{ name: string | null }>('SELECT pg_get_serial_sequence(?, ?) AS name', [
      table,
      column,
    ]);
    if (sequence === null || sequence.name === null) continue;
    const state = await db.get<{ last_value: number; is_called: boolean }>(
      `SELECT last_value, is_called FROM ${sequence.name}`,
    );
    if (state !== null) handedOut[table] = state.is_called ? Number(state.last_value) : Number(state.last_value) - 1;
  }
  return handedOut;
}

/**
 * Moves every id counter past the largest id in its table and past the number the source had
 * handed out, so the next row gets a number never used before in either database.
 */
export async function moveCountersPast(tx: Queryable, handedOut: Readonly<Record<string, number>>): Promise<void> {
  if (tx.dialect === 'sqlite') {
    // SQLite raises sqlite_sequence itself to the largest id inserted; the numbers of deleted rows
    // are added here, for the tables that keep a counter (AUTOINCREMENT) in this database.
    for (const [table, seq] of Object.entries(handedOut)) {
      const counted = await tx.get(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = ? AND sql LIKE '%AUTOINCREMENT%'",
        [table],
      );
      if (counted === null) continue;
      const updated = await tx.run('UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?', [seq, table]);
      if (updated.changes === 0) await tx.run('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)', [table, seq]);
    }
    return;
  }
  for (const { table, column } of await listSerialColumns(tx)) {
    await tx.get(
      `SELECT setval(pg_get_serial_sequence(?, ?), GREATEST(COALESCE(MAX("${column}"), 0), ?) + 1, false) FROM "${table}"`,
      [table, column, handedOut[table] ?? 0],
    );
  }
}

async function listSerialColumns(db: Queryable): Promise<{ table: string; column: string }[]> {
  return db.all<{ table: string; column: string }>(
    `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
     WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'`,
  );
}
