/**
 * Comment bodies from other systems are HTML; ours are text (comments/text.ts renders them). Tags
 * go, entities are decoded, paragraphs and blocks become blank lines, <br> a newline, and a link
 * keeps its address after its words. sax in loose mode reads the HTML: it knows HTML's named
 * entities and lets unclosed tags such as <br> and <p> pass.
 */
import sax from 'sax';

export interface HtmlTextOptions {
  /** WordPress stores comments with their line breaks as typed, made into <p> and <br> on display. */
  newlinesAreBreaks?: boolean;
}

const blockTags = new Set([
  'P',
  'DIV',
  'BLOCKQUOTE',
  'PRE',
  'UL',
  'OL',
  'LI',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'TABLE',
  'TR',
  'HR',
]);
const droppedTags = new Set(['SCRIPT', 'STYLE', 'TEMPLATE']);
const linkSchemes = /^(https?:|mailto:)/i;

export function htmlToText(html: string, options: HtmlTextOptions = {}): string {
  const parser = sax.parser(false, { lowercase: false });
  let out = '';
  let pendingBreaks = 0;
  let dropped = 0;
  const links: { href: string | null; start: number }[] = [];

  const breakAtLeast = (count: number): void => {
    pendingBreaks = Math.max(pendingBreaks, count);
  };
  const write = (text: string): void => {
    if (text === '') return;
    if (out !== '' && pendingBreaks > 0) {
      out = out.replace(/[ \t]+$/, '') + '\n'.repeat(pendingBreaks);
      text = text.replace(/^ +/, '');
      if (text === '') return;
    }
    pendingBreaks = 0;
    if (out === '' || out.endsWith('\n') || out.endsWith(' ')) text = text.replace(/^ +/, '');
    out += text;
  };
  const writeText = (raw: string): void => {
    if (dropped > 0) return;
    if (!options.newlinesAreBreaks) {
      write(raw.replace(/\s+/g, ' '));
      return;
    }
    const parts = raw.replace(/\r\n?/g, '\n').split(/(\n\s*\n|\n)/);
    for (const part of parts) {
      if (part.includes('\n')) breakAtLeast(/\n\s*\n/.test(part) ? 2 : 1);
      else write(part.replace(/[ \t\f\v]+/g, ' '));
    }
  };

  parser.onopentag = (tag): void => {
    const name = tag.name;
    if (droppedTags.has(name)) dropped += 1;
    if (name === 'BR') breakAtLeast(pendingBreaks + 1);
    if (blockTags.has(name)) breakAtLeast(2);
    if (name === 'A') {
      const href = tag.attributes.HREF;
      const address = typeof href === 'string' ? href.trim() : null;
      links.push({ href: address !== null && linkSchemes.test(address) ? address : null, start: out.length });
    }
  };
  parser.onclosetag = (name): void => {
    if (droppedTags.has(name)) dropped = Math.max(0, dropped - 1);
    if (blockTags.has(name)) breakAtLeast(2);
    if (name === 'A') {
      const link = links.pop();
      if (link === undefined || link.href === null) return;
      const words = out.slice(link.start).trim();
      const bare = link.href.replace(/^mailto:/i, '');
      if (words === '') write(bare);
      else if (words !== bare && words !== link.href) write(` (${bare})`);
    }
  };
  parser.ontext = writeText;
  parser.oncdata = writeText;
  parser.onerror = (): void => {
    // Loose mode stops only at what it cannot read at all; keep what it has and go on.
    parser.resume();
  };
  parser.write(`<div>${html}</div>`).close();
  return out
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
