import assert from 'node:assert/strict';
import test from 'node:test';
import { commentTextMarkup, renderCommentText } from '../../src/server/comments/text.ts';
import { markup } from '../../src/server/markup/html.ts';
import { worstRenderingCost } from './rendering-cost.ts';
import { naughtyStrings, unescapeHtml, xssPayloads } from './xss-corpus.ts';

const OUR_TAG = /<p>|<\/p>|<br>|<a href="([^"<>]*)" rel="nofollow ugc noopener">|<\/a>/g;
/** The text a reader sees, rebuilt from our HTML: paragraphs as blank lines, <br> as newlines. */
function decode(html: string): string {
  return unescapeHtml(
    html
      .replace(/<\/p><p>/g, '\n\n')
      .replace(/<br>/g, '\n')
      .replace(OUR_TAG, ''),
  );
}

/** The input as it should be shown: LF line endings, runs of blank lines as one paragraph break. */
function expectedText(input: string): string {
  return input
    .replace(/\r\n?/g, '\n')
    .split(/\n(?:[^\S\n]*\n)+/)
    .filter((paragraph) => paragraph.trim() !== '')
    .join('\n\n');
}

function assertSafeAndFaithful(input: string): void {
  const html = renderCommentText(input);
  const label = JSON.stringify(input);
  assert.ok(!html.replace(OUR_TAG, '').includes('<'), `a raw < outside our tags for ${label}`);
  assert.ok(!html.replace(OUR_TAG, '').includes('>'), `a raw > outside our tags for ${label}`);
  for (const match of html.matchAll(/<a href="([^"]*)"[^>]*>([^<]*)<\/a>/g)) {
    const href = unescapeHtml(match[1] ?? '');
    const text = unescapeHtml(match[2] ?? '');
    assert.match(href, /^https?:\/\//i, `a link to something other than the web for ${label}`);
    assert.ok(href === text || href === `https://${text}`, `a link whose text is not its address for ${label}`);
  }
  assert.equal(decode(html), expectedText(input), `the text does not round-trip for ${label}`);
}

function links(html: string): string[] {
  return [...html.matchAll(/<a href="([^"]*)"/g)].map((match) => unescapeHtml(match[1] ?? ''));
}

/**
 * The reference the renderer must agree with: the address pattern and the trailing-punctuation
 * rule as first written, recounting the brackets for every character it drops (quadratic, but
 * plainly right).
 */
const REFERENCE_ADDRESS = /(?<![\p{L}\p{N}_@.\/:+-])(?:https?:\/\/|www\.)[\p{L}\p{N}][^\s<>"\p{Cc}\p{Cf}]*/giu;

function referenceLinks(body: string): string[] {
  const hrefs: string[] = [];
  for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
    for (const match of line.matchAll(REFERENCE_ADDRESS)) {
      const text = referenceTrim(match[0]);
      hrefs.push(/^www\./i.test(text) ? `https://${text}` : text);
    }
  }
  return hrefs;
}

function referenceTrim(url: string): string {
  const occurrences = (character: string, end: number): number =>
    [...url.slice(0, end)].filter((each) => each === character).length;
  let end = url.length;
  while (end > 0) {
    const last = url.charAt(end - 1);
    const opening = last === ')' ? '(' : last === ']' ? '[' : null;
    if (".,:;!?'*_~".includes(last)) end -= 1;
    else if (opening !== null && occurrences(opening, end) < occurrences(last, end)) end -= 1;
    else break;
  }
  return url.slice(0, end);
}

