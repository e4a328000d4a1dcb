/** The XSS test data in tests/fixtures/xss (ORIGIN.md there says where it comes from), and how to read escaped text back. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/xss');

/** The payloadbox list, one payload a line. */
export function xssPayloads(): string[] {
  return readFileSync(resolve(FIXTURES, 'payloadbox-xss/xss-payload-list.txt'), 'utf8').split('\n');
}

/** The big list of naughty strings. */
export function naughtyStrings(): string[] {
  const strings: unknown = JSON.parse(readFileSync(resolve(FIXTURES, 'blns/blns.json'), 'utf8'));
  if (!Array.isArray(strings) || !strings.every((text) => typeof text === 'string')) {
    throw new Error('blns.json is not a list of strings');
  }
  return strings;
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/** Text as it was before src/server/markup/html.ts escaped it. */
export function unescapeHtml(html: string): string {
  return html.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
}
