/**
 * Part 1, stored XSS in a real browser. Every string of the two lists (tests/fixtures/xss) is
 * posted through the JSON API as a comment and as a reply to it, by a signed-in reader. A
 * 14,000-comment thread would be one enormous page, so the strings go in batches: each batch is
 * posted, every surface in SURFACES is opened in Chromium and followed through all its pages
 * (so every string is rendered on every surface, as comment and reply, and every one must be
 * seen), then the batch's comments are deleted before the next.
 * alert/confirm/prompt/print are hooked before any page script, dialogs, console errors, page
 * errors and requests leaving 127.0.0.1 are watched, and the markup inside each comment body is
 * held to what the renderer may emit: <p>, <br> and <a href="http(s)://..." rel>. Each batch's
 * replies are also rendered as one reply email (issue 13.8), its HTML part opened in Chromium the
 * same way: every quoted reply must read as written, with no element inside it.
 */
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../support/chromium-launch.ts';
import { Figures, PROJECT_DIR, STORY_SLUG, envNumber, inParallel, postJson, seedReader, startSite } from './harness.ts';
import { setUserRole } from '../../src/server/accounts/user.ts';
import { COMMENTER, SURFACES, type Surface, type Viewer } from './surfaces.ts';
import { renderMail } from '../../src/server/mail/messages.ts';

interface Entry {
  list: 'naughty' | 'xss';
  text: string;
}

interface Posted {
  entry: number;
  status: string;
}

interface Rendered {
  id: number;
  text: string;
  edit: string | null;
}

interface PageReport {
  comments: Rendered[];
  badMarkup: string[];
  dangerousUrls: string[];
}

const fixtures = join(PROJECT_DIR, 'tests/fixtures/xss');
const naughty = JSON.parse(readFileSync(join(fixtures, 'blns/blns.json'), 'utf8')) as string[];
const payloads = readFileSync(join(fixtures, 'payloadbox-xss/xss-payload-list.txt'), 'utf8')
  .replace(/\n$/, '')
  .split('\n');
const sample = envNumber('HARDENING_XSS_SAMPLE', Infinity);
const entries: Entry[] = [
  ...naughty.slice(0, sample).map((text) => ({ list: 'naughty' as const, text })),
  ...payloads.slice(0, sample).map((text) => ({ list: 'xss' as const, text })),
];
const batchSize = envNumber('HARDENING_XSS_BATCH', 500);

/** What the server stores: line endings as LF, surrounding whitespace trimmed (src/server/comments/rules.ts). */
function stored(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

/** How the renderer lays a stored body out: blank lines split paragraphs, read back as innerText. */
function displayed(body: string): string {
  return body
    .split(/\n(?:[^\S\n]*\n)+/)
    .filter((paragraph) => paragraph.trim() !== '')
    .join('\n\n');
}

const figures = new Figures();
const site = await startSite('xss', { RATE_LIMITS: 'off' });
const author = await seedReader(site.services.db, COMMENTER);
const moderator = await seedReader(site.services.db, 'xss_moderator');
await setUserRole(site.services.db, moderator.username, 'moderator');
const browser = await chromium.launch(chromiumLaunchOptions());
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

const executed: string[] = [];
const foreign: string[] = [];
const consoleErrors: string[] = [];
const badMarkup: string[] = [];
const dangerousUrls: string[] = [];
const unexpected: string[] = [];
const outcome: ('identical' | 'refused' | 'altered')[] = entries.map(() => 'identical');
const alterations: string[] = [];

async function newViewerContext(viewer: Viewer): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: site.url });
  if (viewer !== 'anonymous') {
    const token = viewer === 'author' ? author.token : moderator.token;
    await context.addCookies([{ name: 'session', value: token, url: site.url, httpOnly: true, sameSite: 'Lax' }]);
  }
  await context.addInitScript(() => {
    const calls: string[] = [];
    const target = window as unknown as Record<string, unknown>;
    target.__xssCalls = calls;
    for (const name of ['alert', 'confirm', 'prompt', 'print']) {
      target[name] = (...args: unknown[]): null => {
        calls.push(`${name}(${args.map(String).join(', ')})`);
        return null;
      };
    }
  });
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    foreign.push(url.href);
    return route.abort();
  });
  return context;
}

