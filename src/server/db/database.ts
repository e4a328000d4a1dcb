/**
 * The storage interface every module in src/server talks to. Two drivers implement it: the
 * embedded SQLite file (sqlite.ts, the default) and PostgreSQL (postgres.ts, for several
 * server processes). SQL is written once with `?` placeholders; where the dialects differ, the
 * caller branches on `dialect` with both strings side by side.
 *
 * Timestamps are Unix seconds (integers) in both databases.
 */
export type SqlValue = string | number | bigint | null | Uint8Array;

export interface RunResult {
  changes: number;
}

export interface Queryable {
  readonly dialect: 'sqlite' | 'postgres';
  all<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  get<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row | null>;
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
  /** Runs a script of several statements without parameters, such as a migration. */
  exec(sql: string): Promise<void>;
}

/**
 * `queries` with each of its calls run through `around`: how a driver puts its statements in its
 * queue (SQLite) or counts the work in flight that closing waits for (PostgreSQL).
 */
export function queriesThrough(queries: Queryable, around: <T>(call: () => Promise<T>) => Promise<T>): Queryable {
  return {
    dialect: queries.dialect,
    all: (sql, params) => around(() => queries.all(sql, params)),
    get: (sql, params) => around(() => queries.get(sql, params)),
    run: (sql, params) => around(() => queries.run(sql, params)),
    exec: (sql) => around(() => queries.exec(sql)),
  };
}

export interface Database extends Queryable {
  /**
   * Runs `work` inside one write transaction (BEGIN IMMEDIATE on SQLite, SERIALIZABLE on
   * PostgreSQL), committing when it resolves and rolling back when it throws. Every read that
   * leads to a write goes through here. `work` must await only queries on `tx`: nothing else runs
   * on the connection meanwhile, and on SQLite work still running after 5 seconds is rolled back
   * and refused. `work` may run again, so it must have no effect outside `tx`: on PostgreSQL when
   * the transaction loses a serialization conflict, on SQLite when another transaction committing
   * in the same group ended the shared transaction.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
