import assert from 'node:assert/strict';
import test from 'node:test';
import type { CommentWithAuthor } from '../../src/server/comments/comment.ts';
import { buildThread } from '../../src/server/comments/thread.ts';
import { renderCommentSection, type CommentSectionInput } from '../../src/server/views/thread-html.ts';
import { MAX_REPORT_NOTE_LENGTH, REPORT_REASONS, REPORT_REASON_LABELS } from '../../src/server/moderation/reports.ts';
import { naughtyStrings, xssPayloads } from './xss-corpus.ts';

const NOW = 1_800_000_000;
const ADA = { id: 1, username: 'Ada' };
const BOB = { id: 2, username: 'Bob' };
const OPEN = { slug: 'budget-vote', title: 'Budget vote', comments: 'open' } as const;
const CLOSED = { ...OPEN, comments: 'closed' } as const;

function row(id: number, parentId: number | null, overrides: Partial<CommentWithAuthor> = {}): CommentWithAuthor {
  return {
    id,
    storySlug: OPEN.slug,
    parentId,
    authorId: ADA.id,
    authorName: ADA.username,
    body: `Comment ${id}`,
    status: 'visible',
    depth: parentId === null ? 0 : 1,
    hiddenReason: null,
    createdAt: NOW - 60 * 60,
    editedAt: null,
    deletedAt: null,
    ...overrides,
  };
}

function render(
  rows: CommentWithAuthor[],
  viewer: CommentSectionInput['viewer'],
  overrides: Partial<CommentSectionInput> = {},
): string {
  return renderCommentSection({
    story: OPEN,
    formAction: '/articles/budget-vote/comments/',
    returnTo: '/articles/budget-vote/comments/',
    viewer,
    thread: buildThread(rows, viewer === null ? null : viewer.id),
    now: NOW,
    ...overrides,
  });
}

/** The outer HTML of the element carrying `id`, found by balancing its tag. */
function element(html: string, id: string): string {
  const start = html.search(new RegExp(`<[a-z]+ [^>]*id="${id}"`));
  assert.notEqual(start, -1, `no element with id ${id}`);
  const tag = /^<([a-z]+)/.exec(html.slice(start))?.[1] ?? '';
  const pattern = new RegExp(`<${tag}[ >]|</${tag}>`, 'g');
  pattern.lastIndex = start;
  let depth = 0;
  for (let match = pattern.exec(html); match !== null; match = pattern.exec(html)) {
    depth += match[0].startsWith('</') ? -1 : 1;
    if (depth === 0) return html.slice(start, match.index + match[0].length);
  }
  throw new Error(`unbalanced <${tag}>`);
}

const ALLOWED_TAGS = new Set([
  'p',
  'br',
  'a',
  'article',
  'header',
  'span',
  'time',
  'div',
  'details',
  'summary',
  'form',
  'input',
  'label',
  'textarea',
  'button',
  'template',
  'select',
  'option',
]);
const ALLOWED_ATTRIBUTES = new Set([
  'id',
  'class',
  'href',
  'rel',
  'datetime',
  'aria-labelledby',
  'aria-describedby',
  'aria-invalid',
  'role',
  'method',
  'action',
  'type',
  'name',
  'value',
  'for',
  'required',
  'maxlength',
  'open',
  'data-reply',
  'data-report',
  'data-panel',
  'data-cancel',
  'aria-pressed',
]);

