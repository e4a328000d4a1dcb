import { test, expect, FIRST_STORY_SLUG } from './site.ts';

// 12:00 UTC on 1 January 2030 is already 2 January in Kiritimati (UTC+14) and still 1 January in Honolulu (UTC-10).
const NOON_UTC = new Date('2030-01-01T12:00:00Z');
const PAGES = ['/', `/articles/${FIRST_STORY_SLUG}/`, `/articles/${FIRST_STORY_SLUG}/comments/`];

const WEEKDAYS = /Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday/;

for (const [timezoneId, shown, datetime] of [
  ['Pacific/Kiritimati', 'Wednesday 2 January 2030', '2030-01-02'],
  ['Pacific/Honolulu', 'Tuesday 1 January 2030', '2030-01-01'],
] as const) {
  test.describe(`a reader in ${timezoneId}`, () => {
    test.use({ timezoneId });

    test(`sees today's date in the masthead as it is where they are: ${shown}`, async ({ page }) => {
      await page.clock.setFixedTime(NOON_UTC);
      for (const path of PAGES) {
        await page.goto(path);
        const date = page.locator('.masthead-date time');
        await expect(date, path).toHaveText(shown);
        await expect(date, path).toHaveAttribute('datetime', datetime);
      }
    });
  });
}

test('no page is sent with a date in its masthead, so a page built yesterday cannot say it is today', async ({
  page,
}) => {
  for (const path of PAGES) {
    const html = await (await page.request.get(path)).text();
    const masthead = /<header class="masthead">[\s\S]*?<\/header>/.exec(html)?.[0] ?? '';
    expect(masthead, path).toContain('masthead-date');
    expect(masthead, path).not.toMatch(WEEKDAYS);
  }
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the masthead shows no date at all rather than a wrong one', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('.masthead')).not.toContainText(WEEKDAYS);
  });
});
