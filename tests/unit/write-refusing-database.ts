/**
 * A database whose disk refuses writes, as a read-only or full one does: reads answer, every
 * write throws what node:sqlite throws for a read-only file (SQLITE_READONLY, errcode 8).
 */
import type { Database, Queryable } from '../../src/server/db/database.ts';

export function storageRefusedError(): Error {
  return Object.assign(new Error('attempt to write a readonly database'), { code: 'ERR_SQLITE_ERROR', errcode: 8 });
}

export function refuseWrites(db: Database): Database & { refusedWrites: number } {
  const refused = {
    refusedWrites: 0,
    dialect: db.dialect,
    all: db.all.bind(db),
    get: db.get.bind(db),
    close: db.close.bind(db),
    async run(): Promise<never> {
      refused.refusedWrites += 1;
      throw storageRefusedError();
    },
    async exec(): Promise<never> {
      refused.refusedWrites += 1;
      throw storageRefusedError();
    },
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      return work(refused);
    },
  };
  return refused;
}
