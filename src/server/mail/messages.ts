/**
 * Each kind of email as plain text and HTML, made when it is sent from what its outbox row
 * carries. Text from readers (usernames, comment text) goes into the HTML part only through
 * `markup`, so it is escaped; a reply's web addresses are not made links in mail.
 */
import { formatDuration } from '../markup/duration.ts';
import { markup, type Markup } from '../markup/html.ts';
import { CODE_LIFETIME_SECONDS } from './email-verification.ts';
import type { OutboxMessage } from './outbox.ts';
import { RESET_LIFETIME_SECONDS } from './password-reset.ts';

export interface MailSite {
  name: string;
  /** The public origin, e.g. https://news.example, that every link in mail starts with. */
  origin: string;
}

export interface ReplyForMail {
  id: number;
  authorName: string;
  body: string;
}

/** What the sender read for the message: the comments it is about still visible, the unsubscribe link. */
export interface MailContext {
  site: MailSite;
  /** The replies of a reply email, or the featured comment of a featured one. */
  replies: readonly ReplyForMail[];
  /** For mail one can stop: the page that asks for the click, and the RFC 8058 one-click target. */
  unsubscribe: { page: string; oneClick: string } | null;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

interface Body {
  subject: string;
  lines: string[];
  html: Markup;
}

export function renderMail(message: OutboxMessage, context: MailContext): RenderedMail {
  const body = bodyOf(message, context);
  const { site, unsubscribe } = context;
  const footerText = unsubscribe === null ? [] : ['', `Stop these emails: ${unsubscribe.page}`];
  const footerHtml =
    unsubscribe === null
      ? markup``
      : markup`<p style="color:#555;font-size:13px"><a href="${unsubscribe.page}">Stop these emails</a></p>`;
  const headers: Record<string, string> =
    unsubscribe === null
      ? {}
      : { 'List-Unsubscribe': `<${unsubscribe.oneClick}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
  return {
    subject: `${body.subject} – ${site.name}`,
    text: [...body.lines, ...footerText, '', `– ${site.name}, ${site.origin}/`].join('\n'),
    html: markup`<!doctype html><html><body style="font-family:Georgia,serif;line-height:1.5;max-width:36em">${body.html}${footerHtml}<p style="color:#555;font-size:13px">${site.name}</p></body></html>`.toString(),
    headers,
  };
}

function bodyOf(message: OutboxMessage, context: MailContext): Body {
  const { origin } = context.site;
  const payload = message.payload;
  switch (message.kind) {
    case 'verify-email': {
      const code = String(payload.code);
      const valid = formatDuration(CODE_LIFETIME_SECONDS);
      return {
        subject: 'Your verification code',
        lines: [
          `Your code is ${code}.`,
          '',
          `Enter it on ${origin}/account/ within ${valid} to confirm this address.`,
          'If you did not ask for it, ignore this email: nothing changes.',
        ],
        html: markup`<p>Your code is</p><p style="font-size:28px;letter-spacing:4px"><strong>${code}</strong></p><p>Enter it on <a href="${origin}/account/">your account page</a> within ${valid} to confirm this address.</p><p>If you did not ask for it, ignore this email: nothing changes.</p>`,
      };
    }
    case 'email-changed': {
      const replacement = typeof payload.newEmail === 'string' ? payload.newEmail : null;
      const what = replacement === null ? 'was removed from your account' : `was replaced by ${replacement}`;
      return {
        subject: 'Your email address was changed',
        lines: [
          `This address ${what}.`,
          `If you did not do this, reset your password at ${origin}/forgot-password/ or write to the editors.`,
        ],
        html: markup`<p>This address ${what}.</p><p>If you did not do this, <a href="${origin}/forgot-password/">reset your password</a> or write to the editors.</p>`,
      };
    }
    case 'password-reset': {
      const link = `${origin}/reset-password/?token=${encodeURIComponent(String(payload.token))}`;
      const valid = formatDuration(RESET_LIFETIME_SECONDS);
      return {
        subject: 'Reset your password',
        lines: [
          `Someone asked to reset the password of your account. Set a new one here within ${valid}:`,
          '',
          link,
          '',
          'If it was not you, ignore this email: your password stays as it is.',
        ],
        html: markup`<p>Someone asked to reset the password of your account. Set a new one within ${valid}:</p><p><a href="${link}">Set a new password</a></p><p>If it was not you, ignore this email: your password stays as it is.</p>`,
      };
    }
    case 'replies':
      return repliesBody(payload, context);
    case 'featured':
      return featuredBody(payload, context);
    case 'moderator-digest': {
      const waiting = Number(payload.waiting);
      const what = `${waiting} comment${waiting === 1 ? '' : 's'} wait${waiting === 1 ? 's' : ''} for review`;
      return {
        subject: what,
        lines: [`${what} at ${origin}/moderation/.`],
        html: markup`<p><a href="${origin}/moderation/">${what}</a>.</p>`,
      };
    }
  }
}

/** A story's page and its comments page, which is rendered on the server, so an anchor is there with or without JavaScript. */
function storyPages(payload: Readonly<Record<string, unknown>>, origin: string): { page: string; comments: string } {
  const page = `${origin}/articles/${encodeURIComponent(String(payload.story))}/`;
  return { page, comments: `${page}comments/` };
}

function featuredBody(payload: Readonly<Record<string, unknown>>, context: MailContext): Body {
  const { comments } = storyPages(payload, context.site.origin);
  const comment = context.replies[0];
  const link = `${comments}#comment-${comment?.id}`;
  return {
    subject: 'Your comment is featured',
    lines: [
      'The editors featured your comment: it now shows first, under "Featured".',
      '',
      comment?.body ?? '',
      '',
      link,
    ],
    html: markup`<p>The editors featured your comment: it now shows first, under "Featured".</p><blockquote style="white-space:pre-wrap;border-left:3px solid #ccc;margin:0 0 8px;padding-left:12px">${comment?.body ?? ''}</blockquote><p><a href="${link}">See it in the discussion</a></p>`,
  };
}

function repliesBody(payload: Readonly<Record<string, unknown>>, context: MailContext): Body {
  const title = typeof payload.title === 'string' ? payload.title : 'a story';
  const { page, comments } = storyPages(payload, context.site.origin);
  const { replies } = context;
  const first = replies[0];
  const subject =
    replies.length === 1 && first !== undefined
      ? `${first.authorName} replied to you`
      : `${replies.length} replies to you`;
  const lines = [`New replies to your comment on "${title}":`];
  for (const reply of replies)
    lines.push('', `${reply.authorName} wrote:`, reply.body, `${comments}#comment-${reply.id}`);
  const items = replies.map(
    (reply) =>
      markup`<p><strong>${reply.authorName}</strong> wrote:</p><blockquote style="white-space:pre-wrap;border-left:3px solid #ccc;margin:0 0 8px;padding-left:12px">${reply.body}</blockquote><p><a href="${comments}#comment-${reply.id}">Read it and reply</a></p>`,
  );
  return {
    subject,
    lines,
    html: markup`<p>New replies to your comment on <a href="${page}">${title}</a>:</p>${items}`,
  };
}
