import { getCollection, type CollectionEntry } from 'astro:content';
import { compareNewestFirst, isPublished } from '../server/stories/publishing.ts';
import type { StoryRef } from '../server/stories/story-ref.ts';
import { commentsAt } from '../server/stories/comment-closing.ts';
import type { Services } from '../server/app/services.ts';
import { storyAddresses, storyKey } from '../server/stories/story-addresses.ts';

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

/** The key of a story's comments: the file name it was first published under (story-addresses.ts). */
export function commentsKey(story: Story): string {
  return storyKey({ slug: story.id, ...story.data });
}

type ClockAndConfig = Pick<Services, 'config' | 'clock'>;

/** The published story whose comments are keyed `key`, as the comment code needs it at the clock's now, or null. */
export async function findStoryRef(key: string | undefined, services: ClockAndConfig): Promise<StoryRef | null> {
  if (key === undefined) return null;
  const story = (await getPublishedStories()).find((candidate) => commentsKey(candidate) === key);
  return story === undefined ? null : storyRef(story, services);
}

/** The published story at /articles/<slug>/ today, as the comment code needs it, or null. */
export async function findStoryRefAt(slug: string | undefined, services: ClockAndConfig): Promise<StoryRef | null> {
  if (slug === undefined) return null;
  const story = (await getPublishedStories()).find((candidate) => candidate.id === slug);
  return story === undefined ? null : storyRef(story, services);
}

function storyRef(story: Story, { config, clock }: ClockAndConfig): StoryRef {
  const { comments, publishedAt } = story.data;
  return {
    slug: commentsKey(story),
    path: storyPath(story),
    title: story.data.title,
    ...commentsAt(comments, publishedAt, config.commentsCloseAfterDays, clock.now()),
  };
}
/**
 * Old addresses of renamed stories, old slug to today's; a clash of names (two stories with one
 * id, an old address that is another story's) stops the build with the files named.
 */
export async function storyRedirects(): Promise<Map<string, string>> {
  const stories = await getCollection('articles');
  const addresses = storyAddresses(stories.map((story) => ({ slug: story.id, ...story.data })));
  if (!addresses.ok) throw new Error(`Story names clash: ${addresses.problems.join('; ')}.`);
  return addresses.moved;
}

/** Where the story once at /articles/<oldSlug>/ is today, if it is published, or null. */
export async function renamedStoryPath(oldSlug: string | undefined): Promise<string | null> {
  const slug = oldSlug === undefined ? undefined : (await storyRedirects()).get(oldSlug);
  if (slug === undefined) return null;
  const story = (await getPublishedStories()).find((candidate) => candidate.id === slug);
  return story === undefined ? null : storyPath(story);
}
