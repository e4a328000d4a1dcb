import assert from 'node:assert/strict';
import test from 'node:test';
import { htmlToText } from '../../src/server/import/html-text.ts';

test('tags go, entities are decoded, and paragraphs become blank lines', () => {
  assert.equal(
    htmlToText('<p>Money for <b>libraries</b> &amp; the pool&#8217;s roof.</p><p>Caf&eacute; next.</p>'),
    'Money for libraries & the pool’s roof.\n\nCafé next.',
  );
});

test('a <br> is a newline, two are two', () => {
  assert.equal(htmlToText('one<br>two<br/><br />three'), 'one\ntwo\n\nthree');
});

test('a link keeps its address as text, once', () => {
  assert.equal(
    htmlToText(
      'See <a href="https://example.org/a.pdf">the budget</a> or <a href="https://example.org/">https://example.org/</a>.',
    ),
    'See the budget (https://example.org/a.pdf) or https://example.org/.',
  );
});

test('a javascript: link keeps only its words, and scripts and styles are dropped', () => {
  assert.equal(
    htmlToText('<a href="javascript:alert(1)">click</a><script>alert(2)</script><style>p{}</style> done'),
    'click done',
  );
});

test('markup-looking text stays text, and a stray < survives', () => {
  assert.equal(htmlToText('&lt;b&gt;not bold&lt;/b&gt; and 3 < 4'), '<b>not bold</b> and 3 < 4');
});

test('WordPress line breaks as typed become newlines and blank lines', () => {
  assert.equal(
    htmlToText('First line\nsecond line\n\nA <em>new</em> paragraph\r\n\r\nthird', { newlinesAreBreaks: true }),
    'First line\nsecond line\n\nA new paragraph\n\nthird',
  );
});

test('Disqus line breaks in the HTML source are only spaces', () => {
  assert.equal(htmlToText('<p>one\n  two</p>'), 'one two');
});
