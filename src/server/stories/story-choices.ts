/**
 * What an editor may fill in a new story's `section` and `authors`, for `npm run new-story` to
 * list: the sections of the stories already written, and the authors, from content/authors/
 * (one file each, named for the author's id, with a `name`) where that folder exists, else the
 * names the stories already carry. Read from the disk, as the command has no astro:content.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { writtenField } from './written-date.ts';

export interface StoryChoices {
  sections: string[];
  authors: string[];
}

export function readStoryChoices(contentDir: string, knownSections: readonly string[] = []): StoryChoices {
  const stories = storyFiles(join(contentDir, 'articles')).map((file) => readFileSync(file, 'utf8'));
  const sections = new Set(knownSections);
  for (const source of stories) {
    const section = writtenField(source, 'section');
    if (section !== null) sections.add(section);
  }
  const authorFiles = storyFiles(join(contentDir, 'authors'));
  const authors =
    authorFiles.length > 0
      ? authorFiles.map((file) => {
          const id = basename(file, extname(file));
          const name = writtenField(readFileSync(file, 'utf8'), 'name');
          return name === null ? id : `${id} (${name})`;
        })
      : stories.flatMap((source) => listField(writtenField(source, 'authors')));
  return { sections: [...sections].sort(), authors: [...new Set(authors)].sort() };
}

/** The Markdown files of `dir`, none if there is no such folder. */
function storyFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => /\.mdx?$/.test(name))
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}

/** The items of a one-line YAML list such as `["Ada Reporter", Ben]`. */
function listField(value: string | null): string[] {
  if (value === null || !value.startsWith('[') || !value.endsWith(']')) return [];
  return value
    .slice(1, -1)
    .split(',')
    .map((item) => item.trim().replace(/^(["'])(.*)\1$/, '$2'))
    .filter((item) => item !== '');
}
