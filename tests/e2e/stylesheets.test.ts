/**
 * Each page links only the stylesheets it needs: global.css for every page, and an area's own
 * (account, moderation, listings, search, fronts) only where that area's markup is. A page that
 * lost its area's stylesheet would show its forms unstyled; the story page that carried every
 * area's rules would be heavier than issue 15 allows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { postComment } from '../../src/server/comments/store.ts';
import { test, expect, signInAs, FIRST_STORY_SLUG, TEST_DIST_DIR } from './site.ts';

/** The class names any of the build's stylesheets styles. */
function classesOfTheBuild(): Set<string> {
  const dir = join(TEST_DIST_DIR, 'client', '_astro');
  const classes = new Set<string>();
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.css'))) {
    for (const match of readFileSync(join(dir, name), 'utf8').matchAll(/\.(-?[_a-zA-Z][\w-]*)/g))
      classes.add(match[1]!);
  }
  return classes;
}

/** The classes the page's markup uses, and those its linked stylesheets style. */
async function pageClasses(page: Page): Promise<{ used: string[]; styled: string[] }> {
  return page.evaluate(() => {
    const used = new Set<string>();
    for (const element of document.querySelectorAll('[class]')) for (const name of element.classList) used.add(name);
    const styled = new Set<string>();
    const visit = (rules: CSSRuleList): void => {
      for (const rule of rules) {
        if (rule instanceof CSSStyleRule)
          for (const match of rule.selectorText.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)) styled.add(match[1]!);
        if (rule instanceof CSSGroupingRule) visit(rule.cssRules);
      }
    };
    for (const sheet of document.styleSheets) visit(sheet.cssRules);
    return { used: [...used], styled: [...styled] };
  });
}

/** Opens the page and expects every class of its markup that the build styles to be styled by its own stylesheets. */
async function expectEveryClassStyled(page: Page, path: string, inTheBuild: Set<string>): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  const { used, styled } = await pageClasses(page);
  const linked = new Set(styled);
  const unstyled = used.filter((name) => inTheBuild.has(name) && !linked.has(name));
  expect(unstyled, `${path}: classes styled by a stylesheet the page does not link`).toEqual([]);
}

const STORY = `/articles/${FIRST_STORY_SLUG}/`;

test('every page links the stylesheets that style the classes in its markup', async ({ site, page, context }) => {
  const reader = await signInAs(site, context, 'staffer', 'moderator');
  const held = await postComment(
    site.services.db,
    {
      storySlug: FIRST_STORY_SLUG,
      parentId: null,
      authorId: reader.id,
      body: 'A comment held for review',
      status: 'pending',
    },
    site.clock.now(),
  );
  if (!held.ok) throw new Error(held.reason);
  const inTheBuild = classesOfTheBuild();
  const paths = [
    '/',
    STORY,
    `${STORY}comments/`,
    '/sections/world/',
    '/archive/',
    '/authors/ada-reporter/',
    '/users/staffer/',
    '/search/',
    '/forgot-password/',
    '/account/',
    '/account/email/',
    '/moderation/',
    '/moderation/log/',
    '/moderation/users/staffer/',
  ];
  for (const path of paths) await expectEveryClassStyled(page, path, inTheBuild);
  // Sign-in and sign-up are for readers who are signed out.
  await context.clearCookies();
  for (const path of ['/login/', '/signup/']) await expectEveryClassStyled(page, path, inTheBuild);
});

test("the story page's stylesheets carry no other area's rules", async ({ page }) => {
  await page.goto(STORY);
  const { styled } = await pageClasses(page);
  for (const name of [
    'account-page',
    'device-list',
    'queue-item',
    'audit-log',
    'author-header',
    'profile-comment',
    'search-results',
    'top-stories',
  ]) {
    expect(styled, name).not.toContain(name);
  }
  expect(styled).toEqual(expect.arrayContaining(['story-body', 'comment-form', 'like-button', 'masthead']));
});

test('a checkbox in the comment form is a checkbox, not drawn as wide and tall as the text fields', async ({
  page,
  site,
}) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await signInAs(site, page.context(), 'box_reader');
  await page.goto(`/articles/${FIRST_STORY_SLUG}/`);
  const box = await page.getByLabel('Email me when someone replies to me').boundingBox();
  expect(box).not.toBeNull();
  expect(box!.width).toBeLessThan(32);
  expect(box!.height).toBeLessThan(32);
});