const contexts = new Map<Viewer, BrowserContext>();
for (const surface of SURFACES) {
  if (!contexts.has(surface.viewer)) contexts.set(surface.viewer, await newViewerContext(surface.viewer));
}

/**
 * Every comment `surface` shows: the page at its path, with every further page appended
 * ('show-more') or visited in turn in the same tab ('page-links'), each page's report merged.
 */
async function render(surface: Surface): Promise<PageReport> {
  const context = contexts.get(surface.viewer);
  if (context === undefined) throw new Error(`No browser context for ${surface.viewer}`);
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    executed.push(`${surface.name}: dialog ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${surface.name}: ${message.text().slice(0, 200)}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${surface.name}: ${error.message.slice(0, 200)}`));
  const merged: PageReport = { comments: [], badMarkup: [], dangerousUrls: [] };
  let path: string | null = surface.path;
  while (path !== null) {
    const response = await page.goto(path, { waitUntil: 'load', timeout: 60_000 });
    if (response?.status() !== 200) throw new Error(`${surface.name} answered ${response?.status()} at ${path}`);
    await page.waitForSelector(surface.ready, { state: 'attached', timeout: 60_000 });
    if (surface.paging === 'show-more') await showEveryPage(page, surface);
    const report = await reportOf(page, surface);
    merged.comments.push(...report.comments);
    merged.badMarkup.push(...report.badMarkup);
    merged.dangerousUrls.push(...report.dangerousUrls);
    path = surface.paging === 'page-links' ? await nextPagePath(page) : null;
  }
  await page.close();
  return merged;
}

/** Clicks "Show more comments" until the last page is in, waiting for each page to replace its link. */
async function showEveryPage(page: Page, surface: Surface): Promise<void> {
  for (;;) {
    const link = page.locator('a[data-next-page]');
    if ((await link.count()) === 0) return;
    const next = await link.getAttribute('data-next-page');
    // The click site.js listens for, without scrolling a page of hundreds of comments to it first.
    await link.dispatchEvent('click');
    try {
      await page.waitForFunction((next) => document.querySelector(`a[data-next-page="${next}"]`) === null, next, {
        timeout: 60_000,
      });
    } catch {
      throw new Error(`${surface.name}: "Show more comments" never brought page ${next}`);
    }
  }
}

/** The page's link to the page after it (the same path, ?page=N+1), or null on the last. */
function nextPagePath(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const next = Number(new URL(location.href).searchParams.get('page') ?? '1') + 1;
    for (const link of document.querySelectorAll('a[href]')) {
      const url = new URL((link as HTMLAnchorElement).href);
      if (
        url.origin === location.origin &&
        url.pathname === location.pathname &&
        url.searchParams.get('page') === String(next)
      ) {
        return url.pathname + url.search;
      }
    }
    return null;
  });
}

