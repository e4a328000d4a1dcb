/**
 * The ledger export file (docs/export-format.md): one JSON object naming its format and version,
 * then every exported table as its column names and its rows, each row an array of values in
 * column order, then each table's id counter. What is left out, and why, is listed here once.
 */

export const LEDGER_FORMAT = 'newsroom-comments-export';
export const LEDGER_VERSION = 1;

/** Sign-in state and abuse counters are not content, and tokens and keys must never leave the database. */
export const UNEXPORTED_TABLES: readonly string[] = ['sessions', 'two_factor', 'rate_limits', 'schema_migrations'];

/** Columns left out of the export; the import fills each with its stand-in. */
export const UNEXPORTED_COLUMNS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  users: { password_hash: '!restored-from-export' },
};

/** A value in a row: JSON's own, or bytes as base64. */
export type LedgerValue = string | number | null | { base64: string };
export type RowValue = string | number | bigint | null | Uint8Array;

export interface LedgerTable {
  name: string;
  columns: string[];
  rows: LedgerValue[][];
}

export interface LedgerFile {
  format: typeof LEDGER_FORMAT;
  version: typeof LEDGER_VERSION;
  exportedAt: number;
  schemaVersion: number;
  tables: LedgerTable[];
  /** The largest number each table's id counter had handed out, deleted rows' included. */
  counters: Record<string, number>;
}

export type ParsedLedgerFile = { ok: true; file: LedgerFile } | { ok: false; message: string };

export function encodeValue(value: RowValue): LedgerValue {
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString('base64') };
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new Error(`The integer ${value} is too large for the export format.`);
    }
    return Number(value);
  }
  return value;
}

export function decodeValue(value: LedgerValue): RowValue {
  return value !== null && typeof value === 'object' ? new Uint8Array(Buffer.from(value.base64, 'base64')) : value;
}

/** Reads an export file's text, checking its shape before anything is written from it. */
export function parseLedgerFile(text: string): ParsedLedgerFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `The file is not valid JSON: ${(error as Error).message}` };
  }
  if (!isObject(data) || data.format !== LEDGER_FORMAT) {
    return { ok: false, message: `The file is not a comments export (its "format" is not "${LEDGER_FORMAT}").` };
  }
  if (data.version !== LEDGER_VERSION) {
    return {
      ok: false,
      message: `The file is export format version ${JSON.stringify(data.version)}; this version reads only version ${LEDGER_VERSION}.`,
    };
  }
  if (!isWholeNumber(data.exportedAt) || !isWholeNumber(data.schemaVersion)) {
    return { ok: false, message: '"exportedAt" and "schemaVersion" must be whole numbers.' };
  }
  if (!isObject(data.counters) || !Object.values(data.counters).every(isWholeNumber)) {
    return { ok: false, message: '"counters" must map table names to whole numbers.' };
  }
  if (!Array.isArray(data.tables)) return { ok: false, message: '"tables" must be a list.' };
  const seen = new Set<string>();
  for (const [index, table] of data.tables.entries()) {
    const problem = checkTable(table);
    const name = isObject(table) ? String(table.name) : `number ${index + 1}`;
    if (problem !== null) return { ok: false, message: `Table ${name}: ${problem}` };
    if (seen.has(name)) return { ok: false, message: `Table ${name} appears twice.` };
    seen.add(name);
  }
  return { ok: true, file: data as unknown as LedgerFile };
}

function checkTable(table: unknown): string | null {
  if (!isObject(table) || typeof table.name !== 'string' || table.name === '') return 'it has no name.';
  if (UNEXPORTED_TABLES.includes(table.name)) return 'this table is never exported, so it cannot be imported.';
  const { columns, rows } = table;
  if (!Array.isArray(columns) || columns.length === 0 || !columns.every((column) => typeof column === 'string')) {
    return '"columns" must be a list of column names.';
  }
  if (new Set(columns).size !== columns.length) return 'a column is named twice.';
  if (!Array.isArray(rows)) return '"rows" must be a list.';
  for (const [index, row] of rows.entries()) {
    if (!Array.isArray(row) || row.length !== columns.length) {
      return `row ${index + 1} does not have one value for each of the ${columns.length} columns.`;
    }
    if (!row.every(isLedgerValue)) return `row ${index + 1} holds a value that is not text, a number, null or bytes.`;
  }
  return null;
}

function isLedgerValue(value: unknown): boolean {
  if (value === null || typeof value === 'string') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  return isObject(value) && typeof value.base64 === 'string' && Object.keys(value).length === 1;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isWholeNumber(value: unknown): value is number {
  return Number.isSafeInteger(value);
}
