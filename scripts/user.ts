/**
 * `npm run user -- role <username> reader|moderator|admin`: sets an account's role in the
 * database the server uses (DATA_DIR, or DATABASE_URL), recorded in the audit log. This is how
 * the first admin is made.
 */
import { openDatabase } from '../src/server/db/open.ts';
import { setRoleFromCommandLine } from '../src/server/moderation/decisions.ts';
import type { Role } from '../src/server/accounts/user.ts';
import { failingWith, readConfigOr, type Fail } from './command-line.ts';

const fail: Fail = failingWith(1);

const usage = 'Usage: npm run user -- role <username> reader|moderator|admin';
const roles: readonly Role[] = ['reader', 'moderator', 'admin'];

const [command, username, roleName, ...extra] = process.argv.slice(2);
if (command !== 'role' || username === undefined || roleName === undefined || extra.length > 0) {
  fail(usage);
}
const role = roles.find((candidate) => candidate === roleName);
if (role === undefined) {
  fail(`"${roleName}" is not a role. Choose reader, moderator or admin.\n${usage}`);
}

const config = readConfigOr(fail);
const databaseOptions = { dataDir: config.dataDir, databaseUrl: config.databaseUrl };
const db = await openDatabase(databaseOptions);
try {
  const result = await setRoleFromCommandLine(db, { username, role }, Math.floor(Date.now() / 1000));
  if (!result.ok) {
    process.exitCode = 1;
    console.error(`No account is called "${username}".`);
  } else if (result.previousRole === role) {
    console.log(`${result.user.username} was already ${withArticle(role)}.`);
  } else {
    console.log(`${result.user.username} is now ${withArticle(role)} (was ${withArticle(result.previousRole)}).`);
  }
} finally {
  await db.close();
}

function withArticle(name: Role): string {
  return name === 'admin' ? 'an admin' : `a ${name}`;
}
