/** Whether a story is out for readers: not a draft and not scheduled for later. */
export function isPublished(story: { draft: boolean; publishedAt: Date }, now: Date): boolean {
  return !story.draft && story.publishedAt.getTime() <= now.getTime();
}

/** Newest first, by publication date, then by headline for a stable order. */
export function compareNewestFirst(
  a: { publishedAt: Date; title: string },
  b: { publishedAt: Date; title: string },
): number {
  return b.publishedAt.getTime() - a.publishedAt.getTime() || a.title.localeCompare(b.title);
}
