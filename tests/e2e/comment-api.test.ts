import type { APIRequestContext } from '@playwright/test';
import { postComment } from '../../src/server/comments/store.ts';
import { test, expect, signInAs, countRows, FIRST_STORY_SLUG, type TestSite } from './site.ts';

// The cases below post in quick succession; the comment interval has its own test.
test.use({ serverEnv: { COMMENT_INTERVAL_SECONDS: '0' } });

function origin(site: TestSite): string {
  return site.url.replace(/\/$/, '');
}

async function postJson(
  request: APIRequestContext,
  site: TestSite,
  data: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await request.post('/api/comments', {
    headers: { Origin: origin(site), 'Content-Type': 'application/json' },
    data: JSON.stringify(data),
  });
  return { status: response.status(), body: await response.json() };
}

test('the comment endpoint answers each kind of bad request with its status and stores nothing', async ({
  page,
  site,
}) => {
  const request = page.request;
  const anonymous = await postJson(request, site, { story: FIRST_STORY_SLUG, body: 'hello' });
  expect(anonymous).toMatchObject({ status: 401, body: { error: 'not-signed-in' } });

  const reader = await signInAs(site, page.context(), 'api_reader');
  const elsewhere = await postComment(
    site.services.db,
    { storySlug: 'another-story', parentId: null, authorId: reader.id, body: 'on another story' },
    1,
  );
  if (!elsewhere.ok) throw new Error('seed failed');
  const before = await countRows(site, 'comments');

  const cases: [unknown, number, string][] = [
    [{ story: 'no-such-story', body: 'hello' }, 404, 'unknown-story'],
    [{ story: FIRST_STORY_SLUG, body: 'hello', parentId: 999999 }, 404, 'unknown-parent'],
    [{ story: FIRST_STORY_SLUG, body: 'hello', parentId: elsewhere.comment.id }, 400, 'parent-other-story'],
    [{ story: FIRST_STORY_SLUG, body: 'x'.repeat(5001) }, 400, 'invalid-body'],
    [{ story: FIRST_STORY_SLUG, body: '   ' }, 400, 'invalid-body'],
    [{ story: FIRST_STORY_SLUG, body: 42 }, 400, 'invalid-request'],
    [{ story: FIRST_STORY_SLUG, body: 'hello', parentId: -1 }, 400, 'invalid-request'],
    [{ body: 'hello' }, 400, 'invalid-request'],
    [['not', 'an', 'object'], 400, 'invalid-request'],
  ];
  for (const [data, status, error] of cases) {
    const answer = await postJson(request, site, data);
    expect(answer, JSON.stringify(data).slice(0, 80)).toMatchObject({ status, body: { error } });
  }

  const huge = await request.post('/api/comments', {
    headers: { Origin: origin(site), 'Content-Type': 'application/json' },
    data: JSON.stringify({ story: FIRST_STORY_SLUG, body: 'y'.repeat(70 * 1024) }),
  });
  expect(huge.status()).toBe(413);
  const notJson = await request.post('/api/comments', {
    headers: { Origin: origin(site), 'Content-Type': 'application/json' },
    data: '{"story":',
  });
  expect(notJson.status()).toBe(400);
  const crossOrigin = await request.post('/api/comments', {
    headers: { Origin: 'http://evil.example', 'Content-Type': 'application/json' },
    data: JSON.stringify({ story: FIRST_STORY_SLUG, body: 'forged' }),
  });
  expect(crossOrigin.status()).toBe(403);
  expect(await countRows(site, 'comments')).toBe(before);

  const created = await postJson(request, site, { story: FIRST_STORY_SLUG, body: 'A valid comment.' });
  expect(created).toMatchObject({ status: 201, body: { comment: { parentId: null, status: 'visible' } } });
  expect(await countRows(site, 'comments')).toBe(before + 1);
});

test('a GET to a state-changing address changes nothing', async ({ page, site }) => {
  await signInAs(site, page.context(), 'get_reader');
  for (const path of ['/logout/', `/articles/${FIRST_STORY_SLUG}/comments/?intent=post&body=x`, '/api/comments']) {
    await page.request.get(path);
  }
  expect(await countRows(site, 'comments')).toBe(0);
  expect(await countRows(site, 'sessions')).toBe(1);
});
