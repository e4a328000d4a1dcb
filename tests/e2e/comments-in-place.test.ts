import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { test, expect, seedComment, signInAs, countRows, FIRST_STORY_SLUG, type TestSite } from './site.ts';

const storyPath = `/articles/${FIRST_STORY_SLUG}/`;
const commentsPath = `${storyPath}comments/`;
const storyUrl = new RegExp(`${storyPath}$`);

function section(page: Page): Locator {
  return page.locator('#comments');
}

function commentWith(page: Page, text: string): Locator {
  return section(page).locator('article.comment', { hasText: text }).last();
}

/** The comment's own controls, not those of its replies. */
function actionsOf(comment: Locator): Locator {
  return comment.locator('> .comment-actions');
}

/** Marks the open document, so a test can tell that the reader was never sent to another page. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => document.documentElement.setAttribute('data-test-stayed', ''));
}

/** Signs `username` in and opens the story, marked as markPage does. */
async function openStoryAs(page: Page, site: TestSite, username: string): Promise<void> {
  await signInAs(site, page.context(), username);
  await page.goto(storyPath);
  await markPage(page);
}

async function expectStayed(page: Page): Promise<void> {
  await expect(page).toHaveURL(storyUrl);
  await expect(page.locator('html')).toHaveAttribute('data-test-stayed', '');
}

async function post(page: Page, text: string): Promise<void> {
  await section(page).getByLabel('Comment', { exact: true }).fill(text);
  await section(page).getByRole('button', { name: 'Post comment' }).click();
}

test.describe('with JavaScript, the reader stays on the story', () => {
  test.use({ serverEnv: { COMMENT_INTERVAL_SECONDS: '15' } });

  test('a comment refused for coming too soon keeps its text, with the reason beside the field', async ({
    page,
    site,
  }) => {
    await openStoryAs(page, site, 'hasty_reader');
    await post(page, 'My first thought.');
    await expect(commentWith(page, 'My first thought.')).toBeVisible();
    await post(page, 'And a second one, straight away.');

    const form = section(page).locator('#comment-form');
    const alert = form.getByRole('alert');
    await expect(alert).toContainText('Please wait');
    const field = form.getByLabel('Comment', { exact: true });
    await expect(field).toHaveValue('And a second one, straight away.');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAttribute('aria-describedby', (await alert.getAttribute('id')) ?? 'no id');
    await expectStayed(page);
    expect(await countRows(site, 'comments')).toBe(1);
  });
});

