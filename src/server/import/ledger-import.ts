/**
 * Restores a ledger export (ledger-format.ts) into an empty, migrated database with every id as
 * it was, in one transaction: a refusal or a failure writes nothing. Columns the export leaves
 * out get their stand-in; for password_hash it is a marker that never verifies, so restored
 * accounts cannot sign in until an admin acts (docs/export-format.md). Id counters then continue
 * past every number the source had handed out. The file is read whole into memory.
 */
import { readFile } from 'node:fs/promises';
import type { Database, Queryable, SqlValue } from '../db/database.ts';
import { countRows, listColumns, listTables, moveCountersPast } from './ledger-catalog.ts';
import {
  UNEXPORTED_COLUMNS,
  UNEXPORTED_TABLES,
  decodeValue,
  parseLedgerFile,
  type LedgerTable,
} from './ledger-format.ts';

export interface ImportedCount {
  table: string;
  rows: number;
}

export type LedgerImportOutcome =
  | { ok: true; counts: ImportedCount[] }
  | { ok: false; reason: 'malformed' | 'schema-mismatch' | 'not-empty' | 'rejected'; message: string };

// Both databases take at least 32,766 parameters in one statement.
const maxParameters = 30_000;
const maxBatchRows = 500;

class RejectedRows extends Error {}

export async function importLedger(db: Database, text: string): Promise<LedgerImportOutcome> {
  const parsed = parseLedgerFile(text);
  if (!parsed.ok) return { ok: false, reason: 'malformed', message: parsed.message };
  const { file } = parsed;

  const schema = await db.get<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations');
  const schemaVersion = Number(schema?.version ?? 0);
  if (file.schemaVersion > schemaVersion) {
    return {
      ok: false,
      reason: 'schema-mismatch',
      message: `The export was made at schema version ${file.schemaVersion}, this database is at ${schemaVersion}: upgrade this installation first.`,
    };
  }
  const targetTables = (await listTables(db)).filter((table) => table !== 'schema_migrations');
  const byName = new Map(file.tables.map((table) => [table.name, table]));
  for (const table of file.tables) {
    if (!targetTables.includes(table.name)) {
      return {
        ok: false,
        reason: 'schema-mismatch',
        message: `This database has no table ${table.name}.`,
      };
    }
    const present = await listColumns(db, table.name);
    const missing = table.columns.filter((column) => !present.includes(column));
    if (missing.length > 0) {
      return {
        ok: false,
        reason: 'schema-mismatch',
        message: `Table ${table.name} here has no column ${missing.join(', ')}.`,
      };
    }
  }

  try {
    return await db.transaction(async (tx): Promise<LedgerImportOutcome> => {
      const occupied: string[] = [];
      for (const table of targetTables) {
        const rows = await countRows(tx, table);
        if (rows > 0) occupied.push(`${table}: ${rows} rows`);
      }
      if (occupied.length > 0) {
        return {
          ok: false,
          reason: 'not-empty',
          message: `The database is not empty (${occupied.join(', ')}); an export is restored only into an empty database.`,
        };
      }
      const counts: ImportedCount[] = [];
      for (const name of targetTables) {
        const table = byName.get(name);
        if (table === undefined || UNEXPORTED_TABLES.includes(name)) continue;
        await insertTable(tx, table, await listColumns(tx, name));
        counts.push({ table: name, rows: table.rows.length });
      }
      await moveCountersPast(tx, file.counters);
      return { ok: true, counts };
    });
  } catch (error) {
    if (!(error instanceof RejectedRows)) throw error;
    return { ok: false, reason: 'rejected', message: error.message };
  }
}

/** `comments:import --from ledger`: restores the file at `path` and describes what it wrote; throws why not. */
export async function restoreLedgerFile(db: Database, path: string): Promise<string> {
  const outcome = await importLedger(db, await readFile(path, 'utf8'));
  if (!outcome.ok) throw new Error(outcome.message);
  const lines = outcome.counts.map(({ table, rows }) => `${table}: ${rows} rows`);
  return [...lines, 'Restored. The accounts cannot sign in until an admin acts (docs/export-format.md).'].join('\n');
}

async function insertTable(tx: Queryable, table: LedgerTable, present: readonly string[]): Promise<void> {
  const standIns = Object.entries(UNEXPORTED_COLUMNS[table.name] ?? {}).filter(
    ([column]) => present.includes(column) && !table.columns.includes(column),
  );
  const columns = [...table.columns, ...standIns.map(([column]) => column)];
  const columnList = columns.map((column) => `"${column}"`).join(', ');
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  const batchSize = Math.max(1, Math.min(maxBatchRows, Math.floor(maxParameters / columns.length)));
  for (let start = 0; start < table.rows.length; start += batchSize) {
    const batch = table.rows.slice(start, start + batchSize);
    const values: SqlValue[] = batch.flatMap((row) => [
      ...row.map(decodeValue),
      ...standIns.map(([, standIn]) => standIn),
    ]);
    try {
      await tx.run(
        `INSERT INTO "${table.name}" (${columnList}) VALUES ${batch.map(() => placeholders).join(', ')}`,
        values,
      );
    } catch (error) {
      throw new RejectedRows(
        `The database refused table ${table.name}, rows ${start + 1} to ${start + batch.length}: ${(error as Error).message}`,
      );
    }
  }
}
