/**
 * Stories whose front matter the preview (`npm run dev`) could not read, with what is wrong, so
 * that the page in the editor's browser says so as well as the terminal. The content loader and
 * the pages are loaded apart in the dev server, so they share the list through globalThis.
 */
const KEY = Symbol.for('the-ledger.front-matter-errors');

type Registry = Map<string, string>;

function registry(): Registry {
  const holder = globalThis as { [KEY]?: Registry };
  holder[KEY] ??= new Map();
  return holder[KEY];
}

/** Astro's schema message marks names in Markdown bold ("**section**: …"), which a terminal shows as it is. */
export function plainMessage(message: string): string {
  return message.replaceAll('**', '').trim();
}

export function recordFrontMatterError(file: string, message: string): void {
  registry().set(file, plainMessage(message));
}

export function clearFrontMatterError(file: string): void {
  registry().delete(file);
}

/** File name and message of each story the preview left out, in file order. */
export function frontMatterErrors(): { file: string; message: string }[] {
  return [...registry()].map(([file, message]) => ({ file, message })).sort((a, b) => a.file.localeCompare(b.file));
}
