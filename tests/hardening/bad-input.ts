/**
 * Part 4, the bad input matrix: every endpoint gets missing and extra fields, wrong types,
 * oversized and malformed bodies, impossible ids, parents that cannot be replied to and
 * look-alike usernames. Each case names the status and the words of its answer; after each the
 * server must still answer, and after all of them no row may differ. RATE_LIMITS=off so every
 * case reaches its own check instead of a 429 (the limits have their own tests).
 */
import { MAX_DEPTH } from '../../src/server/comments/rules.ts';
import { deleteComment, postComment } from '../../src/server/comments/store.ts';
import {
  Figures,
  PASSWORD,
  STORY_PATH,
  STORY_SLUG,
  postJson,
  seedReader,
  send,
  snapshotRows,
  startSite,
} from './harness.ts';

interface Case {
  name: string;
  method?: string;
  path: string;
  type?: string;
  body?: string | Buffer;
  chunked?: boolean;
  signedIn?: boolean;
  status: number;
  /** Words the answer must contain (the JSON message, or the page's error). */
  says: string;
}

const figures = new Figures();
const site = await startSite('bad-input', { RATE_LIMITS: 'off' });
const { services } = site;
const reader = await seedReader(services.db, 'alice');
const other = await seedReader(services.db, 'bob');
const now = Math.floor(Date.now() / 1000);

async function seed(authorId: number, body: string, parentId: number | null = null, storySlug = STORY_SLUG) {
  const result = await postComment(services.db, { storySlug, parentId, authorId, body }, now);
  if (!result.ok) throw new Error(`seed failed: ${body}`);
  return result.comment;
}
const mine = await seed(reader.id, 'mine');
const bobs = await seed(other.id, 'not yours');
const doomed = await seed(reader.id, 'to be deleted');
await seed(other.id, 'keeps the placeholder', doomed.id);
await deleteComment(services.db, { commentId: doomed.id, userId: reader.id }, now);
const elsewhere = await seed(reader.id, 'on another story', null, 'another-story');

// Depth past the cap is accepted by design: the reply becomes a sibling at MAX_DEPTH.
let deepest = mine;
for (let depth = 1; depth <= MAX_DEPTH; depth += 1) deepest = await seed(reader.id, `depth ${depth}`, deepest.id);
const pastCap = await postJson(
  site,
  '/api/comments',
  { story: STORY_SLUG, body: 'too deep', parentId: deepest.id },
  reader.cookie,
);
const flattened = pastCap.json.comment as { id: number; parentId: number } | undefined;
figures.check(
  pastCap.status === 201 && flattened?.parentId === deepest.parentId,
  `a reply past depth ${MAX_DEPTH} becomes a sibling (${pastCap.status} ${JSON.stringify(pastCap.json)})`,
);

const json = 'application/json';
const form = 'application/x-www-form-urlencoded';
const api = '/api/comments';
const page = `${STORY_PATH}comments/`;
const j = (data: unknown): string => JSON.stringify(data);
/** A comment's JSON on the fixture's story, with any other fields. */
const comment = (body: unknown, fields: Record<string, unknown> = {}): string =>
  j({ story: STORY_SLUG, body, ...fields });
const f = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();
const megabyte = 'x'.repeat(1024 * 1024);
const tooLong = 'x'.repeat(5001);
const invalidUtf8Json = Buffer.concat([
  Buffer.from('{"story":"' + STORY_SLUG + '","body":"bad '),
  Buffer.from([0xff, 0xfe, 0xc3]),
  Buffer.from('"}'),
]);
const invalidUtf8Form = `intent=post&body=bad%FF%FE%C3&return_to=${encodeURIComponent(page)}`;
const impossibleIds = ['abc', '-1', '0', '1.5', '1e400', '99999999999999999999', '9007199254740993', ' '];