/** One page's comments as shown, after giving anything that slipped through a chance to run. */
async function reportOf(page: Page, surface: Surface): Promise<PageReport> {
  // Focus and hover handlers, timers: give anything that slipped through a moment to fire,
  // reading the page meanwhile.
  await page.keyboard.press('Tab');
  await page.mouse.move(200, 300);
  const moment = page.waitForTimeout(300);
  const item = surface.item ?? { selector: 'article.comment', idPrefix: 'comment-' };
  const report = await page.evaluate((item): PageReport => {
    // innerText would lay the page out once per comment; with white-space preserved (checked
    // once per body) the text shown is the text nodes, <br> as a line break, <p> as a blank line.
    const shown = (node: Node): string =>
      node.nodeName === 'BR'
        ? '\n'
        : node.nodeType === Node.TEXT_NODE
          ? (node.nodeValue ?? '')
          : [...node.childNodes].map(shown).join('');
    const keepsWhitespace = (element: Element): boolean => {
      const style = getComputedStyle(element);
      return ['pre', 'pre-wrap', 'break-spaces'].includes(style.whiteSpace) && style.textTransform === 'none';
    };
    const comments: Rendered[] = [];
    for (const article of document.querySelectorAll(item.selector)) {
      const body = article.querySelector(':scope > .comment-body');
      if (body === null) continue;
      const id = Number(article.id.replace(item.idPrefix, ''));
      const paragraphs = [...body.children].map((child) => {
        const text = shown(child);
        return keepsWhitespace(child) ? text : text.replace(/[ \t\n\r\f]+/g, ' ').trim();
      });
      const edit = document.getElementById(`edit-${id}`);
      comments.push({
        id,
        text: paragraphs.join('\n\n'),
        edit: edit instanceof HTMLTextAreaElement ? edit.value : null,
      });
    }
    const badMarkup: string[] = [];
    for (const body of document.querySelectorAll('.comment-body')) {
      for (const element of body.querySelectorAll('*')) {
        const allowed = ['P', 'BR', 'A'].includes(element.tagName);
        const attributes = [...element.attributes].map((attribute) => attribute.name);
        const linkOk =
          element.tagName !== 'A' ||
          (/^https?:\/\//i.test(element.getAttribute('href') ?? '') &&
            attributes.every((name) => name === 'href' || name === 'rel'));
        const attributesOk = element.tagName === 'A' || attributes.length === 0;
        if (!allowed || !linkOk || !attributesOk) badMarkup.push(element.outerHTML.slice(0, 160));
      }
    }
    const dangerousUrls: string[] = [];
    for (const element of document.querySelectorAll('*')) {
      for (const attribute of element.attributes) {
        if (/^on/i.test(attribute.name)) badMarkup.push(`${element.tagName} ${attribute.name}`);
        const isUrl = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc'].includes(attribute.name);
        if (isUrl && /^\s*(javascript|data|vbscript):/i.test(attribute.value)) {
          dangerousUrls.push(`${element.tagName} ${attribute.name}=${attribute.value.slice(0, 80)}`);
        }
      }
    }
    return { comments, badMarkup, dangerousUrls };
  }, item);
  await moment;
  const calls = await page.evaluate(() => (window as unknown as { __xssCalls: string[] }).__xssCalls);
  for (const call of calls) executed.push(`${surface.name}: ${call}`);
  return report;
}

function statusShownTo(viewer: Viewer, status: string): boolean {
  return status === 'visible' || viewer !== 'anonymous';
}

async function setStatus(ids: number[], status: 'pending' | 'visible'): Promise<void> {
  if (ids.length === 0) return;
  await site.services.db.run(`UPDATE comments SET status = ? WHERE id IN (${ids.map(() => '?').join(', ')})`, [
    status,
    ...ids,
  ]);
}

function check(surface: Surface, report: PageReport, expected: number[], posted: Map<number, Posted>): void {
  badMarkup.push(...report.badMarkup.map((markup) => `${surface.name}: ${markup}`));
  dangerousUrls.push(...report.dangerousUrls.map((url) => `${surface.name}: ${url}`));
  const seen = new Set<number>();
  for (const rendered of report.comments) {
    const post = posted.get(rendered.id);
    if (post === undefined) continue;
    // Pages that overlap, or an appended page shown twice, show a comment more than once.
    if (seen.has(rendered.id)) unexpected.push(`${surface.name}: comment ${rendered.id} is shown twice`);
    seen.add(rendered.id);
    const entry = entries[post.entry] as Entry;
    const body = stored(entry.text);
    const textOk = rendered.text === displayed(body);
    const editOk = rendered.edit === null || rendered.edit === body;
    if (!textOk || !editOk) {
      if (outcome[post.entry] !== 'altered') {
        alterations.push(
          `${entry.list} #${post.entry} on ${surface.name}: typed ${JSON.stringify(body).slice(0, 100)}, ` +
            `shown ${JSON.stringify(textOk ? rendered.edit : rendered.text).slice(0, 100)}`,
        );
      }
      outcome[post.entry] = 'altered';
    }
  }
  for (const id of expected) {
    if (!seen.has(id)) unexpected.push(`${surface.name}: comment ${id} (entry #${posted.get(id)?.entry}) is missing`);
  }
}