/** Every tag in the output is one we write, with attributes we write and quoted values. */
function assertOnlyOurMarkup(html: string): void {
  for (const match of html.matchAll(/<(\/?)([^\s>]*)([^>]*)>|<|>/g)) {
    assert.ok(match[2] !== undefined && ALLOWED_TAGS.has(match[2]), `unexpected markup ${match[0]}`);
    const attributes = match[3] ?? '';
    assert.match(attributes, /^(?: [a-z-]+(?:="[^"<>]*")?)*$/, `unexpected attributes in ${match[0]}`);
    for (const attribute of attributes.matchAll(/ ([a-z-]+)(?:="[^"]*")?/g)) {
      assert.ok(ALLOWED_ATTRIBUTES.has(attribute[1] ?? ''), `unexpected attribute ${attribute[1]} in ${match[0]}`);
    }
  }
}

test('the count line says how many comments there are', () => {
  assert.match(render([], null), /^<p class="comment-count">No comments yet<\/p>/);
  assert.match(render([row(1, null)], null), /^<p class="comment-count">1 comment<\/p>/);
  assert.match(render([row(1, null), row(2, 1)], null), /^<p class="comment-count">2 comments<\/p>/);
});

test('a signed-in reader gets the comment form before the thread', () => {
  const html = render([row(1, null)], BOB);
  const form = html.indexOf('<form method="post" action="/articles/budget-vote/comments/"');
  assert.ok(form !== -1 && form < html.indexOf('<article'));
  assert.ok(html.includes('<input type="hidden" name="intent" value="post">'));
  assert.ok(html.includes('<input type="hidden" name="return_to" value="/articles/budget-vote/comments/">'));
  assert.ok(html.includes('<label for="comment-new">Comment</label>'));
  assert.ok(html.includes('<textarea name="body" id="comment-new" required maxlength="5000"></textarea>'));
  assert.ok(html.includes('<button>Post comment</button>'));
});

test('a signed-out reader is invited to sign in, with return_to encoded', () => {
  const html = render([row(1, null)], null, { returnTo: '/articles/a&b/comments/?x=1#c' });
  assert.ok(html.includes('Sign in or create an account to join the discussion.'));
  assert.ok(
    html.includes(
      'href="/login/?return_to=%2Farticles%2Fa%26b%2Fcomments%2F%3Fx%3D1%23comment-form" rel="nofollow">Sign in</a>',
    ),
  );
  assert.ok(
    html.includes(
      'href="/signup/?return_to=%2Farticles%2Fa%26b%2Fcomments%2F%3Fx%3D1%23comment-form" rel="nofollow">Create account</a>',
    ),
  );
  assert.ok(!html.includes('<form'));
  assert.ok(!html.includes('Reply'));
});

test('the sign-in links return the reader to the comment form, which carries that anchor', () => {
  const signedOut = render([], null, { returnTo: '/articles/budget-vote/' });
  for (const page of ['login', 'signup']) {
    assert.ok(signedOut.includes(`href="/${page}/?return_to=%2Farticles%2Fbudget-vote%2F%23comment-form"`), page);
  }
  assert.match(render([], BOB), /^<p class="comment-count">[^<]*<\/p><form [^>]*id="comment-form"/);
});

test('Sign in and Create account are two separate controls, not words run together', () => {
  const html = render([], null, { returnTo: '/articles/budget-vote/' });
  assert.match(
    html,
    /<a class="button" href="\/login\/[^"]*" rel="nofollow">Sign in<\/a> <a class="button button-secondary" href="\/signup\//,
  );
});

test('closed comments show the thread with no forms at all', () => {
  const html = render([row(1, null, { authorId: BOB.id }), row(2, 1)], BOB, { story: CLOSED });
  assert.ok(html.includes('<p class="comment-closed">Comments are closed.</p>'));
  assert.ok(html.includes('id="comment-2"'));
  assert.ok(!html.includes('<form'));
  assert.ok(!html.includes('<details'));
  assert.ok(!html.includes('Sign in'));
});

test('a reply is nested inside its parent comment', () => {
  const html = render([row(1, null), row(2, 1, { authorName: 'Bob', authorId: BOB.id }), row(3, null)], null);
  const parent = element(html, 'comment-1');
  assert.ok(parent.includes('<div class="replies"><article class="comment" id="comment-2"'));
  assert.ok(!parent.includes('id="comment-3"'));
});

test('a comment shows author, permalinked time and its text', () => {
  const html = render([row(7, null, { body: 'Hello\nworld', createdAt: NOW - 5 * 60 })], null);
  const article = element(html, 'comment-7');
  assert.ok(article.startsWith('<article class="comment" id="comment-7" aria-labelledby="comment-7-meta">'));
  assert.ok(article.includes('<span class="comment-author"><a href="/users/Ada/">Ada</a></span>'));
  const datetime = new Date((NOW - 5 * 60) * 1000).toISOString().replace('.000Z', 'Z');
  assert.ok(article.includes(`<a href="#comment-7"><time datetime="${datetime}">5 minutes ago</time></a>`));
  assert.ok(article.includes('<div class="comment-body"><p>Hello<br>world</p></div>'));
});

test('the name of an imported author links to their profile, encoded for the address', () => {
  const html = render([row(8, null, { authorName: 'Ingrid Bjørnstad (2)' })], null);
  assert.ok(
    element(html, 'comment-8').includes(
      '<span class="comment-author"><a href="/users/Ingrid%20Bj%C3%B8rnstad%20(2)/">Ingrid Bjørnstad (2)</a></span>',
    ),
  );
});

test('times read as relative until a week has passed, then as a date', () => {
  const times: [number, string][] = [
    [10, 'just now'],
    [60, '1 minute ago'],
    [2 * 60 * 60, '2 hours ago'],
    [24 * 60 * 60, '1 day ago'],
    [6 * 24 * 60 * 60, '6 days ago'],
  ];
  for (const [age, label] of times) {
    assert.ok(render([row(1, null, { createdAt: NOW - age })], null).includes(`>${label}</time>`), label);
  }
  const createdAt = Date.UTC(2026, 10, 26, 23, 59) / 1000;
  const weekLater = createdAt + 7 * 24 * 60 * 60;
  assert.ok(render([row(1, null, { createdAt })], null, { now: weekLater }).includes('>26 Nov 2026</time>'));
});

test('edited comments and your own pending ones are marked', () => {
  const html = render(
    [row(1, null, { editedAt: NOW - 10 }), row(2, null, { authorId: BOB.id, status: 'pending' })],
    BOB,
  );
  assert.ok(element(html, 'comment-1').includes('<span class="comment-edited">edited</span>'));
  assert.ok(element(html, 'comment-2').includes('<span class="comment-pending">awaiting moderation</span>'));
  assert.ok(!render([row(2, null, { authorId: BOB.id, status: 'pending' })], ADA).includes('comment-2'));
});

test('a signed-in reader can reply to anyone but edit and delete only their own comments', () => {
  const rows = [row(1, null), row(2, null, { authorId: BOB.id, authorName: 'Bob', createdAt: NOW - 60 })];
  const html = render(rows, BOB);
  const others = element(html, 'comment-1');
  assert.ok(
    others.includes(
      '<a class="comment-action" href="/articles/budget-vote/comments/?reply=1#comment-1" data-reply="1">Reply</a>',
    ),
  );
  assert.ok(html.includes('<template id="reply-template">'));
  const replying = element(render(rows, BOB, { replyFor: 1 }), 'comment-1');
  assert.ok(
    replying.includes(
      '<input type="hidden" name="intent" value="reply"><input type="hidden" name="parent_id" value="1">',
    ),
  );
  assert.ok(
    replying.includes(
      '<label for="reply-1">Reply</label><textarea name="body" id="reply-1" required maxlength="5000">',
    ),
  );
  assert.ok(replying.includes('<button>Post reply</button>'));
  assert.ok(!others.includes('Edit'));
  assert.ok(!others.includes('Delete'));
  assert.ok(!others.includes('value="edit"'));
  assert.ok(!others.includes('value="delete"'));

  const own = element(html, 'comment-2');
  assert.ok(own.includes('<a class="comment-action" href="#comment-2-edit" data-panel>Edit</a>'));
  assert.ok(element(own, 'comment-2-edit').startsWith('<div class="comment-panel" id="comment-2-edit">'));
  assert.ok(
    own.includes('<input type="hidden" name="intent" value="edit"><input type="hidden" name="comment_id" value="2">'),
  );
  assert.ok(
    own.includes(
      '<label for="edit-2">Edit comment</label><textarea name="body" id="edit-2" required maxlength="5000">Comment 2</textarea>',
    ),
  );
  assert.ok(own.includes('<button>Save</button>'));
  assert.ok(own.includes('<a class="comment-action" href="#comment-2-delete" data-panel>Delete</a>'));
  assert.ok(
    element(own, 'comment-2-delete').includes(
      '<input type="hidden" name="intent" value="delete"><input type="hidden" name="comment_id" value="2">',
    ),
  );
});

test('Delete asks first: it opens a confirmation whose button deletes, beside a Cancel', () => {
  const own = element(render([row(2, null, { authorId: BOB.id, createdAt: NOW - 60 })], BOB), 'comment-2');
  const actions = element(own.replace('class="comment-actions"', 'class="comment-actions" id="row"'), 'row');
  assert.doesNotMatch(actions, /<button|<form/);
  const confirm = element(own, 'comment-2-delete');
  assert.match(confirm, /<p class="confirm-question">Delete this comment\? This cannot be undone\.<\/p>/);
  assert.match(confirm, /<button class="button-danger">Delete comment<\/button>/);
  assert.match(
    confirm,
    /<a class="button button-secondary" href="\/articles\/budget-vote\/comments\/#comment-2" data-cancel>Cancel<\/a>/,
  );
});

test('the action row holds only the controls and the Like; every form opens below it with a Cancel back to the comment', () => {
  const rows = [row(1, null), row(2, null, { authorId: BOB.id, authorName: 'Bob', createdAt: NOW - 60 })];
  const cancel = (id: number): string =>
    `<a class="button button-secondary" href="/articles/budget-vote/comments/#comment-${id}" data-cancel>Cancel</a>`;
  const open = [
    element(render(rows, BOB, { replyFor: 1 }), 'comment-1-reply'),
    element(render(rows, ADA, { reportFor: 2 }), 'comment-2-report'),
    element(render(rows, BOB), 'comment-2-edit'),
    element(render(rows, BOB), 'comment-2-delete'),
  ];
  for (const panel of open) {
    assert.ok(panel.includes(cancel(panel.includes('comment-1-') ? 1 : 2)), panel.slice(0, 60));
  }
  for (const html of [render(rows, BOB, { replyFor: 1 }), render(rows, ADA, { reportFor: 2 })]) {
    for (const actions of html.matchAll(/<div class="comment-actions">(.*?)<\/div>/g)) {
      const row = (actions[1] ?? '').replace(/<form [^>]*class="comment-like">.*?<\/form>/g, '');
      assert.doesNotMatch(row, /<form|<details|<textarea|<select/);
    }
  }
  assert.match(element(render(rows, BOB, { replyFor: 1 }), 'comment-1-reply'), /^<div class="comment-panel is-open"/);
});

test('the section carries one reply and one report form for site.js to open in place', () => {
  const html = render([row(1, null), row(2, null, { authorId: BOB.id })], ADA);
  assert.equal(html.match(/<template /g)?.length, 2);
  assert.match(element(html, 'reply-template'), /id="comment-__ID__-reply".*name="parent_id" value="__ID__"/);
  assert.match(element(html, 'report-template'), /id="comment-__ID__-report".*name="comment_id" value="__ID__"/);
  assert.doesNotMatch(render([row(1, null)], null), /<template/);
});

test('the edit control goes away after fifteen minutes but delete stays', () => {
  const own = element(render([row(1, null, { authorId: BOB.id, createdAt: NOW - 15 * 60 - 1 })], BOB), 'comment-1');
  assert.ok(!own.includes('Edit'));
  assert.ok(own.includes('data-panel>Delete</a>'));
});

test('a deleted comment with replies shows as a placeholder with no author or controls', () => {
  const html = render([row(1, null, { status: 'deleted', body: '' }), row(2, 1)], BOB);
  const placeholder = element(html, 'comment-1');
  assert.ok(placeholder.includes('Comment deleted'));
  assert.ok(!placeholder.slice(0, placeholder.indexOf('<div class="replies">')).includes('Ada'));
  assert.ok(!placeholder.includes('reply-1'));
  assert.ok(placeholder.includes('id="comment-2"'));
  assert.match(html, /^<p class="comment-count">1 comment<\/p>/);
});

test('a failed top-level post keeps the text and shows the message next to the field', () => {
  const html = render([], BOB, { draft: { parentId: null, body: 'My <b>draft</b>', error: 'Too long.' } });
  assert.ok(
    html.includes(
      '<label for="comment-new">Comment</label><p class="form-error" id="comment-new-error" role="alert">Too long.</p><textarea name="body" id="comment-new" required maxlength="5000" aria-invalid="true" aria-describedby="comment-new-error">My &lt;b&gt;draft&lt;/b&gt;</textarea>',
    ),
  );
});

test('a failed reply reopens its form with the text and the message', () => {
  const html = render([row(1, null), row(2, null)], BOB, {
    draft: { parentId: 2, body: 'Reply text', error: 'Oops.' },
  });
  assert.ok(element(html, 'comment-2').includes('<textarea name="body" id="reply-2"'));
  assert.ok(!element(html, 'comment-1').includes('id="reply-1"'));
  assert.ok(element(html, 'comment-2').includes('role="alert">Oops.</p>'));
  assert.ok(element(html, 'comment-2').includes('>Reply text</textarea>'));
  assert.ok(!element(html, 'comment-1').includes(' open>'));
  assert.ok(html.includes('<textarea name="body" id="comment-new" required maxlength="5000"></textarea>'));
});

test('a failed edit reopens the edit form with the typed text, not the stored one', () => {
  const html = render([row(1, null, { authorId: BOB.id, createdAt: NOW - 60 })], BOB, {
    draft: { parentId: null, commentId: 1, body: 'New words', error: 'Nope.' },
  });
  const own = element(html, 'comment-1');
  assert.ok(own.includes('<div class="comment-panel is-open" id="comment-1-edit">'));
  assert.ok(own.includes('aria-describedby="edit-1-error">New words</textarea>'));
  assert.ok(html.includes('id="comment-new" required maxlength="5000"></textarea>'));
});

test('a failed reply to a comment no longer shown comes back in the main form', () => {
  const html = render([row(1, null)], BOB, {
    draft: { parentId: 9, body: 'Orphan', error: 'That comment was deleted.' },
  });
  assert.ok(html.includes('<p class="form-error" id="comment-new-error" role="alert">That comment was deleted.</p>'));
  assert.ok(html.includes('aria-describedby="comment-new-error">Orphan</textarea>'));
});

test('a draft starting with a newline keeps it inside the textarea', () => {
  const html = render([], BOB, { draft: { parentId: null, body: '\nindented', error: 'x' } });
  assert.ok(html.includes('>\n\nindented</textarea>'));
});

test('XSS payloads as names, text, drafts and addresses stay inert', () => {
  const payloads = xssPayloads().filter((line) => line !== '');
  const blns = naughtyStrings();
  assert.ok(Array.isArray(blns));
  const samples = [...payloads, ...blns.map(String)];
  assert.throws(() => assertOnlyOurMarkup('<p><img src=x onerror=alert(1)></p>'));
  assert.throws(() => assertOnlyOurMarkup('<a href="#" onclick="alert(1)">x</a>'));
  const rows = samples.map((text, index) =>
    row(index + 1, null, {
      authorName: text,
      body: text,
      authorId: index % 2 === 0 ? BOB.id : ADA.id,
      createdAt: NOW - 60,
    }),
  );
  for (const viewer of [BOB, null]) {
    assertOnlyOurMarkup(render(rows, viewer));
  }
  for (const text of samples.slice(0, 500)) {
    assertOnlyOurMarkup(
      render([row(1, null)], BOB, {
        formAction: text,
        returnTo: text,
        draft: { parentId: 1, body: text, error: text },
      }),
    );
    assertOnlyOurMarkup(render([], null, { returnTo: text }));
  }
});

test('a banned reader reads the thread but gets no form and no controls', () => {
  const html = render([row(1, null, { authorId: BOB.id, authorName: BOB.username })], { ...ADA, banned: true });
  assert.match(html, /Your account can no longer post comments/);
  assert.doesNotMatch(html, /<form/);
  assert.match(html, /Comment 1/);
});

test("others' comments offer a Report link; the comments page opens its form for one comment", () => {
  const rows = [row(1, null, { authorId: BOB.id, authorName: BOB.username }), row(2, null)];
  const linked = render(rows, ADA);
  assert.match(
    element(linked, 'comment-1'),
    /<a class="comment-action" href="\/articles\/budget-vote\/comments\/\?report=1#comment-1" data-report="1">Report<\/a>/,
  );
  assert.doesNotMatch(element(linked, 'comment-2'), /Report/);
  const open = render(rows, ADA, { reportFor: 1 });
  const reportForm = element(open, 'comment-1-report');
  assert.match(reportForm, /name="intent" value="report"/);
  assert.match(reportForm, /<label for="report-1-reason">Why are you reporting this comment\?<\/label>/);
  assert.match(reportForm, /<option value="abuse">/);
  assert.doesNotMatch(render(rows, null), /Report/);
});

test('a hidden comment shows its author the moderator’s reason, escaped, and nobody else anything', () => {
  const rows = [row(1, null, { status: 'hidden', hiddenReason: 'Personal attack <b>' })];
  assert.match(render(rows, ADA), /hidden by a moderator: Personal attack &lt;b&gt;/);
  assert.doesNotMatch(render(rows, BOB), /Comment 1|hidden by/);
});

test('the report form offers every reason the server accepts, with its label, and the note its limit', () => {
  const rows = [row(1, null, { authorId: BOB.id, authorName: BOB.username })];
  const form = element(render(rows, ADA, { reportFor: 1 }), 'comment-1');
  const options = REPORT_REASONS.map((reason) => `<option value="${reason}">${REPORT_REASON_LABELS[reason]}</option>`);
  assert.ok(form.includes(`<select name="reason" id="report-1-reason">${options.join('')}</select>`));
  assert.ok(form.includes('<option value="abuse">Abuse or harassment</option>'));
  assert.ok(form.includes(`<input name="note" id="report-1-note" maxlength="${MAX_REPORT_NOTE_LENGTH}">`));
});
