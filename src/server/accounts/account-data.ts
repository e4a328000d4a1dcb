/**
 * "Download my data" (issue 13 item 3; GDPR art. 15 and 20): everything the site keeps about an
 * account that its owner may see, as one JSON document. Times are ISO 8601 in UTC. Password and
 * session hashes and the two-factor key are secrets, not data about the reader, and stay out.
 */
import type { Queryable } from '../db/database.ts';

export interface AccountData {
  exportedAt: string;
  account: { username: string; email: string | null; role: string; createdAt: string; twoFactor: boolean };
  comments: {
    id: number;
    story: string;
    /** The story's headline, or null for one no longer published. */
    storyTitle: string | null;
    url: string;
    parentId: number | null;
    status: string;
    text: string;
    createdAt: string;
    editedAt: string | null;
  }[];
  reports: {
    commentId: number;
    story: string;
    storyTitle: string | null;
    reason: string;
    note: string | null;
    createdAt: string;
  }[];
  devices: { browser: string; signedInAt: string; lastUsedAt: string }[];
}

type Id = number | bigint;

/**
 * Null for an unknown or deleted account. `siteOrigin` makes the comments' links absolute;
 * `titles` holds the published stories' headlines by slug.
 */
export async function collectAccountData(
  db: Queryable,
  userId: number,
  site: { origin: string; titles: ReadonlyMap<string, string> },
  now: number,
): Promise<AccountData | null> {
  const account = await db.get<{
    username: string;
    email: string | null;
    role: string;
    created_at: Id;
    two_factor: Id;
  }>(
    `SELECT username, email, role, created_at,
            (SELECT COUNT(*) FROM two_factor WHERE two_factor.user_id = users.id) AS two_factor
     FROM users WHERE id = ? AND deleted_at IS NULL`,
    [userId],
  );
  if (account === null) return null;
  const comments = await db.all<{
    id: Id;
    story_slug: string;
    parent_id: Id | null;
    status: string;
    body: string;
    created_at: Id;
    edited_at: Id | null;
  }>(
    `SELECT id, story_slug, parent_id, status, body, created_at, edited_at FROM comments
     WHERE author_id = ? ORDER BY created_at, id`,
    [userId],
  );
  const reports = await db.all<{
    comment_id: Id;
    story_slug: string;
    reason: string;
    note: string | null;
    created_at: Id;
  }>(
    `SELECT reports.comment_id, comments.story_slug, reports.reason, reports.note, reports.created_at
     FROM reports INNER JOIN comments ON comments.id = reports.comment_id
     WHERE reports.reporter_id = ? ORDER BY reports.created_at, reports.id`,
    [userId],
  );
  const devices = await db.all<{ browser: string; created_at: Id; last_used_at: Id }>(
    'SELECT browser, created_at, last_used_at FROM sessions WHERE user_id = ? ORDER BY created_at, id',
    [userId],
  );
  return {
    exportedAt: isoTime(now),
    account: {
      username: account.username,
      email: account.email,
      role: account.role,
      createdAt: isoTime(account.created_at),
      twoFactor: Number(account.two_factor) > 0,
    },
    comments: comments.map((comment) => ({
      id: Number(comment.id),
      story: comment.story_slug,
      storyTitle: site.titles.get(comment.story_slug) ?? null,
      url: `${site.origin}/articles/${comment.story_slug}/#comment-${comment.id}`,
      parentId: comment.parent_id === null ? null : Number(comment.parent_id),
      status: comment.status,
      text: comment.body,
      createdAt: isoTime(comment.created_at),
      editedAt: comment.edited_at === null ? null : isoTime(comment.edited_at),
    })),
    reports: reports.map((report) => ({
      commentId: Number(report.comment_id),
      story: report.story_slug,
      storyTitle: site.titles.get(report.story_slug) ?? null,
      reason: report.reason,
      note: report.note,
      createdAt: isoTime(report.created_at),
    })),
    devices: devices.map((device) => ({
      browser: device.browser,
      signedInAt: isoTime(device.created_at),
      lastUsedAt: isoTime(device.last_used_at),
    })),
  };
}

function isoTime(seconds: Id): string {
  return new Date(Number(seconds) * 1000).toISOString();
}