let mailedReplies = 0;
const mailProblems: string[] = [];

/** The batch's replies, each stored text a headline in turn, in a reply email's HTML part. */
async function checkReplyEmail(batchNumber: number): Promise<void> {
  const replies = await site.services.db.all<{ id: number; body: string; username: string }>(
    `SELECT c.id, c.body, u.username FROM comments c JOIN users u ON u.id = c.author_id
     WHERE c.parent_id IS NOT NULL ORDER BY c.id`,
  );
  if (replies.length === 0) return;
  const title = replies[batchNumber % replies.length]?.body ?? null;
  const mail = renderMail(
    {
      id: batchNumber,
      userId: author.id,
      recipient: 'xss@example.org',
      kind: 'replies',
      payload: { story: STORY_SLUG, title, commentIds: [] },
      attempts: 1,
    },
    {
      site: { name: 'The Ledger', origin: site.origin },
      replies: replies.map((reply) => ({ id: reply.id, authorName: reply.username, body: reply.body })),
      unsubscribe: null,
    },
  );
  const context = contexts.get('anonymous');
  if (context === undefined) throw new Error('No anonymous browser context');
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    executed.push(`reply email: dialog ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => consoleErrors.push(`reply email: ${error.message.slice(0, 200)}`));
  await page.goto(site.url);
  await page.setContent(mail.html, { waitUntil: 'load' });
  await page.mouse.move(200, 300);
  await page.waitForTimeout(300);
  const calls = await page.evaluate(() => (window as unknown as { __xssCalls: string[] }).__xssCalls);
  for (const call of calls) executed.push(`reply email: ${call}`);
  const quoted = await page.evaluate(() =>
    [...document.querySelectorAll('blockquote')].map((quote) => ({
      text: quote.textContent ?? '',
      elements: quote.childElementCount,
    })),
  );
  const headline = await page.evaluate(() => document.querySelector('p a')?.textContent ?? '');
  await page.close();
  if (headline !== title) mailProblems.push(`reply email: the headline reads ${JSON.stringify(headline.slice(0, 80))}`);
  replies.forEach((reply, index) => {
    const shown = quoted[index];
    if (shown === undefined || shown.elements > 0 || shown.text !== reply.body) {
      mailProblems.push(`reply email: reply ${reply.id} shows as ${JSON.stringify(shown?.text.slice(0, 80))}`);
    }
  });
  mailedReplies += replies.length;
}

for (let start = 0; start < entries.length; start += batchSize) {
  const batch = entries.slice(start, start + batchSize).map((entry, offset) => ({ entry, index: start + offset }));
  const posted = new Map<number, Posted>();
  const batchStartedAt = Date.now();
  await inParallel(batch, 12, async ({ entry, index }) => {
    const comment = await postJson(
      site,
      '/api/comments',
      { story: STORY_SLUG, body: entry.text },
      author.cookie,
      agent,
    );
    if (comment.status === 400 && typeof comment.json.message === 'string' && comment.json.message !== '') {
      outcome[index] = 'refused';
      return;
    }
    const created = comment.json.comment as { id: number; status: string } | undefined;
    if (comment.status !== 201 || created === undefined) {
      unexpected.push(`#${index} comment: ${comment.status} ${JSON.stringify(comment.json).slice(0, 120)}`);
      return;
    }
    posted.set(created.id, { entry: index, status: created.status });
    const reply = await postJson(
      site,
      '/api/comments',
      { story: STORY_SLUG, body: entry.text, parentId: created.id },
      author.cookie,
      agent,
    );
    const replied = reply.json.comment as { id: number; status: string } | undefined;
    if (reply.status !== 201 || replied === undefined) {
      unexpected.push(`#${index} reply: ${reply.status} ${JSON.stringify(reply.json).slice(0, 120)}`);
      return;
    }
    posted.set(replied.id, { entry: index, status: replied.status });
  });

  const postedAt = Date.now();
  // The thread and profile surfaces render side by side, each page after page in one tab (much
  // of a page's time is the moment given to handlers); a queue changes statuses between visits,
  // so it goes alone afterwards.
  const ids = [...posted.keys()];
  const lists = SURFACES.filter((surface) => surface.queuePageSize === undefined);
  await inParallel(lists, lists.length, async (surface) => {
    check(
      surface,
      await render(surface),
      ids.filter((id) => statusShownTo(surface.viewer, posted.get(id)?.status ?? '')),
      posted,
    );
  });
  for (const surface of SURFACES.filter((candidate) => candidate.queuePageSize !== undefined)) {
    const size = surface.queuePageSize ?? ids.length;
    for (let page = 0; page * size < ids.length; page += 1) {
      const expected = ids.slice(page * size, (page + 1) * size);
      await setStatus(expected, 'pending');
      const report = await render(surface);
      await setStatus(expected, 'visible');
      check(surface, report, expected, posted);
    }
  }
  await checkReplyEmail(start / batchSize);
  await site.services.db.run('DELETE FROM comments');
  console.log(
    `  batch ${start / batchSize + 1}: ${batch.length} strings, ${posted.size} comments, ` +
      `posted in ${Math.round((postedAt - batchStartedAt) / 1000)} s, rendered in ${Math.round((Date.now() - postedAt) / 1000)} s`,
  );
}

