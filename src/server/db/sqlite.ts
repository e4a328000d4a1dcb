/**
 * The SQLite driver: one node:sqlite connection per process, shared by every request. Because
 * that connection is synchronous and a transaction spans awaits, all calls pass through one
 * first-in-first-out lock, so no query ever runs inside another caller's transaction.
 *
 * Transactions commit in groups: those requested while one group runs wait for the next, which
 * runs each in a savepoint of one BEGIN IMMEDIATE … COMMIT and answers them all after its
 * single COMMIT. With synchronous=FULL every COMMIT waits for the disk, so one sync then covers
 * many writes, and none is acknowledged before it is durable (https://www.sqlite.org/lang_savepoint.html).
 *
 * Each caller gets its own outcome. Work that throws loses only its savepoint. A statement that
 * ends the whole transaction (a full disk, an I/O error, RAISE(ROLLBACK)) fails the work it ran
 * in with its own error; a COMMIT that fails fails the group. Either way the group's other work
 * runs once more, alone, in a fresh transaction, and that outcome is final
 * (https://www.sqlite.org/lang_transaction.html#response_to_errors_within_a_transaction).
 * Work still running after `transactionTimeoutMs` (it awaits something other than its queries,
 * and every other query waits for it) is rolled back and refused, and the queue moves on.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { queriesThrough, type Database, type Queryable, type RunResult, type SqlValue } from './database.ts';
import { createRecentCache } from './recent-cache.ts';

export interface SqliteOptions {
  /** How long one transaction's work may run before it is rolled back and refused; 5 s unless set. */
  transactionTimeoutMs?: number;
}

const statementCacheSize = 500;
// Other processes wait busy_timeout for the write lock; holding it longer fails them anyway.
const defaultTransactionTimeoutMs = 5000;

interface TransactionScope {
  open: boolean;
  /** The error of the statement that ended the whole transaction, once one has. */
  abortedBy?: unknown;
}

interface QueuedTransaction {
  work: (tx: Queryable) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * One work's run in its savepoint: done; failed on its own (its savepoint rolled back, the
 * transaction goes on); or aborted, having ended the whole transaction.
 */
type Attempt =
  { kind: 'done'; value: unknown } | { kind: 'failed'; error: unknown } | { kind: 'aborted'; error: unknown };

type Statement = <T>(run: () => T) => T;

