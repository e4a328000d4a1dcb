/**
 * Part: abuse of the comment rules (issue 11 items 3, 4 and 8; issue 12 item 5), each attack as
 * the review ran it against `npm start`, over HTTP, with the limits at their defaults:
 * - an edit that turns "Great article" into five spam links, over the JSON API and the form;
 * - report brigading by accounts made a minute ago, against a reader's and an admin's comment;
 * - floods of reports from one account and from one address (X-Forwarded-For from a trusted proxy);
 * - a banned reader who signs in again and edits, deletes, posts and reports, and an author who
 *   deletes the comment readers' reports hid;
 * - a refused comment (empty, a reply to nothing) that used to spend the comment interval.
 * It builds a one-story fixture of its own rather than content/.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readServerConfig } from '../../src/server/app/config.ts';
import { createServices } from '../../src/server/app/services.ts';
import { createSession } from '../../src/server/accounts/session.ts';
import { setUserRole } from '../../src/server/accounts/user.ts';
import { ensureBuild } from '../../src/server/build/ensure-build.ts';
import { getComment, postComment } from '../../src/server/comments/store.ts';
import { startServer } from '../../src/server/http/server.ts';
import { banUser, unbanUser } from '../../src/server/moderation/decisions.ts';
import {
  Figures,
  PROJECT_DIR,
  SITE_ORIGIN,
  makeDataDir,
  removeDataDir,
  seedReader,
  send,
  serverEnv,
  snapshotRows,
  type Answer,
  type Reader,
} from './harness.ts';

const SLUG = 'comments-under-attack';
const STORY = `---
title: "Comments under attack"
description: "The fixture story the abuse part of the hardening suite comments on."
publishedAt: 2026-01-10
section: technology
tags: [fixtures]
comments: open
---

Readers post, edit, report and get banned here.
`;
const SPAM = [1, 2, 3, 4, 5].map((n) => `https://pills-${n}.example`).join(' ');
const COMMENTS_PATH = `/articles/${SLUG}/comments/`;
/** Every request comes through a proxy the server trusts, which names the client's address. */
const ADDRESS = '192.0.2.10';

const workDir = resolve(PROJECT_DIR, '.tmp/hardening-abuse');
const storyFile = join(workDir, 'content/articles', `${SLUG}.mdx`);
mkdirSync(join(workDir, 'content/articles'), { recursive: true });
if (!existsSync(storyFile) || readFileSync(storyFile, 'utf8') !== STORY) writeFileSync(storyFile, STORY);
process.env.CONTENT_DIR = join(workDir, 'content');
const distDir = join(workDir, 'dist');
if (!ensureBuild(PROJECT_DIR, distDir, SITE_ORIGIN)) throw new Error('The fixture site did not build.');

const figures = new Figures();
const dataDir = makeDataDir('abuse');
const extra = { TRUSTED_PROXY: '127.0.0.1' };
Object.assign(process.env, extra);
const services = await createServices(readServerConfig(serverEnv(dataDir, extra)));
const running = await startServer(distDir, services);
const { db } = services;
const now = (): number => services.clock.now();

interface Call {
  json?: unknown;
  form?: Record<string, string>;
  address?: string;
}

/** A same-origin request from a browser at `address`, signed in as `reader` when one is given. */
function call(method: string, path: string, reader: Reader | null, options: Call = {}): Promise<Answer> {
  const headers: Record<string, string> = {
    Origin: SITE_ORIGIN,
    'Sec-Fetch-Site': 'same-origin',
    'X-Forwarded-For': options.address ?? ADDRESS,
  };
  if (reader !== null) headers.Cookie = reader.cookie;
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form !== undefined) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams({ return_to: COMMENTS_PATH, ...options.form }).toString();
  }
  return send(new URL(path, running.url).href, { method, headers, ...(body === undefined ? {} : { body }) });
}

function jsonOf(answer: Answer): { comment?: { id: number; status: string }; error?: string } {
  try {
    return JSON.parse(answer.text) as { comment?: { id: number; status: string }; error?: string };
  } catch {
    return {};
  }
}

