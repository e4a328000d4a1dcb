/**
 * A published story as the comment code needs it: `slug` is the key its comments are stored
 * under (its id, story-addresses.ts), `path` the address of its page today, its headline, and
 * whether comments are open.
 */
export interface StoryRef {
  slug: string;
  path: string;
  title: string;
  comments: 'open' | 'closed' | 'hidden';
}
