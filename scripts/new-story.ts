/** `npm run new-story -- "Headline"`: writes content/articles/<slug>.mdx and prints its path. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { storyTemplate } from '../src/server/stories/story-template.ts';
import { readStoryChoices } from '../src/server/stories/story-choices.ts';

const headline = process.argv.slice(2).join(' ').trim();
if (headline === '') {
  console.error('Give the headline: npm run new-story -- "Council Approves New Budget"');
  process.exit(1);
}
const { slug, source } = storyTemplate(headline, new Date());
if (slug === '') {
  console.error('The headline needs at least one letter or digit to make a web address from.');
  process.exit(1);
}
const projectDir = resolve(import.meta.dirname, '..');
const contentDir = process.env.CONTENT_DIR ?? join(projectDir, 'content');
const articlesDir = join(contentDir, 'articles');
const path = join(articlesDir, `${slug}.mdx`);
if (existsSync(path)) {
  console.error(`A story already has that address: ${relative(process.cwd(), path)}. Choose another headline.`);
  process.exit(1);
}
mkdirSync(articlesDir, { recursive: true });
writeFileSync(path, source, { flag: 'wx' });
console.log(relative(process.cwd(), path));
console.log('It is a draft: set draft: false when it is ready, then commit the file.');
const choices = readStoryChoices(contentDir);
console.log(`Sections: ${choices.sections.join(', ')} (src/server/stories/sections.ts)`);
const authors =
  choices.authors.length === 0 ? 'none yet; add one as content/authors/<id>.md' : choices.authors.join(', ');
console.log(`Authors: ${authors}`);
