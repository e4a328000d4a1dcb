/**
 * Writes every table but the unexported ones (ledger-format.ts) in the export format, read from
 * the database's catalog. Rows are read and written a batch at a time, one row to a line, so
 * memory holds one batch whatever the database's size. Reads are not one snapshot: export from
 * a stopped server or from a file made by db:backup for a consistent copy.
 */
import type { Queryable } from '../db/database.ts';
import { listColumns, listPrimaryKey, listTables, readHandedOutNumbers } from './ledger-catalog.ts';
import {
  LEDGER_FORMAT,
  LEDGER_VERSION,
  UNEXPORTED_COLUMNS,
  UNEXPORTED_TABLES,
  encodeValue,
  type RowValue,
} from './ledger-format.ts';

/** Receives the file's text in order; resolves when ready for more. */
export type ExportSink = (chunk: string) => Promise<void>;

export interface ExportedCount {
  table: string;
  rows: number;
}

const batchRows = 1000;

export async function exportLedger(db: Queryable, sink: ExportSink, now: number): Promise<ExportedCount[]> {
  const schema = await db.get<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations');
  const header = {
    format: LEDGER_FORMAT,
    version: LEDGER_VERSION,
    exportedAt: now,
    schemaVersion: Number(schema?.version ?? 0),
  };
  await sink(`${JSON.stringify(header).slice(0, -1)},\n"tables":[`);
  const counts: ExportedCount[] = [];
  const tables = (await listTables(db)).filter((table) => !UNEXPORTED_TABLES.includes(table));
  for (const [index, table] of tables.entries()) {
    const left = UNEXPORTED_COLUMNS[table] ?? {};
    const columns = (await listColumns(db, table)).filter((column) => left[column] === undefined);
    await sink(
      `${index === 0 ? '' : ','}\n{"name":${JSON.stringify(table)},"columns":${JSON.stringify(columns)},"rows":[`,
    );
    let rows = 0;
    for await (const batch of readBatches(db, table, columns)) {
      const lines = batch.map((row) => JSON.stringify(columns.map((column) => encodeValue(row[column] ?? null))));
      await sink(`${rows === 0 ? '' : ','}\n${lines.join(',\n')}`);
      rows += batch.length;
    }
    await sink(`\n]}`);
    counts.push({ table, rows });
  }
  await sink(`\n],\n"counters":${JSON.stringify(await readHandedOutNumbers(db))}}\n`);
  return counts;
}

/**
 * The table's rows in primary-key order (a reply after the comment it answers), a batch at a time:
 * after the last key seen for a one-column key, by offset otherwise.
 */
async function* readBatches(
  db: Queryable,
  table: string,
  columns: readonly string[],
): AsyncGenerator<Record<string, RowValue>[]> {
  const key = await listPrimaryKey(db, table);
  const order = (key.length > 0 ? key : columns).map((column) => `"${column}"`).join(', ');
  const select = `SELECT ${columns.map((column) => `"${column}"`).join(', ')} FROM "${table}"`;
  let after: RowValue = null;
  let offset = 0;
  for (;;) {
    const batch: Record<string, RowValue>[] =
      key.length === 1
        ? await db.all(
            after === null
              ? `${select} ORDER BY ${order} LIMIT ?`
              : `${select} WHERE ${order} > ? ORDER BY ${order} LIMIT ?`,
            after === null ? [batchRows] : [after, batchRows],
          )
        : await db.all(`${select} ORDER BY ${order} LIMIT ? OFFSET ?`, [batchRows, offset]);
    if (batch.length === 0) return;
    yield batch;
    if (batch.length < batchRows) return;
    offset += batch.length;
    after = batch[batch.length - 1]?.[key[0] ?? ''] ?? null;
  }
}
