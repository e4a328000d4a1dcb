/**
 * `npm run db:backup`: a consistent copy of DATA_DIR/newsroom.sqlite in DATA_DIR/backups/, safe
 * while the server runs; prints the path of the copy. On PostgreSQL, use pg_dump instead.
 */
import { join } from 'node:path';
import { readServerConfig } from '../src/server/app/config.ts';
import { backupSqliteDatabase } from '../src/server/db/backup.ts';

const { dataDir, databaseUrl } = readServerConfig(process.env);
if (databaseUrl !== null && /^postgres(ql)?:\/\//i.test(databaseUrl)) {
  console.error('DATABASE_URL names PostgreSQL: back it up with pg_dump (see docs/deployment.md).');
  process.exit(2);
}
const outcome = await backupSqliteDatabase(join(dataDir, 'newsroom.sqlite'), join(dataDir, 'backups'), new Date());
if (!outcome.ok) {
  console.error(outcome.message);
  process.exit(1);
}
console.log(outcome.path);
