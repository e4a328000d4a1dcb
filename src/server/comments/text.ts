import { markup, type Markup } from '../markup/html.ts';

/**
 * A bare http(s) or www. address, not glued to a preceding word. It stops at whitespace, at
 * characters that cannot appear unescaped in HTML or URLs, and at control and bidi-format
 * characters (so a link cannot hide a right-to-left override). Only these two schemes are ever
 * linked: https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html
 */
const URL_PATTERN = /(?<![\p{L}\p{N}_@.\/:+-])(?:https?:\/\/|www\.)[\p{L}\p{N}][^\s<>"\p{Cc}\p{Cf}]*/giu;

const TRAILING_PUNCTUATION = new Set(['.', ',', ':', ';', '!', '?', "'", '*', '_', '~']);

/** A line break inside a paragraph is one newline; a blank (or whitespace-only) line separates paragraphs. */
const PARAGRAPH_BREAK = /\n(?:[^\S\n]*\n)+/;

/**
 * A comment body as HTML: every character escaped and shown as written, paragraphs as `<p>`,
 * single line breaks as `<br>`, bare web addresses as links. The output carries no newlines of
 * its own, so it reads the same under `white-space: pre-wrap`.
 */
export function commentTextMarkup(body: string): Markup {
  const paragraphs = body
    .replace(/\r\n?/g, '\n')
    .split(PARAGRAPH_BREAK)
    .filter((paragraph) => paragraph.trim() !== '')
    .map((paragraph) => markup`<p>${paragraph.split('\n').map(renderLine)}</p>`);
  return markup`${paragraphs}`;
}

/** The same as a string, for Astro's `set:html` and for counting links. */
export function renderCommentText(body: string): string {
  return commentTextMarkup(body).toString();
}

/** One line of a paragraph, after a `<br>` unless it is the first. */
function renderLine(line: string, index: number): Markup {
  let rendered = index === 0 ? markup`` : markup`<br>`;
  let position = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    const text = withoutTrailingPunctuation(match[0]);
    const href = /^www\./i.test(text) ? `https://${text}` : text;
    const before = line.slice(position, match.index);
    rendered = markup`${rendered}${before}<a href="${href}" rel="nofollow ugc noopener">${text}</a>`;
    position = match.index + text.length;
  }
  return markup`${rendered}${line.slice(position)}`;
}

/**
 * Leaves sentence punctuation, and a closing bracket opened before the address, outside the link.
 * The brackets are counted once and the surplus kept as characters drop off the end, so a run
 * of thousands of `)` costs no more than any other text (issue 11.5).
 */
function withoutTrailingPunctuation(url: string): string {
  let unopenedParentheses = surplus(url, '(', ')');
  let unopenedBrackets = surplus(url, '[', ']');
  let end = url.length;
  while (end > 0) {
    const last = url.charAt(end - 1);
    if (TRAILING_PUNCTUATION.has(last)) {
      end -= 1;
    } else if (last === ')' && unopenedParentheses > 0) {
      unopenedParentheses -= 1;
      end -= 1;
    } else if (last === ']' && unopenedBrackets > 0) {
      unopenedBrackets -= 1;
      end -= 1;
    } else {
      break;
    }
  }
  return url.slice(0, end);
}

/** How many more `closing` than `opening` characters the text holds. */
function surplus(text: string, opening: string, closing: string): number {
  let total = 0;
  for (let index = 0; index < text.length; index += 1) {
    const character = text.charAt(index);
    if (character === closing) total += 1;
    else if (character === opening) total -= 1;
  }
  return total;
}
