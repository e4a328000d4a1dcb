import { getCollection, type CollectionEntry } from 'astro:content';
import { compareNewestFirst, isPublished } from '../server/stories/publishing.ts';
import type { StoryRef } from '../server/stories/story-ref.ts';
import { commentsAt } from '../server/stories/comment-closing.ts';
import type { Services } from '../server/app/services.ts';

export type Story = CollectionEntry<'articles'>;

/** Stories readers may see, newest first; `npm run dev` also shows drafts and scheduled ones. */
export async function getPublishedStories(): Promise<Story[]> {
  const now = new Date();
  const stories = await getCollection('articles', ({ data }) => import.meta.env.DEV || isPublished(data, now));
  return stories.sort((a, b) => compareNewestFirst(a.data, b.data));
}

export function storyPath(story: Story): string {
  return `/articles/${story.id}/`;
}

export function sectionPath(section: string): string {
  return `/sections/${section}/`;
}

export function tagPath(tag: string): string {
  return `/tags/${tag}/`;
}

/** A tag as readers see it: "technology" -> "Technology", "middle-east" -> "Middle East". */
export function labelFromSlug(slug: string): string {
  return slug
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/** The published story at `slug`, as the comment code needs it at the clock's now, or null. */
export async function findStoryRef(
  slug: string | undefined,
  { config, clock }: Pick<Services, 'config' | 'clock'>,
): Promise<StoryRef | null> {
  if (slug === undefined) return null;
  const story = (await getPublishedStories()).find((candidate) => candidate.id === slug);
  if (story === undefined) return null;
  const { comments, publishedAt } = story.data;
  return {
    slug: story.id,
    title: story.data.title,
    ...commentsAt(comments, publishedAt, config.commentsCloseAfterDays, clock.now()),
  };
}