test.describe('with JavaScript, forms open and answer in place', () => {
  test.use({ serverEnv: { COMMENT_INTERVAL_SECONDS: '0' } });

  test('Report opens its form under the comment and the thanks shows beside it', async ({ page, site }) => {
    await seedComment(site, 'loud_writer', 'Something worth reporting.');
    await openStoryAs(page, site, 'careful_reader');
    const comment = commentWith(page, 'Something worth reporting.');
    await actionsOf(comment).getByRole('link', { name: 'Report' }).click();
    await comment.getByLabel('Why are you reporting this comment?').selectOption({ index: 1 });
    await comment.getByLabel('Details (optional)').fill('Off topic.');
    await comment.getByRole('button', { name: 'Send report' }).click();
    await expect(commentWith(page, 'Something worth reporting.').getByRole('status')).toHaveText(
      'Thank you: a moderator will look at your report.',
    );
    await expectStayed(page);
  });

  test('reply, edit and delete are done without leaving the story', async ({ page, site }) => {
    await seedComment(site, 'first_writer', 'A comment to answer.');
    await openStoryAs(page, site, 'busy_reader');

    const parent = commentWith(page, 'A comment to answer.');
    await actionsOf(parent).getByRole('link', { name: 'Reply' }).click();
    await expect(parent.getByLabel('Reply', { exact: true })).toBeFocused();
    await parent.getByLabel('Reply', { exact: true }).fill('My answer.');
    await parent.getByRole('button', { name: 'Post reply' }).click();
    const mine = commentWith(page, 'My answer.');
    await expect(parent.locator('.replies')).toContainText('My answer.');

    await actionsOf(mine).getByRole('link', { name: 'Edit' }).click();
    await mine.getByLabel('Edit comment').fill('My answer, edited.');
    await mine.getByRole('button', { name: 'Save' }).click();
    await expect(commentWith(page, 'My answer, edited.').locator('.comment-edited')).toHaveText('edited');

    const edited = commentWith(page, 'My answer, edited.');
    await actionsOf(edited).getByRole('link', { name: 'Delete' }).click();
    await edited.getByRole('button', { name: 'Delete comment' }).click();
    await expect(section(page).locator('.comment-body', { hasText: 'My answer, edited.' })).toHaveCount(0);
    await expect(section(page).getByRole('status')).toHaveText('Your comment has been deleted.');
    await expectStayed(page);
  });

  test('Delete asks first, and Cancel keeps the comment', async ({ page, site }) => {
    await openStoryAs(page, site, 'second_thoughts');
    await post(page, 'Maybe I will delete this.');
    const mine = commentWith(page, 'Maybe I will delete this.');
    await actionsOf(mine).getByRole('link', { name: 'Delete' }).click();
    const confirm = mine.getByRole('button', { name: 'Delete comment' });
    await expect(confirm).toBeVisible();
    await expect(mine.getByText('Delete this comment? This cannot be undone.')).toBeVisible();
    await mine.getByRole('link', { name: 'Cancel' }).click();
    await expect(confirm).toBeHidden();
    await expect(actionsOf(mine).getByRole('link', { name: 'Delete' })).toBeFocused();
    const stored = await site.services.db.get<{ status: string }>('SELECT status FROM comments');
    expect(stored?.status).toBe('visible');
  });

  test('Cancel closes an Edit form and forgets what was typed; Cancel removes a Reply form', async ({ page, site }) => {
    await openStoryAs(page, site, 'undecided');
    await post(page, 'Words I keep.');
    const mine = commentWith(page, 'Words I keep.');
    await actionsOf(mine).getByRole('link', { name: 'Edit' }).click();
    await mine.getByLabel('Edit comment').fill('Words I drop.');
    await mine.getByRole('link', { name: 'Cancel' }).click();
    await expect(mine.getByLabel('Edit comment')).toBeHidden();
    await actionsOf(mine).getByRole('link', { name: 'Edit' }).click();
    await expect(mine.getByLabel('Edit comment')).toHaveValue('Words I keep.');

    await actionsOf(mine).getByRole('link', { name: 'Reply' }).click();
    await expect(mine.getByLabel('Edit comment')).toBeHidden();
    await mine.getByRole('link', { name: 'Cancel' }).click();
    await expect(mine.getByLabel('Reply', { exact: true })).toHaveCount(0);
    await expect(actionsOf(mine).getByRole('link', { name: 'Reply' })).toBeFocused();
  });

  test('opening Edit leaves the row of controls whole, with the form below it', async ({ page, site }) => {
    await signInAs(site, page.context(), 'tidy_reader');
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(storyPath);
      if ((await section(page).locator('article.comment').count()) === 0) await post(page, 'Tidy rows.');
      const mine = commentWith(page, 'Tidy rows.');
      const row = actionsOf(mine);
      const links = ['Reply', 'Edit', 'Delete'].map((name) => row.getByRole('link', { name }));
      const before = await Promise.all(links.map(pageBoxOf));
      await row.getByRole('link', { name: 'Edit' }).click();
      await expect(mine.getByLabel('Edit comment')).toBeVisible();
      const after = await Promise.all(links.map(pageBoxOf));
      expect(after, `at ${width} px`).toEqual(before);
      expect(new Set(after.map((box) => box.y)).size, `one row at ${width} px`).toBe(1);
      const field = await pageBoxOf(mine.getByLabel('Edit comment'));
      expect(field.y).toBeGreaterThan(Math.max(...after.map((box) => box.y + box.height)));
    }
  });
});

