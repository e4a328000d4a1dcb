/**
 * `npm run comments:export -- <file.json>`: writes every comment, account, report and audit entry
 * of the database the server uses (DATA_DIR, or DATABASE_URL) to a file in the format of
 * docs/export-format.md, which `npm run comments:import -- --from ledger <file.json>` restores.
 * The file appears only once complete. For a consistent copy, stop the server first or export a
 * database file made by `npm run db:backup` (DATA_DIR pointing at its folder).
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { openDatabase } from '../src/server/db/open.ts';
import { exportLedger } from '../src/server/import/ledger-export.ts';
import { failingWith, readConfigOr, type Fail } from './command-line.ts';

const fail: Fail = failingWith(2);

const usage = 'Usage: npm run comments:export -- <file.json>';

const [path, ...extra] = process.argv.slice(2);
if (path === undefined || path.startsWith('-') || extra.length > 0) fail(usage);

const config = readConfigOr(fail);
const db = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
const partial = `${path}.partial`;
const out = createWriteStream(partial);
let exitCode = 1;
try {
  await once(out, 'open');
  const counts = await exportLedger(
    db,
    async (chunk) => {
      if (!out.write(chunk)) await once(out, 'drain');
    },
    Math.floor(Date.now() / 1000),
  );
  out.end();
  await finished(out);
  await rename(partial, path);
  for (const { table, rows } of counts) console.log(`${table}: ${rows} rows`);
  console.log(`Exported to ${path}. Password hashes, sessions and rate limits are not in it.`);
  exitCode = 0;
} catch (error) {
  out.destroy();
  await rm(partial, { force: true });
  console.error(`The export failed: ${(error as Error).message}`);
} finally {
  await db.close();
}
process.exit(exitCode);