/** Deterministic, so a failure names a body that fails again. https://github.com/bryc/code/blob/master/jshash/PRNGs.md#mulberry32 */
function randomNumbers(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function assertLinksAsReference(input: string): void {
  assert.deepEqual(links(renderCommentText(input)), referenceLinks(input), JSON.stringify(input));
}

test('plain text is escaped and wrapped in one paragraph', () => {
  assert.equal(
    renderCommentText(`Tom & Jerry's <b>"show"</b>`),
    '<p>Tom &amp; Jerry&#39;s &lt;b&gt;&quot;show&quot;&lt;/b&gt;</p>',
  );
});

test('blank lines separate paragraphs and single newlines become line breaks', () => {
  assert.equal(renderCommentText('one\ntwo\n\n\nthree\n  \nfour'), '<p>one<br>two</p><p>three</p><p>four</p>');
});

test('CRLF and lone CR line endings read as newlines', () => {
  assert.equal(renderCommentText('one\r\ntwo\r\n\r\nthree\rfour'), '<p>one<br>two</p><p>three<br>four</p>');
});

test('empty or blank text renders nothing', () => {
  assert.equal(renderCommentText(''), '');
  assert.equal(renderCommentText(' \n\n \t'), '');
});

test('a bare web address becomes a nofollow link', () => {
  assert.equal(
    renderCommentText('see https://example.com/a?b=1&c=2 now'),
    '<p>see <a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">https://example.com/a?b=1&amp;c=2</a> now</p>',
  );
});

test('a www. address links over https and shows as written', () => {
  assert.equal(
    renderCommentText('www.example.org'),
    '<p><a href="https://www.example.org" rel="nofollow ugc noopener">www.example.org</a></p>',
  );
});

test('sentence punctuation after an address stays outside the link', () => {
  assert.deepEqual(links(renderCommentText('Read http://example.com.')), ['http://example.com']);
  assert.deepEqual(links(renderCommentText('Really, https://example.com/x?! Wow')), ['https://example.com/x']);
  assert.deepEqual(links(renderCommentText('"https://example.com/q"')), ['https://example.com/q']);
});

test('a closing bracket is part of the address only when the address opened it', () => {
  assert.deepEqual(links(renderCommentText('(see https://example.com/page)')), ['https://example.com/page']);
  assert.deepEqual(links(renderCommentText('(see https://en.wikipedia.org/wiki/Mercury_(planet)).')), [
    'https://en.wikipedia.org/wiki/Mercury_(planet)',
  ]);
});

test('several addresses on one line each become a link', () => {
  assert.deepEqual(links(renderCommentText('http://a.example and https://b.example/, www.c.example')), [
    'http://a.example',
    'https://b.example/',
    'https://www.c.example',
  ]);
});

test('no other scheme ever becomes a link', () => {
  for (const text of [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(document.cookie)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'vbscript:msgbox(1)',
    'javascript://www.example.com/%0aalert(1)',
    'ftp://example.com/file',
    'mailto:someone@example.com',
    'http://',
    'https:// example.com',
    'www.',
  ]) {
    assert.doesNotMatch(renderCommentText(text), /<a /, text);
  }
});

test('an address glued to a preceding word is not linked', () => {
  assert.doesNotMatch(renderCommentText('xhttp://example.com'), /<a /);
  assert.doesNotMatch(renderCommentText('javascript:http://example.com'), /<a /);
});

test('quotes and angle brackets end an address so they cannot break out of the href', () => {
  const html = renderCommentText('https://example.com/"onmouseover="alert(1)" and https://e.example/<script>');
  assert.deepEqual(links(html), ['https://example.com/', 'https://e.example/']);
  assertSafeAndFaithful('https://example.com/"onmouseover="alert(1)"');
});

test('an address stops at a right-to-left override', () => {
  assert.deepEqual(links(renderCommentText('https://example.com/\u202Egnp.exe')), ['https://example.com/']);
});

test('every XSS payload in the payloadbox list renders inert and round-trips', () => {
  const payloads = xssPayloads();
  assert.ok(payloads.length > 6000);
  for (const payload of payloads) {
    assertSafeAndFaithful(payload);
    assertLinksAsReference(payload);
  }
  assertSafeAndFaithful(payloads.join('\n'));
  assertLinksAsReference(payloads.join('\n'));
});

test('every string in the big list of naughty strings renders inert and round-trips', () => {
  const strings = naughtyStrings();
  assert.ok(Array.isArray(strings));
  for (const text of strings) {
    assert.equal(typeof text, 'string');
    assertSafeAndFaithful(String(text));
    assertLinksAsReference(String(text));
  }
  assertSafeAndFaithful(strings.join('\r\n\r\n'));
  assertLinksAsReference(strings.join('\r\n\r\n'));
});

test('mixed paragraphs, line breaks and links round-trip', () => {
  assertSafeAndFaithful(
    "First line https://example.com/a_(b)\nsecond <i>line</i>.\r\n\r\n\r\nwww.x.example, & done 'ok'",
  );
});

test('the text as markup goes into a template unescaped a second time, and reads as the string form', () => {
  const text = 'Tom & <b>Jerry</b>\nhttps://example.com/?a=1&b=2';
  assert.equal(markup`<div>${commentTextMarkup(text)}</div>`.toString(), `<div>${renderCommentText(text)}</div>`);
  assert.ok(renderCommentText(text).includes('Tom &amp; &lt;b&gt;'));
});

test('random bodies of addresses, brackets and punctuation link exactly as the reference rule does', () => {
  const pieces = [
    'http://',
    'https://',
    'www.',
    'h',
    't',
    'p',
    's',
    ':',
    '/',
    'w',
    '.',
    '(',
    ')',
    '[',
    ']',
    ',',
    '!',
    '?',
    'a',
    ' ',
    '\n',
  ];
  const random = randomNumbers(11_5);
  for (let body = 0; body < 20_000; body += 1) {
    const length = Math.floor(random() * 40);
    const input = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join('');
    assertLinksAsReference(input);
    assertSafeAndFaithful(input);
  }
});

test('rendering stays linear: 60 KB of bracket-stuffed addresses costs about what 60 KB of ordinary text does', () => {
  const { ordinary, worst } = worstRenderingCost(5);
  assert.ok(
    worst.ratio < 5,
    `${worst.name}: ${worst.milliseconds.toFixed(1)} ms against ${ordinary.toFixed(2)} ms, ${worst.ratio.toFixed(0)} times as long`,
  );
});
