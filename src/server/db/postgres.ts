/**
 * The PostgreSQL driver, for several server processes sharing one database.
 *
 * Connections: one pg.Pool per process of DATABASE_POOL_SIZE connections (default 10). Keep
 * processes × pool size under the server's max_connections (100 unless configured).
 *
 * Placeholders: callers write `?`; each SQL string is rewritten once to `$1, $2, …` and cached.
 * Our SQL never puts `?` inside a string literal, a quoted identifier or a comment, nor uses the
 * jsonb `?` operators; a `?` between single quotes is refused rather than renumbered.
 *
 * Values come back as SQLite gives them: int8 (BIGSERIAL ids, BIGINT timestamps, COUNT) and
 * numeric as numbers, an int8 beyond Number.MAX_SAFE_INTEGER as an error rather than a rounded
 * id, BYTEA as Uint8Array. The parsers belong to this pool only, not to pg's global registry.
 *
 * Transactions are SERIALIZABLE. The domain code was written for SQLite, whose BEGIN IMMEDIATE
 * runs write transactions one at a time, and it reads then writes on what it read (a reply's
 * parent, a comment's author and age, a recorded migration). Under READ COMMITTED two such
 * transactions can both act on one stale read, and the generic code has no SELECT … FOR UPDATE.
 * SERIALIZABLE gives a result some one-at-a-time order would give, or fails a transaction with
 * 40001 (or 40P01 on deadlock); the driver then rolls back and runs `work` again, up to
 * `maxAttempts` times with jittered backoff. https://www.postgresql.org/docs/15/transaction-iso.html#XACT-SERIALIZABLE
 * Statements outside a transaction run alone at the server default, each atomic by itself.
 *
 * synchronous_commit is never changed, so a COMMIT returns once it is durable (the server default).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { queriesThrough, type Database, type Queryable, type RunResult, type SqlValue } from './database.ts';
import { createRecentCache } from './recent-cache.ts';

export interface PostgresDatabase extends Database {
  /**
   * Runs `work` while holding a session advisory lock on a connection of its own, so migrations
   * started by several processes at once run one after another.
   */
  withMigrationLock<T>(work: () => Promise<T>): Promise<T>;
}

export interface PostgresOptions {
  /** Connections in the pool; defaults to DATABASE_POOL_SIZE, else 10. */
  poolSize?: number;
}

const defaultPoolSize = 10;
const maxAttempts = 10;
const retryableCodes = new Set(['40001', '40P01']);
// Any fixed number will do; this one is "news" in ASCII, unlikely to be another application's.
const migrationLockKey = 0x6e657773;
const migrationLockPollMs = 100;
const placeholderCacheSize = 500;

const int8Oid = 20;
const numericOid = 1700;
const byteaOid = 17;

interface TransactionScope {
  open: boolean;
  /** The last query that failed inside the transaction, which PostgreSQL has since aborted. */
  failure?: unknown;
}

/** Sends SQL already in PostgreSQL's `$n` form. */
type Execute = (text: string, params?: readonly SqlValue[]) => Promise<pg.QueryResult<Record<string, unknown>>>;

export function openPostgresDatabase(url: string, options: PostgresOptions = {}): PostgresDatabase {
  const poolSize = options.poolSize ?? readPoolSize(process.env.DATABASE_POOL_SIZE);
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: { getTypeParser } });
  // Without a listener, a pooled idle connection the server drops would crash the process:
  // https://node-postgres.com/apis/pool#error
  pool.on('error', (error) => {
    console.error(`PostgreSQL dropped an idle connection: ${error.message}`);
  });

  const transactionScope = new AsyncLocalStorage<TransactionScope>();
  const pending = new Set<Promise<unknown>>();
  let closed = false;

  function track<T>(work: () => Promise<T>): Promise<T> {
    if (closed) {
      return Promise.reject(new Error('The database is closed.'));
    }
    if (transactionScope.getStore()?.open === true) {
      return Promise.reject(
        new Error('Inside a transaction, query through its `tx`: the database would wait forever.'),
      );
    }
    const result = work();
    const settled = result.catch(() => undefined);
    pending.add(settled);
    void settled.then(() => pending.delete(settled));
    return result;
  }

  const direct = createQueryable((text, params) => pool.query(text, params && [...params]));

  async function attemptTransaction<T>(
    work: (tx: Queryable) => Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
    const client = await pool.connect();
    const scope: TransactionScope = { open: true };
    const tx = createQueryable((text, params) => {
      if (!scope.open) {
        return Promise.reject(new Error('This transaction has ended; its `tx` can no longer be used.'));
      }
      return client.query<Record<string, unknown>>(text, params && [...params]).catch((error: unknown) => {
        scope.failure = error;
        throw error;
      });
    });
    let broken = false;
    try {
      await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
      const value = await transactionScope.run(scope, () => work(tx));
      // COMMIT of an aborted transaction answers ROLLBACK rather than failing, so a query error
      // that `work` caught must not pass for success.
      const commit = await client.query('COMMIT');
      if (commit.command === 'ROLLBACK') {
        throw scope.failure ?? new Error('PostgreSQL rolled the transaction back.');
      }
      return { ok: true, value };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      return { ok: false, error };
    } finally {
      scope.open = false;
      client.release(broken);
    }
  }

  return {
    ...queriesThrough(direct, track),
    transaction: (work) =>
      track(async () => {
        for (let attempt = 1; ; attempt += 1) {
          const outcome = await attemptTransaction(work);
          if (outcome.ok) {
            return outcome.value;
          }
          if (attempt >= maxAttempts || !isRetryable(outcome.error)) {
            throw outcome.error;
          }
          await sleep(Math.random() * Math.min(200, 5 * 2 ** attempt));
        }
      }),
    withMigrationLock: (work) =>
      track(async () => {
        const client = new pg.Client({ connectionString: url, types: { getTypeParser } });
        // A dropped connection also fails the query in flight; the listener only keeps it from crashing.
        client.on('error', () => undefined);
        await client.connect();
        try {
          await takeMigrationLock(client);
          return await work();
        } finally {
          await client.end();
        }
      }),
    close: async () => {
      closed = true;
      await Promise.all(pending);
      await pool.end();
    },
  };
}

