import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runAstroBuild, type BuildTarget } from '../../src/server/build/astro-build.ts';
import {
  readBuildStamp,
  scheduledStoriesDue,
  staleReason,
  writeBuildStamp,
} from '../../src/server/build/build-stamp.ts';

const projectDir = resolve(import.meta.dirname, '../..');

function project(): { target: BuildTarget; article: string } {
  const dir = mkdtempSync(join(tmpdir(), 'stamp-'));
  mkdirSync(join(dir, 'content/articles'), { recursive: true });
  mkdirSync(join(dir, 'dist'));
  const article = join(dir, 'content/articles/story.mdx');
  writeFileSync(article, '---\ntitle: "A"\npublishedAt: 2026-12-01T09:00:00Z\n---\n');
  const past = new Date('2026-11-01T00:00:00Z');
  utimesSync(article, past, past);
  utimesSync(join(dir, 'content/articles'), past, past);
  utimesSync(join(dir, 'content'), past, past);
  const target = {
    projectDir: dir,
    distDir: join(dir, 'dist'),
    siteOrigin: 'http://a.example',
    contentDir: join(dir, 'content'),
  };
  return { target, article };
}

test('a missing build, a new SITE_URL, another stories folder and a changed story each make the build stale', () => {
  const { target, article } = project();
  const builtAt = Date.parse('2026-11-20T00:00:00Z');
  const now = Date.parse('2026-11-28T00:00:00Z');
  assert.equal(staleReason(target, now), 'no build yet');
  writeBuildStamp(target.distDir, { builtAt, siteOrigin: 'http://a.example', contentDir: target.contentDir });
  assert.equal(staleReason(target, now), null);
  assert.match(staleReason({ ...target, siteOrigin: 'https://b.example' }, now) ?? '', /SITE_URL changed/);
  assert.match(
    staleReason({ ...target, contentDir: '/elsewhere' }, now) ?? '',
    /stories are now read from \/elsewhere/,
  );
  const edited = new Date('2026-11-21T00:00:00Z');
  utimesSync(article, edited, edited);
  assert.match(staleReason(target, now) ?? '', /sources changed/);
  rmSync(target.projectDir, { recursive: true, force: true });
});

test('a scheduled story makes the build stale once its time has come, not before', () => {
  const { target } = project();
  const builtAt = Date.parse('2026-11-20T00:00:00Z');
  writeBuildStamp(target.distDir, { builtAt, siteOrigin: 'http://a.example', contentDir: target.contentDir });
  assert.equal(staleReason(target, Date.parse('2026-12-01T08:59:59Z')), null);
  assert.match(staleReason(target, Date.parse('2026-12-01T09:00:00Z')) ?? '', /story\.mdx/);
  assert.deepEqual(
    scheduledStoriesDue(join(target.contentDir, 'articles'), Date.parse('2026-12-02T00:00:00Z'), Date.now()),
    [],
  );
  rmSync(target.projectDir, { recursive: true, force: true });
});

test('a build made by hand (npm run build) is current for npm start, and a failed one is not', () => {
  const target = {
    projectDir,
    distDir: join(projectDir, '.tmp/stamp-manual-build'),
    siteOrigin: 'http://127.0.0.1:4321',
    contentDir: join(projectDir, 'tests/fixtures/gfm-site'),
  };
  rmSync(target.distDir, { recursive: true, force: true });
  const before = Date.now();
  const build = runAstroBuild(target, 'capture');
  assert.ok(build.ok, build.output);
  // The stamp staleReason compares with (its other checks are the tests above; comparing the
  // sources' times here would fail whenever someone edits src/ during the build).
  const stamp = readBuildStamp(target.distDir);
  assert.deepEqual(stamp, { builtAt: stamp?.builtAt, siteOrigin: target.siteOrigin, contentDir: target.contentDir });
  assert.ok(stamp !== null && stamp.builtAt >= before && stamp.builtAt <= Date.now(), 'built when the build started');
  const failed = runAstroBuild(
    { ...target, contentDir: join(projectDir, 'tests/fixtures/bad-front-matter') },
    'capture',
  );
  assert.equal(failed.ok, false);
  assert.equal(staleReason(target, Date.now()), 'no build yet');
  rmSync(target.distDir, { recursive: true, force: true });
});
