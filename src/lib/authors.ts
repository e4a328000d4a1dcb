import { getCollection, getEntry, type CollectionEntry } from 'astro:content';

export type Author = CollectionEntry<'authors'>;

export function authorPath(id: string): string {
  return `/authors/${id}/`;
}

/** The authors a story names, in its order; the story schema has already refused unknown ids. */
export async function getStoryAuthors(ids: string[]): Promise<Author[]> {
  return Promise.all(
    ids.map(async (id) => {
      const author = await getEntry('authors', id);
      if (author === undefined) throw new Error(`No author "${id}" in the authors collection.`);
      return author;
    }),
  );
}

export async function getAllAuthors(): Promise<Author[]> {
  return getCollection('authors');
}
