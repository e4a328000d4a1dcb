/**
 * `npm run db:copy -- --from data/newsroom.sqlite --to postgres://…`: copies the SQLite database
 * into an empty PostgreSQL database, prints the row count of every table and exits non-zero when
 * a count differs. Stop the server first, or copy a file made by `npm run db:backup`.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { copyDatabase } from '../src/server/db/copy.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { openPostgresDatabase } from '../src/server/db/postgres.ts';
import { openSqliteDatabase } from '../src/server/db/sqlite.ts';
import { failingWith, type Fail } from './command-line.ts';

const fail: Fail = failingWith(2);

const usage = 'Usage: npm run db:copy -- --from <sqlite file> --to <postgres:// URL>';

let from: string | undefined;
let to: string | undefined;
try {
  ({
    values: { from, to },
  } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } }));
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`);
}
if (from === undefined || to === undefined) fail(usage);
if (!existsSync(from)) fail(`There is no SQLite database at ${from}.`);
if (!/^postgres(ql)?:\/\//i.test(to)) fail(`--to must be a postgres:// URL.\n${usage}`);

const source = openSqliteDatabase(from);
const target = openPostgresDatabase(to, { poolSize: 2 });
let exitCode = 1;
try {
  // The source is brought to the latest schema, as the server would do when it starts on it.
  await migrate(source);
  const outcome = await copyDatabase(source, target, () => target.withMigrationLock(() => migrate(target)));
  if (outcome.ok || outcome.reason === 'count-mismatch') {
    const width = Math.max(...outcome.counts.map((count) => count.table.length));
    console.log(`${'table'.padEnd(width)}  source  target`);
    for (const { table, source: inSource, target: inTarget } of outcome.counts) {
      const mark = inSource === inTarget ? '' : '  MISMATCH';
      console.log(`${table.padEnd(width)}  ${String(inSource).padStart(6)}  ${String(inTarget).padStart(6)}${mark}`);
    }
  }
  if (outcome.ok) {
    console.log('Copied: every table has the same number of rows in both databases.');
    exitCode = 0;
  } else {
    console.error(outcome.message);
  }
} catch (error) {
  console.error(`The copy failed: ${(error as Error).message}`);
} finally {
  await source.close();
  await target.close();
}
process.exit(exitCode);
