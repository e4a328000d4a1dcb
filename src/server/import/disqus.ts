/**
 * Disqus's XML export (https://help.disqus.com/en/articles/1717164-comments-export): <category>,
 * then every <thread> (a page: its <link> and <id>entifier), then every <post> naming its thread
 * and, for a reply, its <parent> by dsq:id. A post's <message> is HTML. Its state is <isDeleted>
 * and <isSpam>; <isApproved>false</isApproved>, where an export has it, is a comment still pending.
 */
import { htmlToText } from './html-text.ts';
import { child, childText, readXmlRecords, type XmlElement } from './xml-records.ts';
import { ImportFormatError, type SourceComment, type SourceFile, type SourceState } from './source.ts';
import { parseTimestamp } from './timestamp.ts';

export async function readDisqusExport(path: string): Promise<SourceFile> {
  const file: SourceFile = { source: 'disqus', threads: [], comments: [], skipped: new Map() };
  await readXmlRecords(path, {
    root: 'disqus',
    isRecord: (name, depth) => depth === 1 && (name === 'thread' || name === 'post'),
    onRecord: (record) => {
      if (record.name === 'thread') file.threads.push(readThread(record));
      else file.comments.push(readPost(record));
    },
  });
  return file;
}

function readThread(record: XmlElement): SourceFile['threads'][number] {
  const identifier = childText(record, 'id');
  const link = childText(record, 'link');
  return {
    externalId: dsqId(record),
    url: link === null || link === '' ? null : link,
    slug: identifier !== null && /^[A-Za-z0-9_-]+$/.test(identifier) ? identifier.toLowerCase() : null,
    title: childText(record, 'title') ?? '',
  };
}

function readPost(record: XmlElement): SourceComment {
  const thread = child(record, 'thread');
  if (thread === null) throw new ImportFormatError(`<post dsq:id="${dsqId(record)}"> names no <thread>`, record.line);
  const parent = child(record, 'parent');
  const author = child(record, 'author');
  const name = (author === null ? null : childText(author, 'name')) || 'Anonymous';
  const username = author === null ? null : childText(author, 'username');
  const anonymous = author !== null && childText(author, 'isAnonymous') === 'true';
  const email = (author === null ? null : childText(author, 'email')) || null;
  const key =
    !anonymous && username !== null && username !== ''
      ? `user:${username.toLowerCase()}`
      : email !== null
        ? `email:${email.toLowerCase()}`
        : `name:${name}`;
  return {
    externalId: dsqId(record),
    threadId: dsqId(thread),
    parentId: parent === null ? null : dsqId(parent),
    author: { key, name, email },
    createdAt: parseTimestamp(childText(record, 'createdAt'), record),
    body: htmlToText(child(record, 'message')?.text ?? ''),
    state: stateOf(record),
    line: record.line,
  };
}

function stateOf(record: XmlElement): SourceState {
  if (childText(record, 'isDeleted') === 'true') return 'deleted';
  if (childText(record, 'isSpam') === 'true') return 'spam';
  if (childText(record, 'isApproved') === 'false') return 'pending';
  return 'approved';
}

function dsqId(element: XmlElement): string {
  const id = element.attributes['dsq:id'];
  if (id === undefined || id === '') {
    throw new ImportFormatError(`<${element.name}> has no dsq:id`, element.line);
  }
  return id;
}
