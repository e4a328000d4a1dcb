/**
 * A reader's public profile, `/users/<name>/`: their visible comments, newest first, 20 a page,
 * each with the headline of its story. A banned reader's profile says so and lists nothing: the
 * comments moderators left up stay in their threads, but the site no longer gathers them under
 * the name. A comment on a story readers cannot open (unpublished, or comments hidden) keeps its
 * place and date but not its text.
 */
import type { Services } from '../app/services.ts';
import {
  countVisibleCommentsBy,
  findAuthor,
  listVisibleCommentsBy,
  type AuthoredComment,
} from '../comments/by-author.ts';

export const PROFILE_PAGE_SIZE = 20;

export interface ProfileComment extends AuthoredComment {
  /** The story's headline, or null (and the body empty) when readers cannot open it. */
  storyTitle: string | null;
}

export type ProfileOutcome =
  | { found: false }
  | { found: true; username: string; joinedAt: number; banned: true }
  | {
      found: true;
      username: string;
      joinedAt: number;
      banned: false;
      total: number;
      page: number;
      pages: number;
      comments: ProfileComment[];
    };

/** The profile of `name` at page `pageParam` (1 when absent); an unknown name or page is not found. */
export async function loadProfile(
  { db }: Pick<Services, 'db'>,
  name: string,
  pageParam: string | null,
  storyTitle: (slug: string) => string | null,
): Promise<ProfileOutcome> {
  const page = pageParam === null ? 1 : /^[1-9]\d{0,5}$/.test(pageParam) ? Number(pageParam) : null;
  const author = page === null ? null : await findAuthor(db, name);
  if (author === null || page === null) return { found: false };
  const { username, joinedAt } = author;
  if (author.banned) return { found: true, username, joinedAt, banned: true };
  const total = await countVisibleCommentsBy(db, author.id);
  const pages = Math.max(1, Math.ceil(total / PROFILE_PAGE_SIZE));
  if (page > pages) return { found: false };
  const rows = await listVisibleCommentsBy(db, author.id, {
    limit: PROFILE_PAGE_SIZE,
    offset: (page - 1) * PROFILE_PAGE_SIZE,
  });
  const comments = rows.map((row) => {
    const title = storyTitle(row.storySlug);
    return { ...row, body: title === null ? '' : row.body, storyTitle: title };
  });
  return { found: true, username, joinedAt, banned: false, total, page, pages, comments };
}