async function postOverApi(reader: Reader, body: string, parentId?: number): Promise<Answer> {
  return call('POST', '/api/comments', reader, {
    json: { story: SLUG, body, ...(parentId === undefined ? {} : { parentId }) },
  });
}

/** A comment stored through src/server, as a reader's would be. */
async function seedComment(authorId: number, body: string): Promise<number> {
  const posted = await postComment(db, { storySlug: SLUG, parentId: null, authorId, body }, now());
  if (!posted.ok) throw new Error(`Could not seed a comment: ${JSON.stringify(posted)}`);
  return posted.comment.id;
}

async function seedStaff(username: string, role: 'moderator' | 'admin'): Promise<Reader> {
  const staff = await seedReader(db, username);
  await setUserRole(db, username, role);
  return staff;
}

/** A reader whose reports count: an account two days old with a comment on show. */
async function seedEstablishedReader(username: string): Promise<Reader> {
  const reader = await seedReader(db, username);
  await db.run('UPDATE users SET created_at = ? WHERE id = ?', [now() - 2 * 24 * 60 * 60, reader.id]);
  await seedComment(reader.id, `${username} has been reading for a while`);
  return reader;
}

async function signedOutSection(): Promise<string> {
  return (await call('GET', `/api/comment-section?story=${SLUG}`, null)).text;
}

const moderator = await seedStaff('moderator', 'moderator');
const admin = await seedStaff('admin', 'admin');

// Issue 11 item 3: editing bypassed moderation.
{
  const author = await seedReader(db, 'editor1');
  const posted = jsonOf(await postOverApi(author, 'Great article'));
  const id = posted.comment?.id ?? 0;
  const patched = await call('PATCH', `/api/comments/${id}`, author, { json: { body: SPAM } });
  const heldOverApi = patched.status === 200 && jsonOf(patched).comment?.status === 'pending';

  const formAuthor = await seedReader(db, 'editor2');
  const formId = await seedComment(formAuthor.id, 'Careful reporting, thank you');
  const formEdit = await call('POST', COMMENTS_PATH, formAuthor, {
    form: { intent: 'edit', comment_id: String(formId), body: SPAM },
  });
  const told = formEdit.status === 303 && /[?&]notice=pending/.test(String(formEdit.headers.location));
  const heldOverForm = (await getComment(db, formId))?.status === 'pending';

  const section = await signedOutSection();
  const spamShown = section.includes('pills-1.example');
  const oldTextShown = section.includes('Great article');
  const queue = (await call('GET', '/moderation/', moderator)).text;
  const offered = queue.split('Approve the edited text').length - 1;
  figures.check(posted.comment?.status === 'visible', `the first text was not published: ${JSON.stringify(posted)}`);
  figures.figure(
    `an edit to five links: JSON ${patched.status} ${heldOverApi ? 'held' : 'not held'}, form ${formEdit.status} ` +
      `${heldOverForm ? 'held' : 'not held'}${told ? ' with the pending notice' : ' without the notice'}; signed-out page ` +
      `shows ${spamShown ? 'the links' : 'no link'}${oldTextShown ? ' and the withdrawn text' : ''}; queue offers ${offered} approvals of edited text`,
    heldOverApi && heldOverForm && told && !spamShown && !oldTextShown && offered === 2,
  );
}