/**
 * Polls for the lock rather than waiting in pg_advisory_lock: a statement waiting there holds a
 * snapshot, and a CREATE INDEX CONCURRENTLY run by the process holding the lock waits for every
 * snapshot older than its own to end (https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY),
 * so two processes starting together would wait on each other forever.
 */
async function takeMigrationLock(client: pg.Client): Promise<void> {
  for (;;) {
    const result = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      migrationLockKey,
    ]);
    if (result.rows[0]?.locked === true) return;
    await sleep(migrationLockPollMs);
  }
}

function readPoolSize(configured: string | undefined): number {
  if (configured === undefined || configured === '') {
    return defaultPoolSize;
  }
  const size = Number(configured);
  if (!Number.isInteger(size) || size < 1) {
    throw new Error(`DATABASE_POOL_SIZE must be a whole number of at least 1, not "${configured}".`);
  }
  return size;
}

function createQueryable(execute: Execute): Queryable {
  return {
    dialect: 'postgres',
    all: async <Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]> => {
      const result = await execute(translatePlaceholders(sql), params);
      return result.rows as Row[];
    },
    get: async <Row>(sql: string, params?: readonly SqlValue[]): Promise<Row | null> => {
      const result = await execute(translatePlaceholders(sql), params);
      return (result.rows[0] as Row | undefined) ?? null;
    },
    run: async (sql: string, params?: readonly SqlValue[]): Promise<RunResult> => {
      const result = await execute(translatePlaceholders(sql), params);
      return { changes: result.rowCount ?? 0 };
    },
    exec: async (sql: string): Promise<void> => {
      // Without parameters pg sends the simple query protocol, which accepts several statements.
      await execute(sql);
    },
  };
}

/** Rewrites `?` placeholders as `$1, $2, …`, once per SQL string. */
export const translatePlaceholders: (sql: string) => string = createRecentCache(
  placeholderCacheSize,
  numberPlaceholders,
);

function numberPlaceholders(sql: string): string {
  let translated = '';
  let count = 0;
  let inLiteral = false;
  for (const char of sql) {
    if (char === "'") {
      inLiteral = !inLiteral;
    }
    if (char !== '?') {
      translated += char;
    } else if (inLiteral) {
      throw new Error(`A ? inside a string literal is ambiguous; pass the value as a parameter: ${sql}`);
    } else {
      count += 1;
      translated += `$${count}`;
    }
  }
  return translated;
}

function isRetryable(error: unknown): boolean {
  return error instanceof pg.DatabaseError && error.code !== undefined && retryableCodes.has(error.code);
}

function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new Error(`The integer ${text} is too large for a JavaScript number.`);
  }
  return value;
}

function parseBytea(text: string): Uint8Array {
  const parseBuffer = pg.types.getTypeParser(byteaOid, 'text') as (text: string) => Buffer;
  return new Uint8Array(parseBuffer(text));
}

function getTypeParser(oid: number, format?: 'text' | 'binary'): (text: string) => unknown {
  if (format === undefined || format === 'text') {
    if (oid === int8Oid) return parseInt8;
    if (oid === numericOid) return Number;
    if (oid === byteaOid) return parseBytea;
  }
  return pg.types.getTypeParser(oid, format ?? 'text');
}
