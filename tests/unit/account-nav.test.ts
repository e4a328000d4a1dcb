import assert from 'node:assert/strict';
import test from 'node:test';
import type { Role } from '../../src/server/accounts/user.ts';
import { renderAccountNav, viewerAnswer, type NavReader } from '../../src/server/views/account-nav.ts';
import { naughtyStrings, xssPayloads } from './xss-corpus.ts';

function reader(role: Role, overrides: Partial<NavReader> = {}): NavReader {
  return { username: 'ada', role, bannedAt: null, ...overrides };
}

test('a signed-out reader is offered sign-in and sign-up, coming back to the page, not for crawlers to follow', () => {
  assert.equal(
    renderAccountNav(null, '/articles/a&b/?x=1'),
    '<a href="/login/?return_to=%2Farticles%2Fa%26b%2F%3Fx%3D1" rel="nofollow">Sign in</a><a href="/signup/?return_to=%2Farticles%2Fa%26b%2F%3Fx%3D1" rel="nofollow">Create account</a>',
  );
});

test('a signed-in reader sees their name and a sign-out form returning to the page, and no Moderation', () => {
  assert.equal(
    renderAccountNav(reader('reader'), '/sections/world/'),
    '<a href="/account/">ada</a><form method="post" action="/logout/"><input type="hidden" name="return_to" value="/sections/world/"><button type="submit" class="link-button">Sign out</button></form>',
  );
});

test('moderators and admins see Moderation first; a banned moderator does not', () => {
  for (const role of ['moderator', 'admin'] as const) {
    assert.ok(
      renderAccountNav(reader(role), '/').startsWith('<a href="/moderation/">Moderation</a><a href="/account/">'),
    );
  }
  assert.ok(!renderAccountNav(reader('moderator', { bannedAt: 1 }), '/').includes('Moderation'));
});

test('the JSON answer says who reads, with their role, and carries the same nav', () => {
  assert.deepEqual(viewerAnswer(reader('moderator'), '/'), {
    viewer: { username: 'ada', role: 'moderator' },
    accountNav: renderAccountNav(reader('moderator'), '/'),
  });
  assert.deepEqual(viewerAnswer(null, '/about/'), { viewer: null, accountNav: renderAccountNav(null, '/about/') });
});

test('XSS payloads and naughty strings as a username or page add no markup to the nav', () => {
  // Text escaped right adds no tag and closes no attribute, so these counts stay as for a plain name.
  const delimiters = (html: string): number => html.split(/[<"]/).length;
  const signedIn = delimiters(renderAccountNav(reader('admin'), '/'));
  const signedOut = delimiters(renderAccountNav(null, '/'));
  for (const text of [...xssPayloads(), ...naughtyStrings()]) {
    assert.equal(
      delimiters(renderAccountNav(reader('admin', { username: text }), text)),
      signedIn,
      JSON.stringify(text),
    );
    assert.equal(delimiters(renderAccountNav(null, text)), signedOut, JSON.stringify(text));
  }
});
