/**
 * What the suite attacks, in one place: every page that shows what commenters wrote, and every
 * route that changes state. A new surface or route (the moderation queue, report and ban
 * routes) is one entry here; the XSS, forgery and crawl parts pick it up.
 */
import { QUEUE_PAGE_SIZE } from '../../src/server/actions/moderation-request.ts';
import { STORY_PATH, STORY_SLUG } from './harness.ts';

export type Viewer = 'author' | 'anonymous' | 'moderator';

/** The reader who writes every comment the XSS part posts, whose profile lists them. */
export const COMMENTER = 'xss_author';

export interface Surface {
  name: string;
  path: string;
  viewer: Viewer;
  /** A selector present once the comments are on the page (the story page loads them by script). */
  ready: string;
  /** Each shown comment: an element whose id is the prefix and the comment's id, holding a .comment-body. */
  item?: { selector: string; idPrefix: string };
  /**
   * A list longer than a page: 'show-more', the story page's "Show more comments" link
   * (a[data-next-page]) that site.js replaces with the next page, clicked until none is left;
   * 'page-links', the page's link to its next page (the same path, ?page=N+1), followed until none is.
   */
  paging?: 'show-more' | 'page-links';
  /**
   * A queue shows waiting comments a page at a time: the suite moves this many of the batch's
   * comments into it (status 'pending', set in SQL) for each visit, until every one has been shown.
   */
  queuePageSize?: number;
}

/**
 * The story page fills its thread from /api/comment-section, the no-JavaScript page renders the
 * same HTML on the server, both 20 top-level comments a page; the author also sees each body
 * again in an edit textarea. The commenter's profile lists their visible comments, 20 a page.
 * The feeds (rss.xml, sitemap) carry stories only, never comments, so they are no surface.
 */
export const SURFACES: readonly Surface[] = [
  {
    name: 'story page, author',
    path: STORY_PATH,
    viewer: 'author',
    ready: '.comment-section .comment-count',
    paging: 'show-more',
  },
  {
    name: 'story page, signed out',
    path: STORY_PATH,
    viewer: 'anonymous',
    ready: '.comment-section .comment-count',
    paging: 'show-more',
  },
  {
    name: 'comments page, author',
    path: `${STORY_PATH}comments/`,
    viewer: 'author',
    ready: '.comment-count',
    paging: 'page-links',
  },
  {
    name: 'comments page, signed out',
    path: `${STORY_PATH}comments/`,
    viewer: 'anonymous',
    ready: '.comment-count',
    paging: 'page-links',
  },
  {
    name: 'reader profile, signed out',
    path: `/users/${COMMENTER}/`,
    viewer: 'anonymous',
    ready: '.profile-summary',
    item: { selector: 'li.profile-comment', idPrefix: 'comment-' },
    paging: 'page-links',
  },
  {
    name: 'moderation queue',
    path: '/moderation/',
    viewer: 'moderator',
    ready: '#queue-heading',
    item: { selector: 'article.queue-item', idPrefix: 'item-' },
    queuePageSize: QUEUE_PAGE_SIZE,
  },
];

export interface RouteContext {
  /** A comment of the signed-in reader (a moderator), for routes that act on one. */
  commentId: number;
  /** Someone else's comment, for reports and moderation. */
  othersCommentId: number;
  /** A name no account has yet. */
  newUsername: string;
  /** An existing account's name, for sign-in. */
  username: string;
  password: string;
  /** Another session of the signed-in reader, for signing one device out. */
  otherSessionId: string;
  /** A reader no other route needs, for deleting an account. */
  spareUserId: number;
}

export interface StateChangingRoute {
  name: string;
  method: 'POST' | 'PATCH' | 'DELETE';
  path(context: RouteContext): string;
  /** The body of a request that succeeds when it comes from this site. */
  body(
    context: RouteContext,
  ): { type: 'form'; fields: Record<string, string> } | { type: 'json'; data: unknown } | null;
}