// Issue 11 item 4: report brigading.
let hiddenByReports = { author: null as Reader | null, commentId: 0 };
{
  const author = await seedReader(db, 'outspoken');
  const readersComment = await seedComment(author.id, 'An unpopular opinion');
  const adminsComment = await seedComment(admin.id, 'House rules: be kind');
  const report = async (reporter: Reader, commentId: number): Promise<number> =>
    (await call('POST', `/api/comments/${commentId}/report`, reporter, { json: { reason: 'abuse' } })).status;

  const newcomers = [
    await seedReader(db, 'brigade1'),
    await seedReader(db, 'brigade2'),
    await seedReader(db, 'brigade3'),
  ];
  const statuses: number[] = [];
  for (const reporter of newcomers) {
    statuses.push(await report(reporter, readersComment), await report(reporter, adminsComment));
  }
  const afterNewcomers = [
    (await getComment(db, readersComment))?.status,
    (await getComment(db, adminsComment))?.status,
  ];

  const regulars = [
    await seedEstablishedReader('regular1'),
    await seedEstablishedReader('regular2'),
    await seedEstablishedReader('regular3'),
  ];
  for (const reporter of regulars) {
    statuses.push(await report(reporter, readersComment), await report(reporter, adminsComment));
  }
  const afterRegulars = [(await getComment(db, readersComment))?.status, (await getComment(db, adminsComment))?.status];
  const queue = (await call('GET', '/moderation/', moderator)).text;
  const named = [...newcomers, ...regulars].filter((reporter) => queue.includes(reporter.username)).length;
  figures.check(
    statuses.every((status) => status === 200),
    `a report was refused: ${statuses.join(', ')}`,
  );
  figures.figure(
    `brigading: 3 accounts made a minute ago leave the comments ${afterNewcomers.join(' and ')}; 3 established ` +
      `readers leave a reader's ${afterRegulars[0]}, an admin's ${afterRegulars[1]}; the queue names ${named} of 6 reporters`,
    afterNewcomers.every((status) => status === 'visible') &&
      afterRegulars[0] === 'hidden' &&
      afterRegulars[1] === 'visible' &&
      named === 6,
  );
  hiddenByReports = { author, commentId: readersComment };
}

// Issue 11 item 4: reports are rate limited per account and per address.
{
  const target = await seedReader(db, 'target');
  const ids: number[] = [];
  for (let n = 0; n < 45; n += 1) ids.push(await seedComment(target.id, `Target comment ${n}`));
  const report = (reporter: Reader, commentId: number, address: string): Promise<Answer> =>
    call('POST', `/api/comments/${commentId}/report`, reporter, { json: { reason: 'spam' }, address });

  const flooder = await seedReader(db, 'flooder');
  let perAccount = 0;
  let accountRefusal: Answer | null = null;
  for (const commentId of ids.slice(0, 11)) {
    const answer = await report(flooder, commentId, '198.51.100.1');
    if (answer.status === 200) perAccount += 1;
    else accountRefusal ??= answer;
  }

  let perAddress = 0;
  let addressRefusal: Answer | null = null;
  for (let account = 0; account < 4 && addressRefusal === null; account += 1) {
    const reporter = await seedReader(db, `crowd${account}`);
    for (const commentId of ids.slice(account * 8, account * 8 + 8)) {
      const answer = await report(reporter, commentId, '198.51.100.2');
      if (answer.status !== 200) {
        addressRefusal = answer;
        break;
      }
      perAddress += 1;
    }
  }
  const elsewhere = await report(await seedReader(db, 'elsewhere'), ids[40] ?? 0, '198.51.100.3');
  const overForm = await call('POST', COMMENTS_PATH, await seedReader(db, 'formreporter'), {
    form: { intent: 'report', comment_id: String(ids[41] ?? 0), reason: 'spam' },
    address: '198.51.100.2',
  });
  const limited = (answer: Answer | null): boolean =>
    answer !== null && answer.status === 429 && Number(answer.headers['retry-after']) > 0;
  figures.figure(
    `report limits: ${perAccount} from one account then ${accountRefusal?.status ?? 'no refusal'}, ${perAddress} from one ` +
      `address then ${addressRefusal?.status ?? 'no refusal'} (form ${overForm.status}), Retry-After ` +
      `${accountRefusal?.headers['retry-after'] ?? '-'} and ${addressRefusal?.headers['retry-after'] ?? '-'} s; another address ${elsewhere.status}`,
    perAccount === 10 &&
      limited(accountRefusal) &&
      jsonOf(accountRefusal as Answer).error === 'too-many-reports' &&
      perAddress === 30 &&
      limited(addressRefusal) &&
      limited(overForm) &&
      elsewhere.status === 200,
  );
}

