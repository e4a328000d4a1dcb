/**
 * The reader's chosen order of comments, remembered in a cookie for a year. site.js reads and
 * writes it too, so it is not HttpOnly; it holds nothing secret.
 */
import { parseCommentSort, type CommentSort } from '../comments/thread-page.ts';

export const SORT_COOKIE = 'comment_sort';

export interface SortCookieOptions {
  sameSite: 'lax';
  path: '/';
  secure: boolean;
  maxAge: number;
}

export function sortCookieOptions(secure: boolean): SortCookieOptions {
  return { sameSite: 'lax', path: '/', secure, maxAge: 365 * 24 * 60 * 60 };
}

/** The order asked for in the address, else the remembered one, else the site's. */
export function chosenSort(
  asked: string | null,
  remembered: string | undefined,
  siteDefault: CommentSort,
): CommentSort {
  return parseCommentSort(asked) ?? parseCommentSort(remembered) ?? siteDefault;
}