export function openSqliteDatabase(path: string, options: SqliteOptions = {}): Database {
  const transactionTimeoutMs = options.transactionTimeoutMs ?? defaultTransactionTimeoutMs;
  const connection = new DatabaseSync(path);
  // WAL lets readers in other processes (backups, the sqlite3 shell) work during writes;
  // synchronous=FULL makes a committed write survive power loss: https://www.sqlite.org/pragma.html#pragma_synchronous
  connection.exec('PRAGMA journal_mode = WAL');
  connection.exec('PRAGMA synchronous = FULL');
  connection.exec('PRAGMA busy_timeout = 5000');
  connection.exec('PRAGMA foreign_keys = ON');

  const prepare = createRecentCache(statementCacheSize, (sql) => connection.prepare(sql));
  const direct = createQueryable(connection, prepare, (run) => run());
  const transactionScope = new AsyncLocalStorage<TransactionScope>();
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  let waiting: QueuedTransaction[] = [];

  async function commitGroup(): Promise<void> {
    const group = waiting;
    waiting = [];
    try {
      const again = await runTransaction(group, true);
      for (const item of again) await runTransaction([item], false);
    } catch (error) {
      // Unforeseen: still answer everyone (a promise already settled ignores this).
      for (const item of group) item.reject(error);
    }
  }

  /**
   * Runs `group` in one transaction and settles each item whose outcome is final; answers the
   * items to run again when the transaction failed through no fault of theirs and `mayRetry`.
   */
  async function runTransaction(group: QueuedTransaction[], mayRetry: boolean): Promise<QueuedTransaction[]> {
    const notBegun = begin();
    if (notBegun !== null) {
      for (const item of group) item.reject(notBegun);
      return [];
    }
    const finished: { item: QueuedTransaction; attempt: Attempt }[] = [];
    for (const [index, item] of group.entries()) {
      const attempt = await runInSavepoint(item);
      if (attempt.kind === 'aborted') {
        item.reject(attempt.error);
        return failTransaction(attempt.error, finished, group.slice(index + 1), mayRetry);
      }
      finished.push({ item, attempt });
    }
    try {
      connection.exec('COMMIT');
    } catch (error) {
      return failTransaction(error, finished, [], mayRetry);
    }
    for (const { item, attempt } of finished) {
      if (attempt.kind === 'done') item.resolve(attempt.value);
      else item.reject(attempt.error);
    }
    return [];
  }

  /** Rolls back what is left; work that failed on its own keeps its error, the rest goes again. */
  function failTransaction(
    cause: unknown,
    finished: readonly { item: QueuedTransaction; attempt: Attempt }[],
    notRun: readonly QueuedTransaction[],
    mayRetry: boolean,
  ): QueuedTransaction[] {
    const rollbackError = rollback();
    const innocent: QueuedTransaction[] = [];
    for (const { item, attempt } of finished) {
      if (attempt.kind === 'done') innocent.push(item);
      else item.reject(attempt.error);
    }
    innocent.push(...notRun);
    if (rollbackError !== null) {
      const error = new Error(
        `Nothing was saved: ${messageOf(cause)}, and rolling back failed: ${messageOf(rollbackError)}.`,
        { cause: rollbackError },
      );
      for (const item of innocent) item.reject(error);
      return [];
    }
    if (!mayRetry) {
      for (const item of innocent) item.reject(cause);
      return [];
    }
    return innocent;
  }

  /** Begins a transaction, first rolling back one that a failed ROLLBACK left open; the error, or null. */
  function begin(): unknown {
    const leftOpen = rollback();
    if (leftOpen !== null) return leftOpen;
    try {
      connection.exec('BEGIN IMMEDIATE');
      return null;
    } catch (error) {
      return error;
    }
  }

  function rollback(): unknown {
    if (!connection.isTransaction) return null;
    try {
      connection.exec('ROLLBACK');
      return null;
    } catch (error) {
      return error;
    }
  }

  async function runInSavepoint(item: QueuedTransaction): Promise<Attempt> {
    const scope: TransactionScope = { open: true };
    const statement: Statement = (run) => {
      if (!scope.open) {
        throw new Error('This transaction has ended; its `tx` can no longer be used.');
      }
      if (scope.abortedBy !== undefined) throw scope.abortedBy;
      try {
        return run();
      } catch (error) {
        if (!connection.isTransaction) scope.abortedBy = error;
        throw error;
      } finally {
        if (!connection.isTransaction) {
          scope.abortedBy ??= new Error('A statement in this transaction ended it (COMMIT or ROLLBACK).');
        }
      }
    };
    const tx = createQueryable(connection, prepare, statement);
    let attempt: Attempt;
    try {
      connection.exec('SAVEPOINT grouped');
      try {
        const value = await withinTimeLimit(transactionScope.run(scope, () => item.work(tx)));
        attempt = { kind: 'done', value };
      } catch (error) {
        attempt = { kind: 'failed', error };
      } finally {
        scope.open = false;
      }
      if (scope.abortedBy !== undefined || !connection.isTransaction) {
        const error = attempt.kind === 'failed' ? attempt.error : scope.abortedBy;
        return { kind: 'aborted', error };
      }
      if (attempt.kind === 'failed') connection.exec('ROLLBACK TO grouped');
      connection.exec('RELEASE grouped');
      return attempt;
    } catch (error) {
      // The savepoint statements themselves failed: the transaction cannot go on.
      return { kind: 'aborted', error };
    }
  }

  async function withinTimeLimit<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new Error(
            `The transaction did not finish within ${transactionTimeoutMs} ms and was rolled back. ` +
              'A transaction must await only queries on its `tx`: every other query waits for it.',
          ),
        );
      }, transactionTimeoutMs);
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Takes the group's place in the queue now, so calls made after this transaction still run after
   * it; waiting for setImmediate there lets every request that arrived with it join the group.
   */
  function reserveGroup(): void {
    void serialise(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      await commitGroup();
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
    ...queriesThrough(direct, serialise),
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `statement` runs each statement, with the checks a transaction's `tx` makes around it. */
function createQueryable(
  connection: DatabaseSync,
  prepare: (sql: string) => StatementSync,
  statement: Statement,
): Queryable {
  return {
    dialect: 'sqlite',
    all: async <Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> =>
      statement(() =>
        prepare(sql)
          .all(...params)
          .map((row) => ({ ...row }) as Row),
      ),
    get: async <Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row | null> =>
      statement(() => {
        const row = prepare(sql).get(...params);
        return row === undefined ? null : ({ ...row } as Row);
      }),
    run: async (sql: string, params: readonly SqlValue[] = []): Promise<RunResult> =>
      statement(() => ({ changes: Number(prepare(sql).run(...params).changes) })),
    exec: async (sql: string): Promise<void> => statement(() => connection.exec(sql)),
  };
}