// Issue 11 item 8: a ban stops every write; a hidden comment is evidence.
{
  const banned = await seedReader(db, 'troll');
  const ownId = await seedComment(banned.id, 'Words from before the ban');
  const othersId = await seedComment(moderator.id, 'A moderator says hello');
  if (!(await banUser(db, { actorId: moderator.id, userId: banned.id }, now())).ok) throw new Error('Could not ban.');
  // Signing in again works for a banned reader, who may still read.
  const again: Reader = { ...banned, cookie: `session=${(await createSession(db, banned.id, now())).token}` };
  const before = await snapshotRows(services);
  const attempts = [
    await call('PATCH', `/api/comments/${ownId}`, again, { json: { body: SPAM } }),
    await call('DELETE', `/api/comments/${ownId}`, again),
    await postOverApi(again, 'Back again'),
    await postOverApi(again, 'Back again', othersId),
    await call('POST', `/api/comments/${othersId}/report`, again, { json: { reason: 'spam' } }),
    await call('POST', COMMENTS_PATH, again, { form: { intent: 'edit', comment_id: String(ownId), body: SPAM } }),
    await call('POST', COMMENTS_PATH, again, { form: { intent: 'delete', comment_id: String(ownId) } }),
  ];
  const changed = (await snapshotRows(services)) !== before;
  await unbanUser(db, { actorId: moderator.id, userId: banned.id }, now());
  const afterUnban = await getComment(db, ownId);
  const statuses = attempts.map((answer) => answer.status);
  figures.figure(
    `banned reader signed in again: edit, delete, post, reply, report (JSON and form) answer ${statuses.join(', ')}, ` +
      `${changed ? 'rows changed' : '0 rows changed'}; after the unban the comment reads "${afterUnban?.body ?? '(gone)'}"`,
    statuses.every((status) => status === 403) &&
      !changed &&
      afterUnban?.status === 'visible' &&
      afterUnban.body === 'Words from before the ban',
  );

  const { author, commentId } = hiddenByReports;
  if (author === null) throw new Error('The brigading scene did not run.');
  const evidenceBefore = await getComment(db, commentId);
  const deleted = await call('DELETE', `/api/comments/${commentId}`, author);
  const deletedOverForm = await call('POST', COMMENTS_PATH, author, {
    form: { intent: 'delete', comment_id: String(commentId) },
  });
  const edited = await call('PATCH', `/api/comments/${commentId}`, author, { json: { body: 'Nothing to see' } });
  const evidenceAfter = await getComment(db, commentId);
  figures.figure(
    `an author deleting or editing the comment reports hid: ${deleted.status} ${jsonOf(deleted).error ?? ''}, form ` +
      `${deletedOverForm.status}, edit ${edited.status}; the comment is ${evidenceAfter === null ? 'gone' : 'kept as it was'}`,
    deleted.status === 403 &&
      jsonOf(deleted).error === 'comment-hidden' &&
      deletedOverForm.status === 403 &&
      edited.status === 403 &&
      JSON.stringify(evidenceAfter) === JSON.stringify(evidenceBefore),
  );
}

// Issue 12 item 5: a refused comment cost the comment interval.
{
  const reader = await seedReader(db, 'hasty');
  const empty = await postOverApi(reader, '   ');
  const orphan = await postOverApi(reader, 'Into the void', 999_999);
  const valid = await postOverApi(reader, 'What I meant to say');
  const next = await postOverApi(reader, 'And one more thing');

  const formReader = await seedReader(db, 'hastyform');
  const formEmpty = await call('POST', COMMENTS_PATH, formReader, { form: { intent: 'post', body: '' } });
  const formValid = await call('POST', COMMENTS_PATH, formReader, { form: { intent: 'post', body: 'Now with words' } });
  figures.figure(
    `refused comments cost no interval: empty ${empty.status}, reply to nothing ${orphan.status}, then a comment ` +
      `${valid.status} and the next ${next.status} (Retry-After ${next.headers['retry-after'] ?? '-'}); form: empty ` +
      `${formEmpty.status}, then ${formValid.status}`,
    empty.status === 400 &&
      orphan.status === 404 &&
      valid.status === 201 &&
      next.status === 429 &&
      Number(next.headers['retry-after']) > 0 &&
      formEmpty.status === 400 &&
      formValid.status === 303,
  );
}

await running.close();
await db.close();
removeDataDir(dataDir);
figures.exit();
