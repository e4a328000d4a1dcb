export const MAX_COMMENT_LENGTH = 5000;
export const MAX_DEPTH = 6;
export const EDIT_WINDOW_SECONDS = 15 * 60;

export type CommentBodyCheck =
  { ok: true; body: string } | { ok: false; reason: 'empty' | 'too-long' | 'invalid-characters'; message: string };

const numberFormat = new Intl.NumberFormat('en-GB');

/**
 * Checks a comment body as typed and returns the text to store: line endings normalised to LF
 * (browsers submit CRLF) and surrounding whitespace trimmed. Length counts code points, so an
 * emoji is one character.
 */
export function validateCommentBody(input: string): CommentBodyCheck {
  const body = input.replace(/\r\n?/g, '\n').trim();
  if (body.includes('\u0000') || !body.isWellFormed()) {
    return {
      ok: false,
      reason: 'invalid-characters',
      message:
        'Your comment contains characters that cannot be saved (a null character or a broken emoji). Remove them and try again.',
    };
  }
  const length = [...body].length;
  if (length === 0) {
    return { ok: false, reason: 'empty', message: 'Write something before posting.' };
  }
  if (length > MAX_COMMENT_LENGTH) {
    return {
      ok: false,
      reason: 'too-long',
      message: `Comments can be at most ${numberFormat.format(MAX_COMMENT_LENGTH)} characters; yours has ${numberFormat.format(length)}.`,
    };
  }
  return { ok: true, body };
}