await browser.close();
agent.destroy();
await site.close();

const count = (list: Entry['list'], kind: (typeof outcome)[number]): number =>
  entries.filter((entry, index) => entry.list === list && outcome[index] === kind).length;
for (const line of [
  ...unexpected,
  ...alterations,
  ...executed,
  ...foreign,
  ...consoleErrors,
  ...badMarkup,
  ...dangerousUrls,
  ...mailProblems,
].slice(0, 40)) {
  console.log(`  ${line}`);
}
figures.figure(
  `${entries.length} strings x ${SURFACES.length} surfaces rendered, ${executed.length} executed, ${foreign.length} foreign requests`,
  executed.length === 0 && foreign.length === 0,
);
for (const list of ['naughty', 'xss'] as const) {
  const label = list === 'naughty' ? 'naughty strings' : 'XSS payloads';
  figures.figure(
    `${label}: ${count(list, 'identical')} identical / ${count(list, 'refused')} refused / ${count(list, 'altered')} altered (0)`,
    count(list, 'altered') === 0,
  );
}
figures.figure(
  `${mailedReplies} replies in reply emails' HTML part, ${mailProblems.length} altered or holding markup`,
  mailedReplies > 0 && mailProblems.length === 0,
);
figures.check(unexpected.length === 0, `${unexpected.length} unexpected answers or missing comments`);
figures.check(badMarkup.length === 0, `${badMarkup.length} injected elements or attributes`);
figures.check(dangerousUrls.length === 0, `${dangerousUrls.length} javascript:, data: or vbscript: URLs`);
figures.check(consoleErrors.length === 0, `${consoleErrors.length} console or page errors`);
console.log(
  `  no javascript:, data: or vbscript: URL became a link: ${dangerousUrls.length === 0 ? 'yes' : 'no'}; ` +
    `${badMarkup.length} injected elements; ${consoleErrors.length} console errors`,
);
figures.exit();
