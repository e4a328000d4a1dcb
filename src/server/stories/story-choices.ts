/**
 * What an editor may fill in a new story's `section` and `authors`, for `npm run new-story` to
 * list: the declared sections (sections.ts) and the authors in content/authors/ (one file each,
 * named for the author's id, with a `name`). Read from the disk, as the command has no astro:content.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { SECTION_IDS } from './sections.ts';
import { writtenField } from './written-date.ts';

export interface StoryChoices {
  sections: readonly string[];
  /** `id (name)` for each author file. */
  authors: string[];
}

export function readStoryChoices(contentDir: string): StoryChoices {
  const authors = markdownFiles(join(contentDir, 'authors')).map((file) => {
    const id = basename(file, extname(file));
    const name = writtenField(readFileSync(file, 'utf8'), 'name');
    return name === null ? id : `${id} (${name})`;
  });
  return { sections: SECTION_IDS, authors: authors.sort() };
}

/** The Markdown files of `dir`, none if there is no such folder. */
function markdownFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => /\.mdx?$/.test(name))
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}
