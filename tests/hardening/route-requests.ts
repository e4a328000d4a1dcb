/**
 * How the forgery and perimeter parts send a request to a route of STATE_CHANGING_ROUTES: a fresh
 * session of the acting reader (and another of theirs), a spare account, two new comments to act on (theirs and someone else's), the
 * route's body encoded as a browser would, and whether the request changed any row.
 */
import { createSession } from '../../src/server/accounts/session.ts';
import type { Services } from '../../src/server/app/services.ts';
import { postComment } from '../../src/server/comments/store.ts';
import { PASSWORD, send, snapshotRows, type Reader } from './harness.ts';
import type { RouteContext, StateChangingRoute } from './surfaces.ts';

export interface RouteTarget {
  /** The server's address, where requests are sent. */
  url: string;
  services: Services;
  /** The reader whose session each request carries (a moderator, so every route applies). */
  actor: Reader;
  /** The author of the comment reports and moderation act on. */
  other: Reader;
  story: string;
  /** `session`, or `__Host-session` for a server on an https: SITE_URL. */
  cookieName: string;
}

let serial = 0;

export async function seedRouteContext(target: RouteTarget): Promise<{ context: RouteContext; cookie: string }> {
  serial += 1;
  const { db } = target.services;
  const now = Math.floor(Date.now() / 1000);
  const { token } = await createSession(db, target.actor.id, now);
  const elsewhere = await createSession(db, target.actor.id, now);
  const spare = await db.get<{ id: number }>(
    `INSERT INTO users (username, username_key, password_hash, created_at) VALUES (?, ?, '', ?) RETURNING id`,
    [`spare${serial}`, `spare${serial}`, now],
  );
  if (spare === null) throw new Error('Could not seed an account.');
  const seed = (authorId: number, body: string) =>
    postComment(db, { storySlug: target.story, parentId: null, authorId, body }, now);
  const own = await seed(target.actor.id, `target ${serial}`);
  const others = await seed(target.other.id, `bystander ${serial}`);
  if (!own.ok || !others.ok) throw new Error('Could not seed a comment.');
  return {
    cookie: `${target.cookieName}=${token}`,
    context: {
      commentId: own.comment.id,
      othersCommentId: others.comment.id,
      newUsername: `newcomer${serial}`,
      username: target.actor.username,
      password: PASSWORD,
      otherSessionId: elsewhere.session.id,
      spareUserId: Number(spare.id),
    },
  };
}

function encodeBody(
  body: ReturnType<StateChangingRoute['body']>,
  textPlain: boolean,
): { type?: string; text?: string } {
  if (body === null) return {};
  const text = body.type === 'json' ? JSON.stringify(body.data) : new URLSearchParams(body.fields).toString();
  if (textPlain) return { type: 'text/plain', text };
  return { type: body.type === 'json' ? 'application/json' : 'application/x-www-form-urlencoded', text };
}

/** Sends `route` with `headers` (and a Content-Type of text/plain when `textPlain`). */
export async function attemptRoute(
  target: RouteTarget,
  route: StateChangingRoute,
  headers: Record<string, string>,
  textPlain = false,
): Promise<{ status: number; changed: boolean }> {
  const { context, cookie } = await seedRouteContext(target);
  const before = await snapshotRows(target.services);
  const { type, text } = encodeBody(route.body(context), textPlain);
  const answer = await send(new URL(route.path(context), target.url).href, {
    method: route.method,
    headers: { ...headers, Cookie: cookie, ...(type === undefined ? {} : { 'Content-Type': type }) },
    ...(text === undefined ? {} : { body: text }),
  });
  return { status: answer.status, changed: (await snapshotRows(target.services)) !== before };
}
