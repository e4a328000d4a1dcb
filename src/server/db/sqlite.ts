/**
 * The SQLite driver: one node:sqlite connection per process, shared by every request. Because
 * that connection is synchronous and a transaction spans awaits, all calls pass through one
 * first-in-first-out lock, so no query ever runs inside another caller's transaction.
 *
 * Transactions commit in groups: those requested while one group runs wait for the next, which
 * runs each in a savepoint of one BEGIN IMMEDIATE … COMMIT and answers them all after its
 * single COMMIT. With synchronous=FULL every COMMIT waits for the disk, so one sync then covers
 * many writes, and none is acknowledged before it is durable (https://www.sqlite.org/lang_savepoint.html).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Database, Queryable, RunResult, SqlValue } from './database.ts';
import { createRecentCache } from './recent-cache.ts';

const statementCacheSize = 500;

interface TransactionScope {
  open: boolean;
}

interface QueuedTransaction {
  work: (tx: Queryable) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export function openSqliteDatabase(path: string): Database {
  const connection = new DatabaseSync(path);
  // WAL lets readers in other processes (backups, the sqlite3 shell) work during writes;
  // synchronous=FULL makes a committed write survive power loss: https://www.sqlite.org/pragma.html#pragma_synchronous
  connection.exec('PRAGMA journal_mode = WAL');
  connection.exec('PRAGMA synchronous = FULL');
  connection.exec('PRAGMA busy_timeout = 5000');
  connection.exec('PRAGMA foreign_keys = ON');

  const prepare = createRecentCache(statementCacheSize, (sql) => connection.prepare(sql));
  const direct = createQueryable(connection, prepare, () => undefined);
  const transactionScope = new AsyncLocalStorage<TransactionScope>();
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  let waiting: QueuedTransaction[] = [];

  async function commitGroup(): Promise<void> {
    const group = waiting;
    waiting = [];
    if (group.length === 0) return;
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      connection.exec('BEGIN IMMEDIATE');
      for (const item of group) outcomes.push(await runInSavepoint(item));
      connection.exec('COMMIT');
    } catch (error) {
      // The whole group failed (the disk, or an error that ended the transaction): nothing of it was kept.
      if (connection.isTransaction) connection.exec('ROLLBACK');
      for (const item of group) item.reject(error);
      return;
    }
    group.forEach((item, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok === true) item.resolve(outcome.value);
      else item.reject(outcome?.value);
    });
  }

  async function runInSavepoint(item: QueuedTransaction): Promise<{ ok: boolean; value: unknown }> {
    const scope: TransactionScope = { open: true };
    const tx = createQueryable(connection, prepare, () => {
      if (!scope.open) {
        throw new Error('This transaction has ended; its `tx` can no longer be used.');
      }
    });
    connection.exec('SAVEPOINT grouped');
    try {
      const value = await transactionScope.run(scope, () => item.work(tx));
      connection.exec('RELEASE grouped');
      return { ok: true, value };
    } catch (error) {
      connection.exec('ROLLBACK TO grouped');
      connection.exec('RELEASE grouped');
      return { ok: false, value: error };
    } finally {
      scope.open = false;
    }
  }

  /**
   * Takes the group's place in the queue now, so calls made after this transaction still run after
   * it; waiting for setImmediate there lets every request that arrived with it join the group.
   */
  function reserveGroup(): void {
    serialise(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      await commitGroup();
    }).catch((error: unknown) => {
      const stranded = waiting;
      waiting = [];
      for (const item of stranded) item.reject(error);
    });
  }

  function serialise<T>(work: () => T | Promise<T>): Promise<T> {
    if (closed) {
      return Promise.reject(new Error('The database is closed.'));
    }
    if (transactionScope.getStore()?.open === true) {
      return Promise.reject(
        new Error('Inside a transaction, query through its `tx`: the database would wait forever.'),
      );
    }
    const result = queue.then(work);
    queue = result.catch(() => undefined);
    return result;
  }

  return {
    dialect: 'sqlite',
    all: (sql, params) => serialise(() => direct.all(sql, params)),
    get: (sql, params) => serialise(() => direct.get(sql, params)),
    run: (sql, params) => serialise(() => direct.run(sql, params)),
    exec: (sql) => serialise(() => direct.exec(sql)),
    transaction: <T>(work: (tx: Queryable) => Promise<T>): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        if (closed) {
          reject(new Error('The database is closed.'));
          return;
        }
        if (transactionScope.getStore()?.open === true) {
          reject(new Error('Inside a transaction, query through its `tx`: the database would wait forever.'));
          return;
        }
        waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
        if (waiting.length === 1) reserveGroup();
      }),
    close: async () => {
      const closing = serialise(() => connection.close());
      closed = true;
      await closing;
    },
  };
}

function createQueryable(
  connection: DatabaseSync,
  prepare: (sql: string) => StatementSync,
  assertUsable: () => void,
): Queryable {
  return {
    dialect: 'sqlite',
    all: async <Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> => {
      assertUsable();
      return prepare(sql)
        .all(...params)
        .map((row) => ({ ...row }) as Row);
    },
    get: async <Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row | null> => {
      assertUsable();
      const row = prepare(sql).get(...params);
      return row === undefined ? null : ({ ...row } as Row);
    },
    run: async (sql: string, params: readonly SqlValue[] = []): Promise<RunResult> => {
      assertUsable();
      const result = prepare(sql).run(...params);
      return { changes: Number(result.changes) };
    },
    exec: async (sql: string): Promise<void> => {
      assertUsable();
      connection.exec(sql);
    },
  };
}
