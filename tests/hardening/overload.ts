/**
 * Part 6a, overload. The server runs alone as a child (serve.ts) on a data folder on disk; 64
 * connections mix reads (story page, comments page, comment section, session), posts (comments
 * and replies) and sign-ins (argon2id, the costliest request) for HARDENING_OVERLOAD_SECONDS
 * (60 by default). No answer may be 5xx or mention SQLITE_BUSY, and the server may log no error.
 * Memory: heap after a full GC, measured after a warm-up and again after the run, may grow by at
 * most 16 MB. The thread that readers load grows by thousands of comments meanwhile, and the
 * statement and page caches fill, so the bound leaves room for that but not for a per-request
 * leak: at thousands of requests a second, even 1 KB kept per request would pass it within the run.
 */
import { Agent } from 'node:http';
import {
  Figures,
  PASSWORD,
  STORY_PATH,
  STORY_SLUG,
  buildSite,
  envNumber,
  makeDataDir,
  removeDataDir,
  seedCookies,
  send,
  spawnSite,
  type Answer,
  type ChildSite,
} from './harness.ts';

const seconds = envNumber('HARDENING_OVERLOAD_SECONDS', 60);
const connections = 64;
const readers = 16;
const figures = new Figures();
buildSite();
const dataDir = makeDataDir('overload', true);

const cookies = await seedCookies(dataDir, 'reader', readers);

const site = await spawnSite(dataDir, { RATE_LIMITS: 'off' });
const statuses = new Map<number, number>();
let busy = 0;
let failures = 0;
let requests = 0;
const commentIds: number[] = [];

function request(site: ChildSite, agent: Agent, index: number): Promise<Answer> {
  const cookie = cookies[index % readers] ?? '';
  const roll = Math.random();
  const json = { Origin: site.origin, Cookie: cookie, 'Content-Type': 'application/json' };
  if (roll < 0.15) return send(`${site.url}${STORY_PATH.slice(1)}`, { agent });
  if (roll < 0.3) return send(`${site.url}${STORY_PATH.slice(1)}comments/`, { agent, headers: { Cookie: cookie } });
  if (roll < 0.5) return send(`${site.url}api/comment-section?story=${STORY_SLUG}`, { agent });
  if (roll < 0.6) return send(`${site.url}api/session`, { agent, headers: { Cookie: cookie } });
  if (roll < 0.95) {
    const parentId =
      commentIds.length > 0 && Math.random() < 0.5
        ? commentIds[Math.floor(Math.random() * commentIds.length)]
        : undefined;
    return send(`${site.url}api/comments`, {
      agent,
      method: 'POST',
      headers: json,
      body: JSON.stringify({ story: STORY_SLUG, body: `overload ${requests} ${Math.random()}`, parentId }),
    });
  }
  return send(`${site.url}login/`, {
    agent,
    method: 'POST',
    headers: { Origin: site.origin, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: `reader${index % readers}`, password: PASSWORD }).toString(),
  });
}

async function run(durationMs: number, count: boolean): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const until = Date.now() + durationMs;
  const worker = async (index: number): Promise<void> => {
    while (Date.now() < until) {
      try {
        const answer = await request(site, agent, index);
        if (answer.status === 201) {
          const id = (JSON.parse(answer.text) as { comment?: { id: number } }).comment?.id;
          if (id !== undefined) commentIds.push(id);
        }
        if (!count) continue;
        requests += 1;
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (/SQLITE_BUSY|database is locked/i.test(answer.text)) busy += 1;
      } catch {
        if (count) failures += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, index) => worker(index)));
  agent.destroy();
}

await run(5000, false);
const before = await site.memory();
await run(seconds * 1000, true);
const after = await site.memory();
await site.stop();
removeDataDir(dataDir);

const serverErrors = site.errors.filter((line) => !/RATE_LIMITS=off|Use this only/.test(line));
const fiveHundreds = [...statuses].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0);
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const heapGrowth = after.heapUsed - before.heapUsed;
console.log(
  `  statuses: ${[...statuses]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s} x${n}`)
    .join(', ')}`,
);
for (const line of serverErrors.slice(0, 5)) console.log(`  server: ${line}`);
figures.figure(
  `${connections} connections for ${seconds} s: ${requests} requests, ${fiveHundreds} 5xx, ${busy} SQLITE_BUSY, ${failures} failed connections`,
  fiveHundreds === 0 && busy === 0 && failures === 0 && serverErrors.length === 0 && requests > 0,
);
figures.figure(
  `memory after GC: heap ${mb(before.heapUsed)} -> ${mb(after.heapUsed)}, RSS ${mb(before.rss)} -> ${mb(after.rss)} (heap bound +16 MB)`,
  heapGrowth <= 16 * 1024 * 1024,
);
figures.exit();
