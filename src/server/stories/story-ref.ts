import type { Closing } from './comment-closing.ts';

/**
 * A published story as the comment code needs it: `slug` is the key its comments are stored
 * under (its id, story-addresses.ts), `path` the address of its page today, its headline, and
 * whether comments are open.
 */
export interface StoryRef {
  slug: string;
  path: string;
  title: string;
  /** As of the request that looked the story up (comment-closing.ts). */
  comments: 'open' | 'closed' | 'hidden';
  /** When its age closed or will close its comments; left out when age never does. */
  closing?: Closing;
}