const jsonPost = { path: api, type: json };
const patch = (id: number | string) => ({ method: 'PATCH', path: `${api}/${id}`, type: json });
const remove = (id: number | string) => ({ method: 'DELETE', path: `${api}/${id}` });
const formPost = { path: page, type: form };
const signUpForm = { path: '/signup/', type: form };
const signInForm = { path: '/login/', type: form, signedIn: false };
const forgotForm = { path: '/forgot-password/', type: form, signedIn: false };
const resetForm = { path: '/reset-password/', type: form, signedIn: false };
const emailForm = { path: '/account/email/', type: form };
const accountForm = { path: '/account/', type: form };

const cases: Case[] = [
  // JSON: POST /api/comments
  { ...jsonPost, name: 'JSON, empty object', body: j({}), status: 400, says: 'Name the story' },
  { ...jsonPost, name: 'JSON, no body', body: j({ story: STORY_SLUG }), status: 400, says: 'Write something' },
  { ...jsonPost, name: 'JSON, no story', body: j({ body: 'hello' }), status: 400, says: 'Name the story' },
  { ...jsonPost, name: 'JSON, empty body', body: comment(''), status: 400, says: 'Write something' },
  { ...jsonPost, name: 'JSON, blank body', body: comment(' \n\t\r\n '), status: 400, says: 'Write something' },
  ...[42, null, true, ['x'], { text: 'x' }].map((body) => ({
    ...jsonPost,
    name: `JSON, body ${j(body)}`,
    body: j({ story: STORY_SLUG, body }),
    status: 400,
    says: 'Write something',
  })),
  ...[42, null, [STORY_SLUG], { slug: STORY_SLUG }].map((story) => ({
    ...jsonPost,
    name: `JSON, story ${j(story)}`,
    body: j({ story, body: 'hello' }),
    status: 400,
    says: 'Name the story',
  })),
  {
    ...jsonPost,
    name: 'JSON, unknown story',
    body: j({ story: 'no-such-story', body: 'hello' }),
    status: 404,
    says: 'no story',
  },
  {
    ...jsonPost,
    name: 'JSON, story 60k long',
    body: j({ story: 's'.repeat(60_000), body: 'hello' }),
    status: 404,
    says: 'no story',
  },
  {
    ...jsonPost,
    name: 'JSON, extra fields with an empty body',
    body: comment('', { id: 1, authorId: other.id, status: 'visible', depth: 0 }),
    status: 400,
    says: 'Write something',
  },
  { ...jsonPost, name: 'JSON, 5,001 characters', body: comment(tooLong), status: 400, says: 'yours has 5,001' },
  { ...jsonPost, name: 'JSON, 5,001 emoji', body: comment('😀'.repeat(5001)), status: 400, says: 'yours has 5,001' },
  { ...jsonPost, name: 'JSON, NUL byte', body: comment('a\u0000b'), status: 400, says: 'null character' },
  {
    ...jsonPost,
    name: 'JSON, lone surrogate',
    body: `{"story":"${STORY_SLUG}","body":"a\\ud800b"}`,
    status: 400,
    says: 'broken emoji',
  },
  { ...jsonPost, name: 'JSON, invalid UTF-8', body: invalidUtf8Json, status: 400, says: 'UTF-8' },
  { ...jsonPost, name: 'JSON, 1 MB', body: comment(megabyte), status: 413, says: 'limited to 64 KB' },
  {
    ...jsonPost,
    name: 'JSON, 1 MB chunked',
    body: comment(megabyte),
    chunked: true,
    status: 413,
    says: 'limited to 64 KB',
  },
  { ...jsonPost, name: 'JSON, not JSON', body: '{"story":', status: 400, says: 'not valid JSON' },
  ...['null', '[]', '"text"', '42'].map((body) => ({
    ...jsonPost,
    name: `JSON, top level ${body}`,
    body,
    status: 400,
    says: 'JSON object',
  })),
  {
    name: 'JSON as text/plain',
    path: api,
    type: 'text/plain',
    body: comment('hello'),
    status: 415,
    says: 'application/json',
  },
  { name: 'JSON without Content-Type', path: api, body: comment('hello'), status: 415, says: 'application/json' },
  { ...jsonPost, name: 'JSON, signed out', body: comment('hello'), signedIn: false, status: 401, says: 'Sign in' },
  ...[...impossibleIds, -1, 0, 1.5, 1e300, true, [mine.id], { id: mine.id }].map((parentId) => ({
    ...jsonPost,
    name: `JSON, parentId ${j(parentId)}`,
    body: comment('hello', { parentId }),
    status: 400,
    says: 'not a comment number',
  })),
  {
    ...jsonPost,
    name: 'JSON, parent does not exist',
    body: comment('hello', { parentId: 999_999 }),
    status: 404,
    says: 'does not exist',
  },
  {
    ...jsonPost,
    name: 'JSON, parent deleted',
    body: comment('hello', { parentId: doomed.id }),
    status: 400,
    says: 'has been deleted',
  },
  {
    ...jsonPost,
    name: 'JSON, parent on another story',
    body: comment('hello', { parentId: elsewhere.id }),
    status: 400,
    says: 'another story',
  },
  // JSON: PATCH and DELETE /api/comments/<id>
  ...impossibleIds
    .filter((id) => id.trim() !== '')
    .flatMap((id) => [
      { ...patch(id), name: `PATCH id ${id}`, body: j({ body: 'edit' }), status: 404, says: 'does not exist' },
      { ...remove(id), name: `DELETE id ${id}`, status: 404, says: 'does not exist' },
    ]),
  { ...patch(999999), name: 'PATCH unknown comment', body: j({ body: 'edit' }), status: 404, says: 'does not exist' },
  { ...patch(mine.id), name: 'PATCH, no body field', body: j({}), status: 400, says: 'Write something' },
  { ...patch(mine.id), name: 'PATCH, body 42', body: j({ body: 42 }), status: 400, says: 'Write something' },
  {
    ...patch(mine.id),
    name: 'PATCH, 5,001 characters',
    body: j({ body: tooLong }),
    status: 400,
    says: 'yours has 5,001',
  },
  { ...patch(mine.id), name: 'PATCH, NUL byte', body: j({ body: '\u0000' }), status: 400, says: 'null character' },
  { ...patch(mine.id), name: 'PATCH, not JSON', body: 'body=x', status: 400, says: 'not valid JSON' },
  { ...patch(mine.id), name: 'PATCH, 1 MB', body: j({ body: megabyte }), status: 413, says: 'limited to 64 KB' },
  {
    ...patch(bobs.id),
    name: "PATCH someone else's comment",
    body: j({ body: 'mine now' }),
    status: 403,
    says: 'your own',
  },
  {
    ...patch(doomed.id),
    name: 'PATCH a deleted comment',
    body: j({ body: 'back' }),
    status: 404,
    says: 'does not exist',
  },
  { ...remove(999999), name: 'DELETE unknown comment', status: 404, says: 'does not exist' },
  { ...remove(bobs.id), name: "DELETE someone else's comment", status: 403, says: 'your own' },
  { ...remove(mine.id), name: 'DELETE, signed out', signedIn: false, status: 401, says: 'Sign in' },
  // The no-JavaScript form: POST /articles/<slug>/comments/
  { ...formPost, name: 'form, no intent', body: f({ body: 'hello' }), status: 400, says: 'Say what to do' },
  {
    ...formPost,
    name: 'form, unknown intent',
    body: f({ intent: 'publish', body: 'hello' }),
    status: 400,
    says: 'Say what to do',
  },
  { ...formPost, name: 'form, no body', body: f({ intent: 'post' }), status: 400, says: 'Write something' },
  {
    ...formPost,
    name: 'form, 5,001 characters',
    body: f({ intent: 'post', body: tooLong }),
    status: 400,
    says: 'yours has 5,001',
  },
  {
    ...formPost,
    name: 'form, NUL byte',
    body: f({ intent: 'post', body: 'a\u0000b' }),
    status: 400,
    says: 'null character',
  },
  { ...formPost, name: 'form, invalid UTF-8', body: invalidUtf8Form, status: 400, says: 'UTF-8' },
  {
    ...formPost,
    name: 'form, 1 MB',
    body: f({ intent: 'post', body: megabyte }),
    status: 413,
    says: 'limited to 64 KB',
  },
  {
    name: 'form as text/plain',
    path: page,
    type: 'text/plain',
    body: f({ intent: 'post', body: 'hello' }),
    status: 415,
    says: 'x-www-form-urlencoded',
  },
  {
    name: 'form as JSON',
    path: page,
    type: json,
    body: j({ intent: 'post', body: 'hello' }),
    status: 415,
    says: 'x-www-form-urlencoded',
  },
  {
    ...formPost,
    name: 'form, reply without parent',
    body: f({ intent: 'reply', body: 'hello' }),
    status: 400,
    says: 'not a comment number',
  },
  ...impossibleIds.map((id) => ({
    ...formPost,
    name: `form, parent_id "${id}"`,
    body: f({ intent: 'reply', parent_id: id, body: 'hello' }),
    status: 400,
    says: 'not a comment number',
  })),
  {
    ...formPost,
    name: 'form, parent does not exist',
    body: f({ intent: 'reply', parent_id: '999999', body: 'hello' }),
    status: 404,
    says: 'does not exist',
  },
  {
    ...formPost,
    name: 'form, parent deleted',
    body: f({ intent: 'reply', parent_id: String(doomed.id), body: 'hello' }),
    status: 400,
    says: 'has been deleted',
  },
  {
    ...formPost,
    name: 'form, parent on another story',
    body: f({ intent: 'reply', parent_id: String(elsewhere.id), body: 'hello' }),
    status: 400,
    says: 'another story',
  },
  {
    ...formPost,
    name: 'form, edit unknown comment',
    body: f({ intent: 'edit', comment_id: '999999', body: 'x' }),
    status: 404,
    says: 'does not exist',
  },
  {
    ...formPost,
    name: "form, edit someone else's",
    body: f({ intent: 'edit', comment_id: String(bobs.id), body: 'x' }),
    status: 403,
    says: 'your own',
  },
  {
    ...formPost,
    name: "form, delete someone else's",
    body: f({ intent: 'delete', comment_id: String(bobs.id) }),
    status: 403,
    says: 'your own',
  },
  {
    ...formPost,
    name: 'form, delete id -1',
    body: f({ intent: 'delete', comment_id: '-1' }),
    status: 400,
    says: 'not a comment number',
  },
  {
    name: 'form, unknown story',
    path: '/articles/no-such-story/comments/',
    type: form,
    body: f({ intent: 'post', body: 'hello' }),
    status: 404,
    says: '',
  },
  // Accounts
  { ...signUpForm, name: 'sign-up, no fields', body: '', status: 400, says: 'Usernames are 3 to 32' },
  ...['ab', 'a'.repeat(33), 'a b', 'al/ce', '<script>', 'аlice', 'ａlice', 'alice\u200b', 'alicé', 'ALİCE'].map(
    (username) => ({
      ...signUpForm,
      name: `sign-up as ${j(username)}`,
      body: f({ username, password: PASSWORD }),
      status: 400,
      says: 'Usernames are 3 to 32',
    }),
  ),
  ...['ALICE', 'Alice', 'aLiCe'].map((username) => ({
    ...signUpForm,
    name: `sign-up as ${username} when alice exists`,
    body: f({ username, password: PASSWORD }),
    status: 409,
    says: 'taken',
  })),
  {
    ...signUpForm,
    name: 'sign-up, short password',
    body: f({ username: 'carol', password: 'short' }),
    status: 400,
    says: 'at least 8',
  },
  {
    ...signUpForm,
    name: 'sign-up, 257-character password',
    body: f({ username: 'carol', password: 'p'.repeat(257) }),
    status: 400,
    says: 'at most 256',
  },
  {
    ...signUpForm,
    name: 'sign-up, bad email',
    body: f({ username: 'carol', password: PASSWORD, email: 'not an email' }),
    status: 400,
    says: 'email address',
  },
  {
    ...signUpForm,
    name: 'sign-up, NUL in username',
    body: f({ username: 'car\u0000ol', password: PASSWORD }),
    status: 400,
    says: 'Usernames are 3 to 32',
  },
  {
    name: 'sign-up as JSON',
    path: '/signup/',
    type: json,
    body: j({ username: 'carol', password: PASSWORD }),
    status: 415,
    says: 'x-www-form-urlencoded',
  },
  {
    ...signUpForm,
    name: 'sign-up, 1 MB',
    body: f({ username: 'carol', password: megabyte }),
    status: 413,
    says: 'limited to 64 KB',
  },
  { ...signInForm, name: 'sign-in, no fields', body: '', status: 400, says: 'do not match' },
  {
    ...signInForm,
    name: 'sign-in, look-alike name',
    body: f({ username: 'аlice', password: PASSWORD }),
    status: 400,
    says: 'do not match',
  },
  {
    ...signInForm,
    name: 'sign-in, wrong password',
    body: f({ username: 'alice', password: 'wrong password!' }),
    status: 400,
    says: 'do not match',
  },
  {
    ...signInForm,
    name: 'sign-in, 1 MB',
    body: f({ username: 'alice', password: megabyte }),
    status: 413,
    says: 'limited to 64 KB',
  },
  { name: 'account, no intent', path: '/account/', type: form, body: '', status: 400, says: '' },
  { ...accountForm, name: 'account, unknown intent', body: f({ intent: 'delete-everything' }), status: 400, says: '' },
  {
    ...accountForm,
    name: 'change password, wrong current password',
    body: f({ intent: 'change-password', current_password: 'wrong password!', new_password: 'a new long password' }),
    status: 400,
    says: 'That is not your current password.',
  },
  {
    ...accountForm,
    name: 'change password, no fields',
    body: f({ intent: 'change-password' }),
    status: 400,
    says: 'Passwords need at least 8 characters.',
  },
  {
    ...accountForm,
    name: 'change password, 1 MB',
    body: f({ intent: 'change-password', current_password: PASSWORD, new_password: megabyte }),
    status: 413,
    says: 'limited to 64 KB',
  },
  {
    ...accountForm,
    name: 'sign out a device, unknown session',
    body: f({ intent: 'sign-out-device', session_id: 'x'.repeat(24) }),
    status: 404,
    says: 'That device is signed out already.',
  },
  {
    ...accountForm,
    name: 'sign out a device, no session',
    body: f({ intent: 'sign-out-device' }),
    status: 404,
    says: 'That device is signed out already.',
  },
  {
    ...accountForm,
    name: 'delete account, wrong password',
    body: f({ intent: 'delete-account', password: 'wrong password!' }),
    status: 400,
    says: 'That is not your current password.',
  },
  {
    ...accountForm,
    name: 'delete account, no password',
    body: f({ intent: 'delete-account' }),
    status: 400,
    says: 'That is not your current password.',
  },
  {
    ...accountForm,
    name: 'two-factor setup, altered key',
    body: f({ intent: 'enable-two-factor', key: '<script>', code: '123456' }),
    status: 400,
    says: 'The setup form was altered.',
  },
  {
    ...accountForm,
    name: 'two-factor setup, wrong code',
    body: f({ intent: 'enable-two-factor', key: 'A'.repeat(32), code: '12345x' }),
    status: 400,
    says: 'That code is not right.',
  },
  {
    ...accountForm,
    name: 'two-factor off, when it is not on',
    body: f({ intent: 'disable-two-factor', code: '123456' }),
    status: 400,
    says: 'That code is not right.',
  },
  {
    name: 'two-factor code, no session waiting for one',
    path: '/login/two-factor/',
    type: form,
    body: f({ code: '123456' }),
    signedIn: false,
    status: 303,
    says: '',
  },
  // Mail (issue 13): the reset request, the reset link's page, the account's email forms, unsubscribing.
  { ...forgotForm, name: 'forgot password, no fields', body: '', status: 400, says: 'Enter the email address' },
  ...['not an address', `${'a'.repeat(250)}@example.org`, 'two@at@signs example'].map((email) => ({
    ...forgotForm,
    name: `forgot password, email ${email.slice(0, 20)}`,
    body: f({ email }),
    status: 400,
    says: 'Enter the email address',
  })),
  {
    ...forgotForm,
    name: 'forgot password, unknown address',
    body: f({ email: 'nobody@example.org' }),
    status: 200,
    says: 'If an account has that verified address',
  },
  {
    ...forgotForm,
    name: 'forgot password, JSON',
    type: json,
    body: j({ email: 'x@example.org' }),
    status: 415,
    says: 'x-www-form-urlencoded',
  },
  { ...forgotForm, name: 'forgot password, 1 MB', body: f({ email: megabyte }), status: 413, says: 'limited to 64 KB' },
  ...['', 'short', 'a'.repeat(32), 'A'.repeat(32), '../../etc/passwd', 'a'.repeat(5000)].map((token) => ({
    ...resetForm,
    name: `reset password, token ${token.slice(0, 16) || '(none)'}`,
    body: f({ token, password: 'a brand new passphrase' }),
    status: 400,
    says: 'expired or has been used',
  })),
  {
    name: 'reset password page, unknown token',
    method: 'GET',
    path: '/reset-password/?token=abcdefghijklmnopqrstuvwxyz234567',
    status: 400,
    says: 'expired or has been used',
  },
  { ...emailForm, name: 'email settings, no intent', body: '', status: 400, says: 'Say what to do' },
  {
    ...emailForm,
    name: 'email settings, unknown intent',
    body: f({ intent: 'toString' }),
    status: 400,
    says: 'Say what to do',
  },
  {
    ...emailForm,
    name: 'email change, wrong password',
    body: f({ intent: 'change-email', email: 'new@example.org', email_password: 'wrong password!' }),
    status: 400,
    says: 'That is not your password.',
  },
  {
    ...emailForm,
    name: 'email change, not an address',
    body: f({ intent: 'change-email', email: 'no at sign', email_password: PASSWORD }),
    status: 400,
    says: 'does not look right',
  },
  ...['', 'abc', '1234567', '123456789', '１２３４５６７８'].map((code) => ({
    ...emailForm,
    name: `email code ${code || '(none)'}`,
    body: f({ intent: 'verify-email', code }),
    status: 400,
    says: 'Add an email address first.',
  })),
  {
    ...emailForm,
    name: 'email code resent, no address',
    body: f({ intent: 'resend-code' }),
    status: 400,
    says: 'Add an email address first.',
  },
  ...[
    '',
    '?user=1&list=replies&sig=forged',
    '?user=1&list=everything&sig=x',
    `?user=${'9'.repeat(30)}&list=replies&sig=x`,
  ].flatMap((query) => [
    {
      name: `unsubscribe page ${query || '(no link)'}`,
      path: `/unsubscribe/${query}`,
      type: form,
      body: '',
      status: 400,
      says: 'not complete',
    },
    {
      name: `one-click unsubscribe ${query || '(no link)'}`,
      path: `/api/unsubscribe${query}`,
      type: form,
      body: 'List-Unsubscribe=One-Click',
      status: 400,
      says: 'not complete',
    },
  ]),
  // Reads
  {
    name: 'comment section, no story',
    method: 'GET',
    path: '/api/comment-section',
    status: 404,
    says: 'no such story',
  },
  {
    name: 'comment section, unknown story',
    method: 'GET',
    path: '/api/comment-section?story=..%2F..%2Fetc%2Fpasswd',
    status: 404,
    says: 'no such story',
  },
  {
    name: 'comment section, story 8k long',
    method: 'GET',
    path: `/api/comment-section?story=${'s'.repeat(8000)}`,
    status: 404,
    says: 'no such story',
  },
  {
    name: 'comment counts, no stories',
    method: 'GET',
    path: '/api/comment-counts',
    status: 400,
    says: 'Name the stories',
  },
  {
    name: 'comment counts, unknown story',
    method: 'GET',
    path: `/api/comment-counts?stories=${STORY_SLUG},..%2F..%2Fetc%2Fpasswd`,
    status: 400,
    says: 'is not a published story with comments',
  },
  {
    name: 'comment counts, story 8k long',
    method: 'GET',
    path: `/api/comment-counts?stories=${'s'.repeat(8000)}`,
    status: 400,
    says: 'is not a published story with comments',
  },
  {
    name: 'comment counts, 51 stories',
    method: 'GET',
    path: `/api/comment-counts?stories=${Array.from({ length: 51 }, (_, index) => `story-${index}`).join(',')}`,
    status: 400,
    says: 'at most 50 stories',
  },
  { name: 'profile, name 8k long', method: 'GET', path: `/users/${'u'.repeat(8000)}/`, status: 404, says: '' },
  { name: 'profile, page not a number', method: 'GET', path: '/users/nobody/?page=NaN', status: 404, says: '' },
];

