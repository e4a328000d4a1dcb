/**
 * HTML built with the `markup` template tag, in which every interpolated value is escaped unless
 * it is markup another `markup` template made, so that escaping cannot be forgotten
 * (https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html).
 * Values belong in element content or in double-quoted attribute values; an address in `href`
 * must already be known to be a web or site path, since escaping does not make `javascript:` safe.
 * The tag is not called `html` because Prettier reformats `html` templates as documents, which
 * would change the whitespace we send and close the elements a template leaves open.
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const ESCAPABLE = /[&<>"']/;
const ESCAPABLE_ALL = /[&<>"']/g;

/** Escapes text for HTML element content and for quoted attribute values alike. */
function escapeHtml(text: string): string {
  return ESCAPABLE.test(text) ? text.replace(ESCAPABLE_ALL, (character) => ESCAPES[character] ?? character) : text;
}

/** What a `markup` template made: the one kind of value a template takes as it is. */
class Markup {
  readonly #html: string;

  constructor(html: string) {
    this.#html = html;
  }

  toString(): string {
    return this.#html;
  }
}

export type { Markup };

/** What a template takes: text is escaped, markup and numbers go in as they are, and null, undefined or false leave nothing. */
export type Interpolation = Markup | string | number | readonly Markup[] | null | undefined | false;

export function markup(strings: TemplateStringsArray, ...values: readonly Interpolation[]): Markup {
  let html = strings[0] ?? '';
  for (let index = 0; index < values.length; index += 1) {
    html += htmlOf(values[index]) + (strings[index + 1] ?? '');
  }
  return new Markup(html);
}

function htmlOf(value: Interpolation | undefined): string {
  if (typeof value === 'string') return escapeHtml(value);
  if (value instanceof Markup) return value.toString();
  if (typeof value === 'number') return String(value);
  if (value === null || value === undefined || value === false) return '';
  let joined = '';
  // Items go through htmlOf again, so text slipped into an array past the types is still escaped,
  // and anything else (true, a plain object) fails here instead of printing.
  for (const item of value) joined += htmlOf(item);
  return joined;
}
