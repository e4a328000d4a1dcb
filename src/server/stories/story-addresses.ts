/**
 * A story's identity survives renaming its file. Its address is /articles/<file name>/; its id,
 * the key its comments are stored under, is the file name it was first published under: the
 * `id` front matter field, which a renamed story keeps, else the file name itself. So comments
 * need no migration when a story is renamed, and every address ever made from the key (the
 * moderation queue's links, the audit log's) still leads to the story, through a 301 from its
 * old address. `redirectFrom` lists the addresses of any renames in between.
 */
export interface StoryNames {
  /** The file name: the story's address today. */
  slug: string;
  id?: string | undefined;
  redirectFrom: readonly string[];
}

export type StoryAddresses = { ok: true; moved: Map<string, string> } | { ok: false; problems: string[] };

/** The key of the story's comments. */
export function storyKey(story: StoryNames): string {
  return story.id ?? story.slug;
}

/**
 * Every old address's story (old slug → today's slug), or why the stories' names clash: two
 * stories with one id would share their comments, and an old address that is another story's
 * address, or two stories' old address, could lead to only one of them.
 */
export function storyAddresses(stories: readonly StoryNames[]): StoryAddresses {
  const problems: string[] = [];
  const current = new Set(stories.map((story) => story.slug));
  const keys = new Map<string, string>();
  const moved = new Map<string, string>();
  for (const story of stories) {
    const key = storyKey(story);
    const sharing = keys.get(key);
    if (sharing !== undefined) {
      problems.push(`${sharing} and ${story.slug} both have the id "${key}"`);
      continue;
    }
    keys.set(key, story.slug);
    for (const old of new Set([key, ...story.redirectFrom])) {
      if (old === story.slug) continue;
      const claimed = moved.get(old);
      if (current.has(old)) problems.push(`${story.slug} redirects from "${old}", the address of another story`);
      else if (claimed !== undefined && claimed !== story.slug) {
        problems.push(`${claimed} and ${story.slug} both redirect from "${old}"`);
      } else moved.set(old, story.slug);
    }
  }
  return problems.length === 0 ? { ok: true, moved } : { ok: false, problems };
}
