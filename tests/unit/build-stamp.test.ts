import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scheduledStoriesDue, staleReason, writeBuildStamp } from '../../src/server/build/build-stamp.ts';

function project(): { dir: string; dist: string; article: string } {
  const dir = mkdtempSync(join(tmpdir(), 'stamp-'));
  mkdirSync(join(dir, 'content/articles'), { recursive: true });
  mkdirSync(join(dir, 'dist'));
  const article = join(dir, 'content/articles/story.mdx');
  writeFileSync(article, '---\ntitle: "A"\npublishedAt: 2026-12-01T09:00:00Z\n---\n');
  const past = new Date('2026-11-01T00:00:00Z');
  utimesSync(article, past, past);
  utimesSync(join(dir, 'content/articles'), past, past);
  utimesSync(join(dir, 'content'), past, past);
  return { dir, dist: join(dir, 'dist'), article };
}

test('a missing build, a new SITE_URL and a changed story each make the build stale', () => {
  const { dir, dist, article } = project();
  const builtAt = Date.parse('2026-11-20T00:00:00Z');
  const now = Date.parse('2026-11-28T00:00:00Z');
  assert.equal(staleReason(dir, dist, 'http://a.example', now), 'no build yet');
  writeBuildStamp(dist, { builtAt, siteOrigin: 'http://a.example' });
  assert.equal(staleReason(dir, dist, 'http://a.example', now), null);
  assert.match(staleReason(dir, dist, 'https://b.example', now) ?? '', /SITE_URL changed/);
  const edited = new Date('2026-11-21T00:00:00Z');
  utimesSync(article, edited, edited);
  assert.match(staleReason(dir, dist, 'http://a.example', now) ?? '', /sources changed/);
  rmSync(dir, { recursive: true, force: true });
});

test('a scheduled story makes the build stale once its time has come, not before', () => {
  const { dir, dist } = project();
  const builtAt = Date.parse('2026-11-20T00:00:00Z');
  writeBuildStamp(dist, { builtAt, siteOrigin: 'http://a.example' });
  assert.equal(staleReason(dir, dist, 'http://a.example', Date.parse('2026-12-01T08:59:59Z')), null);
  assert.match(staleReason(dir, dist, 'http://a.example', Date.parse('2026-12-01T09:00:00Z')) ?? '', /story\.mdx/);
  assert.deepEqual(
    scheduledStoriesDue(join(dir, 'content/articles'), Date.parse('2026-12-02T00:00:00Z'), Date.now()),
    [],
  );
  rmSync(dir, { recursive: true, force: true });
});
