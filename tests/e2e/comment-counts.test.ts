import type { Page } from '@playwright/test';
import { postComment } from '../../src/server/comments/store.ts';
import { signUp } from '../../src/server/accounts/user.ts';
import { test, expect, FIRST_STORY_SLUG, type TestSite } from './site.ts';

const COUNCIL = 'council-approves-new-budget';
const FERRY = 'harbour-ferry-keeps-winter-timetable';

/** Two visible comments and one waiting on the first story, one on the council story. */
async function seedComments(site: TestSite): Promise<void> {
  const now = site.clock.now();
  const reader = await signUp(site.services.db, { username: 'count_reader', password: 'a long enough password' }, now);
  if (!reader.ok) throw new Error(reader.message);
  const comments = [
    { storySlug: FIRST_STORY_SLUG, status: 'visible' as const },
    { storySlug: FIRST_STORY_SLUG, status: 'visible' as const },
    { storySlug: FIRST_STORY_SLUG, status: 'pending' as const },
    { storySlug: COUNCIL, status: 'visible' as const },
  ];
  for (const [index, comment] of comments.entries()) {
    const posted = await postComment(
      site.services.db,
      { ...comment, parentId: null, authorId: reader.user.id, body: `Comment number ${index}.` },
      now - 60,
    );
    if (!posted.ok) throw new Error(posted.reason);
  }
}

function countLink(page: Page, slug: string): ReturnType<Page['locator']> {
  return page.locator(`[data-comment-count="${slug}"]`);
}

test('the front page, a section page and the story header show each story’s visible comments', async ({
  page,
  site,
}) => {
  await seedComments(site);
  const requests: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/comment-counts')) requests.push(request.url());
  });
  await page.goto('/');
  await expect(countLink(page, FIRST_STORY_SLUG)).toHaveText('2 comments');
  await expect(countLink(page, COUNCIL)).toHaveText('1 comment');
  await expect(countLink(page, FERRY)).toHaveText('0 comments');
  await expect(countLink(page, 'floods-close-coastal-road')).toHaveCount(0);
  expect(requests).toHaveLength(1);

  await page.goto('/sections/world/');
  await expect(countLink(page, FERRY)).toHaveText('0 comments');

  await page.goto(`/articles/${FIRST_STORY_SLUG}/`);
  const header = page.locator('.story-header');
  await expect(header.getByRole('link', { name: '2 comments' })).toHaveAttribute(
    'href',
    `/articles/${FIRST_STORY_SLUG}/#comments`,
  );
});

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  test('each story has a plain Comments link that leads to its comments', async ({ page }) => {
    await page.goto('/');
    await expect(countLink(page, COUNCIL)).toHaveText('Comments');
    await countLink(page, COUNCIL).click();
    await expect(page).toHaveURL(new RegExp(`/articles/${COUNCIL}/#comments$`));
    await expect(page.getByRole('heading', { name: 'Add new comment' })).toBeVisible();
  });
});

test('the counts endpoint answers with cacheable JSON, the same the second time, and refuses bad input with a 400', async ({
  page,
  site,
}) => {
  await seedComments(site);
  const url = `/api/comment-counts?stories=${FIRST_STORY_SLUG},${COUNCIL},${FERRY}`;
  const expected = { counts: { [FIRST_STORY_SLUG]: 2, [COUNCIL]: 1, [FERRY]: 0 } };
  // The endpoint answers first; the server answers the repeat itself (comment-counts-answer.ts).
  for (const attempt of ['first', 'repeat']) {
    const response = await page.request.get(url);
    expect(response.status(), attempt).toBe(200);
    expect(response.headers()['cache-control'], attempt).toBe('public, max-age=30');
    expect(response.headers()['content-type'], attempt).toBe('application/json');
    expect(response.headers()['x-content-type-options'], attempt).toBe('nosniff');
    expect(await response.json(), attempt).toEqual(expected);
  }

  const refusals = [
    ['/api/comment-counts', 'missing-stories'],
    [`/api/comment-counts?stories=${FIRST_STORY_SLUG},no-such-story`, 'unknown-story'],
    ['/api/comment-counts?stories=floods-close-coastal-road', 'unknown-story'],
    ['/api/comment-counts?stories=%3Cscript%3E%00', 'unknown-story'],
    [
      `/api/comment-counts?stories=${Array.from({ length: 51 }, (_, index) => `s-${index}`).join(',')}`,
      'too-many-stories',
    ],
  ] as const;
  for (const [path, error] of refusals) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(400);
    expect(await response.json(), path).toMatchObject({ error, message: expect.any(String) });
  }
});

test('a count in the thousands is written as the en-GB reader reads it', async ({ page }) => {
  await page.route('**/api/comment-counts?*', (route) =>
    route.fulfill({ json: { counts: { [FIRST_STORY_SLUG]: 12345, [COUNCIL]: 1000, [FERRY]: 999 } } }),
  );
  await page.goto('/');
  await expect(countLink(page, FIRST_STORY_SLUG)).toHaveText('12,345 comments');
  await expect(countLink(page, COUNCIL)).toHaveText('1,000 comments');
  await expect(countLink(page, FERRY)).toHaveText('999 comments');
});
