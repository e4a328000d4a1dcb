/**
 * What an export file holds once read, whatever it came from: its threads (one per old page) and
 * its comments, each with the source's own ids. Parsing is one module per format; writing them
 * is import-comments.ts.
 */
export type ImportSource = 'disqus' | 'wordpress';

/** The moderation state a comment had where it came from. */
export type SourceState = 'approved' | 'pending' | 'spam' | 'deleted';

export interface SourceThread {
  externalId: string;
  /** The old page's address, when the export names it. */
  url: string | null;
  /** WordPress's post_name, or Disqus's thread identifier when it is not an address. */
  slug: string | null;
  title: string;
}

export interface SourceAuthor {
  /** What makes two comments the same person's: the source username, else the email, else the name. */
  key: string;
  name: string;
  email: string | null;
}

export interface SourceComment {
  externalId: string;
  threadId: string;
  parentId: string | null;
  author: SourceAuthor;
  /** Unix seconds. */
  createdAt: number;
  /** Plain text, HTML already turned into text. */
  body: string;
  state: SourceState;
  /** Where the comment starts in the file, for messages. */
  line: number;
}

export interface SourceFile {
  source: ImportSource;
  threads: SourceThread[];
  comments: SourceComment[];
  /** Comments the parser left out on purpose (WordPress pingbacks), counted by reason. */
  skipped: Map<string, number>;
}

/** A file that cannot be read as its format, and where. */
export class ImportFormatError extends Error {
  readonly line: number;
  constructor(message: string, line: number) {
    super(`line ${line}: ${message}`);
    this.name = 'ImportFormatError';
    this.line = line;
  }
}