test.describe('premoderated, with JavaScript', () => {
  test.use({ serverEnv: { COMMENT_INTERVAL_SECONDS: '0', PREMODERATION: 'all' } });

  test('a held comment is explained beside it, on the story', async ({ page, site }) => {
    await openStoryAs(page, site, 'patient_reader');
    await post(page, 'Waiting for a moderator.');
    await expect(commentWith(page, 'Waiting for a moderator.').getByRole('status')).toHaveText(
      'Thanks: your comment will appear once a moderator has approved it.',
    );
    await expectStayed(page);
  });
});

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false, serverEnv: { COMMENT_INTERVAL_SECONDS: '0' } });

  test('Delete asks on the comments page before deleting anything', async ({ page, site }) => {
    await signInAs(site, page.context(), 'no_script_deleter');
    await page.goto(commentsPath);
    await post(page, 'Delete me, carefully.');
    const mine = commentWith(page, 'Delete me, carefully.');
    await actionsOf(mine).getByRole('link', { name: 'Delete' }).click();
    const stored = (): Promise<{ status: string } | null> =>
      site.services.db.get<{ status: string }>('SELECT status FROM comments');
    expect((await stored())?.status).toBe('visible');
    await mine.getByRole('link', { name: 'Cancel' }).click();
    await expect(mine.getByRole('button', { name: 'Delete comment' })).toBeHidden();
    await actionsOf(mine).getByRole('link', { name: 'Delete' }).click();
    await mine.getByRole('button', { name: 'Delete comment' }).click();
    await expect(section(page).locator('.comment-body', { hasText: 'Delete me, carefully.' })).toHaveCount(0);
    expect((await stored())?.status ?? 'gone').not.toBe('visible');
  });

  test('Edit and Reply forms have a Cancel that closes them', async ({ page, site }) => {
    await signInAs(site, page.context(), 'no_script_canceller');
    await page.goto(commentsPath);
    await post(page, 'Not sure yet.');
    const mine = commentWith(page, 'Not sure yet.');
    await actionsOf(mine).getByRole('link', { name: 'Edit' }).click();
    await expect(mine.getByLabel('Edit comment')).toBeVisible();
    await mine.getByRole('link', { name: 'Cancel', exact: true }).click();
    await expect(mine.getByLabel('Edit comment')).toBeHidden();
    await actionsOf(mine).getByRole('link', { name: 'Reply' }).click();
    await expect(mine.getByLabel('Reply', { exact: true })).toBeVisible();
    await mine.getByRole('link', { name: 'Cancel', exact: true }).click();
    await expect(mine.getByLabel('Reply', { exact: true })).toHaveCount(0);
    expect(await countRows(site, 'comments')).toBe(1);
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 800 }, serverEnv: { COMMENT_INTERVAL_SECONDS: '0' } });

  test('every control under a comment is at least 44 px high', async ({ page, site }) => {
    await seedComment(site, 'other_writer', 'Someone else wrote this.');
    await openStoryAs(page, site, 'thumb_reader');
    await post(page, 'I wrote this.');
    const theirs = commentWith(page, 'Someone else wrote this.');
    const mine = commentWith(page, 'I wrote this.');
    const controls = [
      actionsOf(theirs).getByRole('link', { name: 'Reply' }),
      actionsOf(theirs).getByRole('link', { name: 'Report' }),
      actionsOf(mine).getByRole('link', { name: 'Edit' }),
      actionsOf(mine).getByRole('link', { name: 'Delete' }),
    ];
    for (const control of controls) {
      expect((await boxOf(control)).height, await control.innerText()).toBeGreaterThanOrEqual(44);
    }
    await actionsOf(theirs).getByRole('link', { name: 'Report' }).click();
    for (const control of [
      theirs.getByRole('button', { name: 'Send report' }),
      theirs.getByRole('link', { name: 'Cancel' }),
      theirs.getByLabel('Why are you reporting this comment?'),
    ]) {
      expect((await boxOf(control)).height).toBeGreaterThanOrEqual(44);
    }
  });

  test('the report form is styled like the other forms: a bordered select and a real button', async ({
    page,
    site,
  }) => {
    await seedComment(site, 'styled_writer', 'Style check.');
    await openStoryAs(page, site, 'style_reader');
    const theirs = commentWith(page, 'Style check.');
    await actionsOf(theirs).getByRole('link', { name: 'Report' }).click();
    const look = (locator: Locator): Promise<Record<string, string>> =>
      locator.evaluate((element) => {
        const style = getComputedStyle(element);
        return {
          border: `${style.borderTopWidth} ${style.borderTopStyle} ${style.borderTopColor}`,
          background: style.backgroundColor,
          radius: style.borderTopLeftRadius,
        };
      });
    const select = await look(theirs.getByLabel('Why are you reporting this comment?'));
    const note = await look(theirs.getByLabel('Details (optional)'));
    const field = await look(section(page).getByLabel('Comment', { exact: true }));
    expect(select).toEqual(field);
    expect(note).toEqual(field);
    const send = await look(theirs.getByRole('button', { name: 'Send report' }));
    const postButton = await look(section(page).getByRole('button', { name: 'Post comment' }));
    expect(send).toEqual(postButton);
  });

  test('Sign in and Create account stand apart as two controls', async ({ page }) => {
    await page.goto(storyPath);
    const signIn = await boxOf(section(page).getByRole('link', { name: 'Sign in' }));
    const create = await boxOf(section(page).getByRole('link', { name: 'Create account' }));
    for (const box of [signIn, create]) expect(box.height).toBeGreaterThanOrEqual(44);
    const apart = create.x - (signIn.x + signIn.width) >= 8 || create.y >= signIn.y + signIn.height;
    expect(apart, JSON.stringify({ signIn, create })).toBe(true);
  });
});

test('axe finds no violations with the edit, reply, report and delete forms open', async ({ page, site }) => {
  test.slow();
  await seedComment(site, 'axe_writer', 'A comment by someone else.');
  await signInAs(site, page.context(), 'axe_forms');
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(storyPath);
    if ((await section(page).locator('article.comment').count()) === 1) await post(page, 'My own comment.');
    const theirs = commentWith(page, 'A comment by someone else.');
    const mine = commentWith(page, 'My own comment.');
    await actionsOf(theirs).getByRole('link', { name: 'Reply' }).click();
    await actionsOf(theirs).getByRole('link', { name: 'Report' }).click();
    await actionsOf(mine).getByRole('link', { name: 'Edit' }).click();
    await expect(mine.getByLabel('Edit comment')).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
    await actionsOf(mine).getByRole('link', { name: 'Delete' }).click();
    await expect(mine.getByRole('button', { name: 'Delete comment' })).toBeVisible();
    const withDelete = await new AxeBuilder({ page }).analyze();
    expect(withDelete.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  }
});

/** Where an element is on the page, whatever the scroll. */
function pageBoxOf(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return { x: box.x + window.scrollX, y: box.y + window.scrollY, width: box.width, height: box.height };
  });
}

async function boxOf(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await locator.boundingBox();
  if (box === null) throw new Error('not shown');
  return box;
}
