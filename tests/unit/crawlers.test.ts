import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { isPrivatePath, robotsTxt } from '../../src/server/build/robots.ts';
import { newsSitemapXml, storyLastModified, withLastModified } from '../../src/server/build/sitemaps.ts';

const publication = { name: 'The Ledger & Co', language: 'en-GB' };
const now = new Date('2026-12-02T12:00:00Z');
const hoursAgo = (hours: number): Date => new Date(now.getTime() - hours * 3_600_000);

test('robots.txt keeps crawlers from the account and API paths and names both sitemaps', () => {
  const text = robotsTxt(new URL('https://news.example/'));
  const lines = text.split('\n');
  assert.equal(lines[0], 'User-agent: *');
  for (const path of ['/api/', '/login', '/signup', '/logout', '/account', '/moderation']) {
    assert.ok(lines.includes(`Disallow: ${path}`), path);
  }
  assert.ok(lines.includes('Sitemap: https://news.example/sitemap-index.xml'));
  assert.ok(lines.includes('Sitemap: https://news.example/news-sitemap.xml'));
  assert.ok(!lines.some((line) => line.startsWith('Disallow: /articles')));
});

test('private paths are the account, moderation and API ones, not stories', () => {
  assert.ok(isPrivatePath('/login/'));
  assert.ok(isPrivatePath('/moderation/users/ada/'));
  assert.ok(isPrivatePath('/api/session'));
  assert.ok(!isPrivatePath('/articles/login-trouble/'));
  assert.ok(!isPrivatePath('/'));
});

test('the news sitemap lists the stories of the last two days, escaped, with language "en"', () => {
  const xml = newsSitemapXml(
    [
      { url: 'https://news.example/articles/future/', title: 'Not yet', publishedAt: hoursAgo(-1) },
      { url: 'https://news.example/articles/fresh/', title: 'Fresh <news> & "views"', publishedAt: hoursAgo(3) },
      { url: 'https://news.example/articles/edge/', title: 'Two days', publishedAt: hoursAgo(48) },
      { url: 'https://news.example/articles/old/', title: 'Old', publishedAt: hoursAgo(49) },
    ],
    publication,
    now,
  );
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset '));
  assert.ok(xml.includes('xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'));
  const locations = [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((match) => match[1]);
  assert.deepEqual(locations, ['https://news.example/articles/fresh/', 'https://news.example/articles/edge/']);
  assert.ok(xml.includes('<news:title>Fresh &lt;news&gt; &amp; &quot;views&quot;</news:title>'));
  assert.ok(xml.includes('<news:name>The Ledger &amp; Co</news:name><news:language>en</news:language>'));
  assert.ok(xml.includes(`<news:publication_date>${hoursAgo(3).toISOString()}</news:publication_date>`));
});

test('the news sitemap stops at 1,000 stories, the newest', () => {
  const stories = Array.from({ length: 1200 }, (_, index) => ({
    url: `https://news.example/articles/s-${index}/`,
    title: `Story ${index}`,
    publishedAt: new Date(now.getTime() - index * 60_000),
  }));
  const xml = newsSitemapXml(stories, publication, now);
  assert.equal(xml.match(/<url>/g)?.length, 1000);
  assert.ok(xml.includes('/articles/s-999/') && !xml.includes('/articles/s-1000/'));
});

test("a story's sitemap entry carries its updatedAt, else its publishedAt; other pages none", () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitemap-dates-'));
  try {
    writeFileSync(
      join(dir, 'updated.mdx'),
      '---\ntitle: x\npublishedAt: 2026-11-18\nupdatedAt: 2026-11-19T08:00:00Z\n---\n',
    );
    writeFileSync(join(dir, 'plain.md'), '---\ntitle: x\npublishedAt: "2026-11-20T18:30:00Z"\n---\n');
    const serialize = withLastModified(storyLastModified(dir));
    const site = 'https://news.example';
    assert.equal(serialize({ url: `${site}/articles/updated/` }).lastmod, '2026-11-19T08:00:00.000Z');
    assert.equal(serialize({ url: `${site}/articles/plain/` }).lastmod, '2026-11-20T18:30:00.000Z');
    assert.equal(serialize({ url: `${site}/about/` }).lastmod, undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
