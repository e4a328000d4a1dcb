/**
 * `npm run comments:import -- --from disqus|wordpress <file.xml> [--map <file.csv>]`: brings an
 * export's comments into the database the server uses (DATA_DIR, or DATABASE_URL), onto the
 * stories in CONTENT_DIR (or content/). All or nothing: a file that cannot be read, or a failure
 * on the way, imports nothing and says where. Running it again imports only what is new.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { Database } from '../src/server/db/database.ts';
import { openImportDatabase } from '../src/server/import/import-database.ts';
import { describeImport, importExportFile } from '../src/server/import/import-file.ts';
import { restoreLedgerFile } from '../src/server/import/ledger-import.ts';
import { contentDir } from '../src/server/stories/content-dir.ts';
import { failingWith, readConfigOr, type Fail } from './command-line.ts';

const fail: Fail = failingWith(1);

const count = new Intl.NumberFormat('en-GB');
const usage =
  'Usage: npm run comments:import -- --from disqus|wordpress <file.xml> [--map <old-address-or-slug,new-slug.csv>]';

interface ImportCommand {
  file: string;
  map: string | null;
}

/** One entry per --from; each imports `command.file` into `db` and prints its own summary. */
const importers: Record<string, (db: Database, command: ImportCommand) => Promise<void>> = {
  disqus: (db, command) => importXml(db, 'disqus', command),
  wordpress: (db, command) => importXml(db, 'wordpress', command),
  ledger: async (db, command) => console.log(await restoreLedgerFile(db, command.file)),
};

async function importXml(db: Database, from: 'disqus' | 'wordpress', command: ImportCommand): Promise<void> {
  console.error(`Reading ${command.file}…`);
  const summary = await importExportFile(db, {
    from,
    file: command.file,
    contentDir: contentDir(process.cwd()),
    mapFile: command.map,
    now: Math.floor(Date.now() / 1000),
    onProgress: (done, total) => console.error(`… ${count.format(done)} of ${count.format(total)} comments written`),
  });
  console.log(describeImport(summary));
}

let parsed: ReturnType<typeof parseArguments>;
function parseArguments(): { values: { from?: string; map?: string }; positionals: string[] } {
  return parseArgs({ options: { from: { type: 'string' }, map: { type: 'string' } }, allowPositionals: true });
}
try {
  parsed = parseArguments();
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`);
}
const { from, map } = parsed.values;
const [file, ...extra] = parsed.positionals;
if (from === undefined || file === undefined || extra.length > 0) fail(usage);
const importer = importers[from];
if (importer === undefined)
  fail(`"${from}" is not a source this imports: ${Object.keys(importers).join(', ')}.\n${usage}`);

const config = readConfigOr(fail);
const db = await openImportDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
try {
  await importer(db, { file: resolve(file), map: map === undefined ? null : resolve(map) });
} catch (error) {
  process.exitCode = 1;
  console.error(`Nothing was imported. ${(error as Error).message}`);
} finally {
  await db.close();
}