const serverErrors: string[] = [];
const originalError = console.error;
console.error = (...args: unknown[]): void => {
  serverErrors.push(args.map(String).join(' ').slice(0, 300));
};

const before = await snapshotRows(services);
let wrong = 0;
let crashes = 0;
const matrix = cases;
for (const item of matrix) {
  const signedIn = item.signedIn ?? true;
  const answer = await send(new URL(item.path, site.url).href, {
    method: item.method ?? 'POST',
    headers: {
      Origin: site.origin,
      ...(signedIn ? { Cookie: reader.cookie } : {}),
      ...(item.type === undefined ? {} : { 'Content-Type': item.type }),
    },
    ...(item.body === undefined ? {} : { body: item.body }),
    ...(item.chunked === true ? { chunked: true } : {}),
  }).catch((error: unknown) => ({ status: 0, text: String(error), headers: {}, body: Buffer.alloc(0) }));
  const alive = await send(`${site.url}api/session`).catch(() => ({ status: 0 }));
  if (answer.status >= 500 || answer.status === 0 || alive.status !== 200) crashes += 1;
  const says = item.says === '' || answer.text.includes(item.says) || answer.text.includes(escapeHtml(item.says));
  if (answer.status !== item.status || !says) {
    wrong += 1;
    const words = /"message":"([^"]*)"|role="alert">([^<]*)</.exec(answer.text);
    console.log(
      `  ${item.name}: expected ${item.status} "${item.says}", got ${answer.status} "${words?.[1] ?? words?.[2] ?? answer.text.slice(0, 100)}"`,
    );
  }
}
const rowsWritten = await countChanged(before);
console.error = originalError;
for (const line of serverErrors.slice(0, 10)) console.log(`  server error: ${line}`);

figures.figure(
  `${matrix.length} cases, ${crashes + serverErrors.length} crashes, ${rowsWritten} rows written`,
  crashes + serverErrors.length === 0 && rowsWritten === 0,
);
figures.figure(
  `bad input: ${matrix.length - wrong} of ${matrix.length} answered with the documented status and message`,
  wrong === 0,
);
await site.close();
figures.exit();

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** How many rows differ from the snapshot, counted line by line over each table's rows. */
async function countChanged(snapshot: string): Promise<number> {
  const after = await snapshotRows(services);
  const rows = (text: string): Set<string> =>
    new Set(
      text
        .split('\n')
        .flatMap((table) =>
          (JSON.parse(table.slice(table.indexOf(':', table.indexOf(':') + 1) + 1)) as unknown[]).map(
            (row) => `${table.slice(0, table.indexOf(':'))}${JSON.stringify(row)}`,
          ),
        ),
    );
  const old = rows(snapshot);
  const now = rows(after);
  return [...now].filter((row) => !old.has(row)).length + [...old].filter((row) => !now.has(row)).length;
}
