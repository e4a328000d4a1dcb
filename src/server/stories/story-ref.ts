/** A published story as the comment code needs it: where it is, its headline, whether comments are open. */
export interface StoryRef {
  slug: string;
  title: string;
  comments: 'open' | 'closed' | 'hidden';
}
