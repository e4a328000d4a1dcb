import type { Role } from '../accounts/user.ts';
import { markup } from '../markup/html.ts';
import { canModerate } from '../moderation/decisions.ts';

export interface NavReader {
  username: string;
  role: Role;
  bannedAt: number | null;
}

/** What the JSON answers of prerendered pages say about the reader, with the nav for public/scripts/site.js to put in place. */
export interface ViewerAnswer {
  viewer: { username: string; role: Role } | null;
  accountNav: string;
}

/**
 * The masthead's account links on the page at `here` (path and query): sign in and create
 * account (nofollow: one sign-in address per page is nothing for a crawler), or the reader's name, Moderation for those who may moderate, and sign out. Both
 * AccountNav.astro and the JSON answers use it, so the nav reads the same with JavaScript or without.
 */
export function renderAccountNav(reader: NavReader | null, here: string): string {
  if (reader === null) {
    const returnTo = encodeURIComponent(here);
    return markup`<a href="/login/?return_to=${returnTo}" rel="nofollow">Sign in</a><a href="/signup/?return_to=${returnTo}" rel="nofollow">Create account</a>`.toString();
  }
  const moderation = canModerate(reader) && markup`<a href="/moderation/">Moderation</a>`;
  return markup`${moderation}<a href="/account/">${reader.username}</a><form method="post" action="/logout/"><input type="hidden" name="return_to" value="${here}"><button type="submit" class="link-button">Sign out</button></form>`.toString();
}

export function viewerAnswer(reader: NavReader | null, here: string): ViewerAnswer {
  return {
    viewer: reader === null ? null : { username: reader.username, role: reader.role },
    accountNav: renderAccountNav(reader, here),
  };
}
