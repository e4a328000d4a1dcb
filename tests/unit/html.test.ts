import assert from 'node:assert/strict';
import test from 'node:test';
import { markup, type Interpolation } from '../../src/server/markup/html.ts';
import { naughtyStrings, unescapeHtml, xssPayloads } from './xss-corpus.ts';

test('interpolated text is escaped in element content', () => {
  assert.equal(
    markup`<p>${'<script>alert("x")</script> & more'}</p>`.toString(),
    '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more</p>',
  );
});

test('a quote cannot leave a quoted attribute value', () => {
  assert.equal(
    markup`<a title="${'" onmouseover="alert(1)'}" data-x='${"' onclick='alert(1)"}'>x</a>`.toString(),
    `<a title="&quot; onmouseover=&quot;alert(1)" data-x='&#39; onclick=&#39;alert(1)'>x</a>`,
  );
});

test('a nested template goes in as markup, escaped once and only once', () => {
  const inner = markup`<b>${'Tom & Jerry'}</b>`;
  assert.equal(markup`<p>${inner}</p>`.toString(), '<p><b>Tom &amp; Jerry</b></p>');
  assert.equal(markup`<div>${markup`<p>${inner}</p>`}</div>`.toString(), '<div><p><b>Tom &amp; Jerry</b></p></div>');
});

test('an array of templates is joined with nothing between', () => {
  const items = ['<one>', 'two'].map((text) => markup`<li>${text}</li>`);
  assert.equal(markup`<ul>${items}</ul>`.toString(), '<ul><li>&lt;one&gt;</li><li>two</li></ul>');
  assert.equal(markup`<ul>${[]}</ul>`.toString(), '<ul></ul>');
});

test('numbers go in as written', () => {
  assert.equal(markup`<input maxlength="${5000}" step="${0.5}">`.toString(), '<input maxlength="5000" step="0.5">');
});

test('null, undefined and false leave nothing, so a condition can guard a part', () => {
  const shown = (open: boolean): string =>
    markup`<details${open && markup` open`}>${null}${undefined}</details>`.toString();
  assert.equal(shown(false), '<details></details>');
  assert.equal(shown(true), '<details open></details>');
});

test('values the types refuse fail loudly instead of printing', () => {
  for (const value of [true, { toString: () => '<b>' }]) {
    assert.throws(() => markup`<p>${value as unknown as Interpolation}</p>`, TypeError);
  }
});

test('text slipped into an array past the types is still escaped', () => {
  const items = [markup`<br>`, '<script>'] as unknown as Interpolation;
  assert.equal(markup`${items}`.toString(), '<br>&lt;script&gt;');
});

test('every XSS payload and naughty string interpolated in content and attribute adds no markup and loses no character', () => {
  for (const text of [...xssPayloads(), ...naughtyStrings()]) {
    const html = markup`<p title="${text}" data-x='${text}'>${text}</p>`.toString();
    const inside = html.slice('<p title="'.length, -'</p>'.length);
    const [title = '', rest = ''] = inside.split(`" data-x='`);
    const [attribute = '', content] = rest.split(`'>`);
    assert.equal(content, title, JSON.stringify(text));
    assert.equal(attribute, title, JSON.stringify(text));
    assert.doesNotMatch(title, /[<>"']/, JSON.stringify(text));
    assert.equal(unescapeHtml(title), text);
  }
});
