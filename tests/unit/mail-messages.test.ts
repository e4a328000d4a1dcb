/** Issue 13.8: readers' text reaches the HTML part of an email escaped, whatever it holds. */
import assert from 'node:assert/strict';
import test from 'node:test';
import { renderMail } from '../../src/server/mail/messages.ts';
import { naughtyStrings, unescapeHtml, xssPayloads } from './xss-corpus.ts';

const SITE = { name: 'The Ledger', origin: 'https://news.example' };

test('every payload of the XSS corpus, as reply text and headline, comes out of the HTML part as text', () => {
  const payloads = [...xssPayloads(), ...naughtyStrings()].filter((payload) => payload.trim() !== '');
  const replies = payloads.map((body, index) => ({ id: index + 1, authorName: `user_${index}`, body }));
  const message = {
    id: 1,
    userId: 7,
    recipient: 'ada@example.org',
    kind: 'replies' as const,
    payload: { story: 'budget-vote', title: payloads[0], commentIds: [] },
    attempts: 1,
  };
  const mail = renderMail(message, { site: SITE, replies, unsubscribe: null });
  const blockquotes = [...mail.html.matchAll(/<blockquote[^>]*>([\s\S]*?)<\/blockquote>/g)].map((match) => match[1]);
  assert.equal(blockquotes.length, payloads.length);
  blockquotes.forEach((inner, index) => {
    assert.doesNotMatch(inner ?? '', /[<>]/, 'no markup inside the quote');
    assert.equal(unescapeHtml(inner ?? ''), payloads[index]);
  });
  const tags = new Set([...mail.html.matchAll(/<([a-z!]+)/gi)].map((match) => match[1]?.toLowerCase()));
  assert.deepEqual([...tags].sort(), ['!doctype', 'a', 'blockquote', 'body', 'html', 'p', 'strong']);
});
