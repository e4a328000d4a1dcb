/**
 * Part 5, crash durability. The server runs as a child (serve.ts) on a data folder on disk; 32
 * connections post comments and replies to acknowledged comments and record every id answered
 * with 201; at a random moment the server gets SIGKILL. It is restarted on the same folder and,
 * beside it, a read-only connection checks that every acknowledged id is stored, that no reply
 * lacks its parent and that PRAGMA integrity_check says ok. HARDENING_KILL_ROUNDS (default 50).
 */
import { Agent } from 'node:http';
import {
  Figures,
  STORY_SLUG,
  buildSite,
  envNumber,
  inspectDatabase,
  makeDataDir,
  postJson,
  removeDataDir,
  seedCookies,
  spawnSite,
  type ChildSite,
} from './harness.ts';

const rounds = envNumber('HARDENING_KILL_ROUNDS', 50);
const connections = 32;
const figures = new Figures();
buildSite();
const dataDir = makeDataDir('crash', true);

// Readers seeded through src/server before the first start; one per connection, so no
// per-account limit could slow the load even with limits on.
const cookies = await seedCookies(dataDir, 'loader', connections);

const acknowledged = new Map<number, number | null>();
let lost = 0;
let orphans = 0;
let integrity = 'ok';
let kills = 0;

function verify(): void {
  const db = inspectDatabase(dataDir);
  const stored = new Set(
    db
      .prepare('SELECT id FROM comments')
      .all()
      .map((row) => Number(row.id)),
  );
  const missing = [...acknowledged.keys()].filter((id) => !stored.has(id));
  lost = missing.length;
  if (missing.length > 0) console.log(`  lost after kill ${kills}: ${missing.slice(0, 10).join(', ')}`);
  const orphan = db
    .prepare(
      `SELECT COUNT(*) AS count FROM comments c
       WHERE c.parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM comments p WHERE p.id = c.parent_id)`,
    )
    .get();
  orphans = Number(orphan?.count ?? 0);
  integrity = String(db.prepare('PRAGMA integrity_check').get()?.integrity_check ?? 'no answer');
  db.close();
}

async function load(site: ChildSite, stopped: () => boolean): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const ids = [...acknowledged.keys()];
  const worker = async (index: number): Promise<void> => {
    let serial = 0;
    while (!stopped()) {
      serial += 1;
      const parentId =
        ids.length > 0 && Math.random() < 0.5 ? (ids[Math.floor(Math.random() * ids.length)] ?? null) : null;
      const data = {
        story: STORY_SLUG,
        body: `load ${kills}.${index}.${serial}`,
        ...(parentId === null ? {} : { parentId }),
      };
      try {
        const answer = await postJson(site, '/api/comments', data, cookies[index] ?? '', agent);
        const comment = answer.json.comment as { id: number; parentId: number | null } | undefined;
        if (answer.status === 201 && comment !== undefined) {
          acknowledged.set(comment.id, comment.parentId);
          ids.push(comment.id);
        } else if (answer.status >= 500) {
          figures.check(false, `a post answered ${answer.status}: ${JSON.stringify(answer.json).slice(0, 120)}`);
        }
      } catch {
        // The connection died with the server: not acknowledged, so nothing is owed.
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, index) => worker(index)));
  agent.destroy();
}

const startedAt = Date.now();
let site = await spawnSite(dataDir, { RATE_LIMITS: 'off' });
for (let round = 1; round <= rounds; round += 1) {
  let killed = false;
  const running = load(site, () => killed);
  await new Promise((done) => setTimeout(done, 150 + Math.random() * 1350));
  site.child.kill('SIGKILL');
  await site.exited;
  killed = true;
  kills += 1;
  await running;
  site = await spawnSite(dataDir, { RATE_LIMITS: 'off' });
  verify();
  if (lost > 0 || orphans > 0 || integrity !== 'ok') break;
}
await site.stop();
removeDataDir(dataDir);

console.log(
  `  ${Math.round((Date.now() - startedAt) / 1000)} s; ${orphans} replies without a parent; integrity_check: ${integrity}`,
);
figures.figure(
  `${kills} kills, ${acknowledged.size} acknowledged, ${lost} lost`,
  lost === 0 && kills === rounds && acknowledged.size > 0,
);
figures.check(orphans === 0, `${orphans} replies without their parent`);
figures.check(integrity === 'ok', `PRAGMA integrity_check: ${integrity}`);
figures.exit();
