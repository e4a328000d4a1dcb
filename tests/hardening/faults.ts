/**
 * Part 6b, storage faults while the server runs. Read-only: as root chmod changes nothing (root
 * ignores permissions, and the server already holds the files open), so the database file and
 * its WAL get the immutable flag (`chattr +i`), which ext4 enforces on open descriptors too.
 * Full disk: the data folder is a 4 MB tmpfs, filled up by a file beside the database. In both,
 * posts must get a clear 503, reads must keep working, and posting must work again afterwards.
 * Where the machine allows neither, the figure is SKIP, saying why (scripts/hardening.ts counts it
 * as skipped, and under CI as a failure).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, openSync, rmSync, rmdirSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import {
  Figures,
  STORY_PATH,
  STORY_SLUG,
  buildSite,
  makeDataDir,
  postJson,
  removeDataDir,
  seedCookies,
  send,
  spawnSite,
  type ChildSite,
} from './harness.ts';

const figures = new Figures();
buildSite();

interface Probe {
  jsonPost: number;
  formPost: number;
  message: string;
  reads: number[];
}

async function probe(site: ChildSite, cookie: string): Promise<Probe> {
  const json = await postJson(site, '/api/comments', { story: STORY_SLUG, body: `probe ${Math.random()}` }, cookie);
  const form = await send(`${site.url}${STORY_PATH.slice(1)}comments/`, {
    method: 'POST',
    headers: { Origin: site.origin, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ intent: 'post', body: `form probe ${Math.random()}` }).toString(),
  });
  const reads = await Promise.all(
    [STORY_PATH, `${STORY_PATH}comments/`, `/api/comment-section?story=${STORY_SLUG}`].map(
      async (path) => (await send(new URL(path, site.url).href, { headers: { Cookie: cookie } })).status,
    ),
  );
  return { jsonPost: json.status, formPost: form.status, message: String(json.json.message ?? ''), reads };
}

function judge(name: string, during: Probe, after: Probe, site: ChildSite): void {
  const clear = during.jsonPost === 503 && during.formPost === 503 && /try again/i.test(during.message);
  const readsOk = during.reads.every((status) => status === 200);
  const recovered = after.jsonPost === 201 && after.formPost === 303;
  const stackTraces = site.errors.filter((line) => /Error/.test(line));
  figures.figure(
    `${name}: posts ${during.jsonPost}/${during.formPost} "${during.message}", reads ${during.reads.join('/')}, ` +
      `afterwards posts ${after.jsonPost}/${after.formPost}`,
    clear && readsOk && recovered,
  );
  for (const line of stackTraces.slice(0, 5)) console.log(`  server: ${line}`);
}

// Read-only database file.
{
  const dataDir = makeDataDir('readonly', true);
  const [cookie = ''] = await seedCookies(dataDir, 'faulty', 1);
  const site = await spawnSite(dataDir, { RATE_LIMITS: 'off' });
  await probe(site, cookie);
  const files = ['newsroom.sqlite', 'newsroom.sqlite-wal'].map((name) => join(dataDir, name));
  const locked = spawnSync('chattr', ['+i', ...files], { encoding: 'utf8' });
  if (locked.status !== 0) {
    console.log(
      `SKIP read-only database: not tested (chattr +i failed: ${(locked.stderr || String(locked.error)).trim()})`,
    );
  } else {
    let during: Probe;
    try {
      during = await probe(site, cookie);
    } finally {
      spawnSync('chattr', ['-i', ...files]);
    }
    judge('read-only database', during, await probe(site, cookie), site);
  }
  await site.stop();
  removeDataDir(dataDir);
}

// Full disk.
{
  const parent = makeDataDir('full-disk', true);
  const mountPoint = join(parent, 'data');
  mkdirSync(mountPoint);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    console.log(
      `SKIP full disk: not tested (mounting a 4 MB tmpfs failed: ${(mounted.stderr || String(mounted.error)).trim()})`,
    );
  } else {
    try {
      const [cookie = ''] = await seedCookies(mountPoint, 'faulty', 1);
      const site = await spawnSite(mountPoint, { RATE_LIMITS: 'off' });
      await probe(site, cookie);
      const filler = join(mountPoint, 'filler');
      const fd = openSync(filler, 'w');
      const block = Buffer.alloc(64 * 1024, 1);
      try {
        for (;;) writeSync(fd, block);
      } catch {
        // ENOSPC: the disk is full.
      }
      try {
        for (;;) writeSync(fd, block.subarray(0, 512));
      } catch {
        // Every last block taken.
      }
      closeSync(fd);
      const during = await probe(site, cookie);
      rmSync(filler);
      judge('full disk', during, await probe(site, cookie), site);
      await site.stop();
    } finally {
      spawnSync('umount', [mountPoint]);
      rmdirSync(mountPoint);
    }
  }
  removeDataDir(parent);
}
figures.exit();
