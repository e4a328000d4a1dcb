/**
 * When a story stops taking comments. The front matter's `comments:` decides when it is written;
 * a story that leaves it out takes comments until COMMENTS_CLOSE_AFTER_DAYS days after its
 * `publishedAt`, and for ever when that setting is unset.
 */
export type CommentsSetting = 'open' | 'closed' | 'hidden';

/** The moment a story's age closes its comments, and the setting that put it there. */
export interface Closing {
  at: number;
  afterDays: number;
}

const SECONDS_PER_DAY = 24 * 60 * 60;

/** What a story's comments are at `now`, and when its age closed or will close them (left out if never). */
export function commentsAt(
  setting: CommentsSetting | undefined,
  publishedAt: Date,
  closeAfterDays: number | null,
  now: number,
): { comments: CommentsSetting; closing?: Closing } {
  if (setting !== undefined) return { comments: setting };
  if (closeAfterDays === null) return { comments: 'open' };
  const at = Math.floor(publishedAt.getTime() / 1000) + closeAfterDays * SECONDS_PER_DAY;
  return { comments: now >= at ? 'closed' : 'open', closing: { at, afterDays: closeAfterDays } };
}

/** The same for a story looked up earlier, such as one the thread cache keeps between requests. */
export function currentComments<Mode extends CommentsSetting>(
  story: { comments: Mode; closing?: Closing | undefined },
  now: number,
): Mode | 'closed' {
  return story.closing !== undefined && now >= story.closing.at ? 'closed' : story.comments;
}

/** The sentence a closed comment section shows. */
export function closedSentence(closing: Closing | undefined): string {
  if (closing === undefined) return 'Comments are closed.';
  const day = new Date(closing.at * 1000).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const days = closing.afterDays === 1 ? '1 day' : `${closing.afterDays} days`;
  return `Comments closed on ${day}, ${days} after this story was published.`;
}