export const STATE_CHANGING_ROUTES: readonly StateChangingRoute[] = [
  {
    name: 'comment form',
    method: 'POST',
    path: () => `${STORY_PATH}comments/`,
    body: () => ({ type: 'form', fields: { intent: 'post', body: 'forged comment', return_to: STORY_PATH } }),
  },
  {
    name: 'comment form, delete',
    method: 'POST',
    path: () => `${STORY_PATH}comments/`,
    body: (c) => ({ type: 'form', fields: { intent: 'delete', comment_id: String(c.commentId) } }),
  },
  {
    name: 'JSON post',
    method: 'POST',
    path: () => '/api/comments',
    body: () => ({ type: 'json', data: { story: STORY_SLUG, body: 'forged comment' } }),
  },
  {
    name: 'JSON edit',
    method: 'PATCH',
    path: (c) => `/api/comments/${c.commentId}`,
    body: () => ({ type: 'json', data: { body: 'forged edit' } }),
  },
  { name: 'JSON delete', method: 'DELETE', path: (c) => `/api/comments/${c.commentId}`, body: () => null },
  {
    name: 'sign up',
    method: 'POST',
    path: () => '/signup/',
    body: (c) => ({ type: 'form', fields: { username: c.newUsername, password: c.password, email: '' } }),
  },
  {
    name: 'sign in',
    method: 'POST',
    path: () => '/login/',
    body: (c) => ({ type: 'form', fields: { username: c.username, password: c.password } }),
  },
  {
    name: 'report',
    method: 'POST',
    path: (c) => `/api/comments/${c.othersCommentId}/report`,
    body: () => ({ type: 'json', data: { reason: 'spam' } }),
  },
  {
    name: 'moderation action',
    method: 'POST',
    path: () => '/moderation/',
    body: (c) => ({
      type: 'form',
      fields: { intent: 'hide', comment_id: String(c.othersCommentId), reason: 'forged' },
    }),
  },
  // Before the address change below, which leaves the reader's address unconfirmed.
  {
    name: 'forgot password',
    method: 'POST',
    path: () => '/forgot-password/',
    body: (c) => ({ type: 'form', fields: { email: `${c.username}@example.org` } }),
  },
  {
    name: 'email address change',
    method: 'POST',
    path: () => '/account/email/',
    body: (c) => ({
      type: 'form',
      fields: { intent: 'change-email', email: `${c.newUsername}@example.org`, email_password: c.password },
    }),
  },
  { name: 'sign out', method: 'POST', path: () => '/logout/', body: () => ({ type: 'form', fields: {} }) },
  {
    name: 'change password',
    method: 'POST',
    path: () => '/account/',
    body: (c) => ({
      type: 'form',
      fields: { intent: 'change-password', current_password: c.password, new_password: c.password },
    }),
  },
  {
    name: 'sign out one device',
    method: 'POST',
    path: () => '/account/',
    body: (c) => ({ type: 'form', fields: { intent: 'sign-out-device', session_id: c.otherSessionId } }),
  },
  {
    name: 'moderator deletes an account',
    method: 'POST',
    path: () => '/moderation/',
    body: (c) => ({ type: 'form', fields: { intent: 'delete-account', user_id: String(c.spareUserId) } }),
  },
  {
    name: 'sign out everywhere',
    method: 'POST',
    path: () => '/account/',
    body: () => ({ type: 'form', fields: { intent: 'sign-out-everywhere' } }),
  },
];

/** Every route a GET and HEAD crawl visits, with queries that would be actions if GET changed state. */
export function crawlPaths(commentId: number): string[] {
  const actions = [
    `?intent=post&body=crawled`,
    `?intent=delete&comment_id=${commentId}`,
    `?intent=edit&comment_id=${commentId}&body=crawled`,
  ];
  return [
    '/',
    STORY_PATH,
    `${STORY_PATH}comments/`,
    ...actions.map((query) => `${STORY_PATH}comments/${query}`),
    '/login/',
    '/login/?username=reader&password=x',
    '/signup/?username=crawler&password=a+long+enough+password',
    '/logout/',
    '/logout/?return_to=/',
    '/account/',
    '/account/?intent=sign-out-everywhere',
    '/account/?intent=change-password&current_password=x&new_password=crawled+password',
    '/account/?intent=delete-account&password=a+long+enough+password',
    '/account/data.json',
    '/account/deleted/',
    '/login/two-factor/?code=000000',
    '/account/email/?intent=mail-choices&notify_replies=on',
    '/forgot-password/?email=victim%40example.org',
    '/reset-password/?token=abcdefghijklmnopqrstuvwxyz234567',
    '/unsubscribe/?user=1&list=replies&sig=forged',
    '/api/unsubscribe?user=1&list=replies&sig=forged',
    '/moderation/',
    `/moderation/?intent=hide&comment_id=${commentId}&reason=crawled`,
    `/api/comments/${commentId}/report?reason=spam`,
    '/api/session',
    `/api/comment-section?story=${STORY_SLUG}`,
    `/api/comment-counts?stories=${STORY_SLUG}`,
    '/api/comments',
    `/api/comments?story=${STORY_SLUG}&body=crawled`,
    `/api/comments/${commentId}`,
    `/api/comments/${commentId}?_method=DELETE`,
    '/rss.xml',
    '/sitemap-index.xml',
    '/news-sitemap.xml',
    '/robots.txt',
    '/search/?q=crawled',
    '/login?return_to=%2Flogin%2F%3Freturn_to%3D%252F',
    '/about/',
    '/no-such-page/',
  ];
}
