/**
 * The banned-words list: a plain text file, one word or phrase per line, `#` starting a comment
 * line. Matching ignores case and compatibility forms (NFKC, so full-width letters count) and
 * takes whole words only, so "class" does not match inside "classic". A phrase matches with any
 * whitespace between its words.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface BannedWords {
  /** Lower-case, in the order of the file, without duplicates. */
  readonly phrases: readonly string[];
  /** Null for an empty list. */
  readonly pattern: RegExp | null;
}

export const defaultBannedWordsFile: string = fileURLToPath(new URL('../data/banned-words.txt', import.meta.url));

const wordCharacter = '[\\p{L}\\p{N}\\p{M}_]';

export function parseBannedWords(text: string): BannedWords {
  const phrases = [
    ...new Set(
      text
        .split(/\r?\n/)
        .map((line) => canonical(line))
        .filter((line) => line !== '' && !line.startsWith('#')),
    ),
  ];
  if (phrases.length === 0) return { phrases, pattern: null };
  // Longest first, so a phrase wins over a word it starts with.
  const alternatives = [...phrases]
    .sort((a, b) => b.length - a.length)
    .map((phrase) => phrase.split(' ').map(escapeRegExp).join('\\s+'));
  const pattern = new RegExp(`(?<!${wordCharacter})(?:${alternatives.join('|')})(?!${wordCharacter})`, 'giu');
  return { phrases, pattern };
}

/** Reads and parses a list; throws when the file cannot be read. */
export function loadBannedWords(path: string): BannedWords {
  return parseBannedWords(readFileSync(path, 'utf8'));
}

/** The listed phrases found in `text`, each once, in the order of the list. */
export function findBannedWords(list: BannedWords, text: string): string[] {
  if (list.pattern === null) return [];
  const found = new Set([...canonical(text).matchAll(list.pattern)].map((match) => canonical(match[0])));
  return list.phrases.filter((phrase) => found.has(phrase));
}

function canonical(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim().replace(/\s+/gu, ' ');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
