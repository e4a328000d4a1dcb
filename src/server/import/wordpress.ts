/**
 * WordPress's export, WXR 1.1 or 1.2 (RSS 2.0 with the wp: namespace,
 * https://developer.wordpress.org/apis/wxr/): one <item> per post or page, its <wp:comment>s
 * inside it, a reply naming its <wp:comment_parent> (0 for none). <wp:comment_approved> is 1, 0
 * (pending), spam or trash. Comment text is stored as typed, line breaks and some HTML.
 * Pingbacks and trackbacks are notices from other sites, not readers' words: left out, counted.
 */
import { htmlToText } from './html-text.ts';
import { childText, readXmlRecords, type XmlElement } from './xml-records.ts';
import { ImportFormatError, type SourceComment, type SourceFile, type SourceState } from './source.ts';
import { parseTimestamp } from './timestamp.ts';

const knownVersions = new Set(['1.0', '1.1', '1.2']);

export async function readWordPressExport(path: string): Promise<SourceFile> {
  const file: SourceFile = { source: 'wordpress', threads: [], comments: [], skipped: new Map() };
  let version: string | null = null;
  await readXmlRecords(path, {
    root: 'rss',
    isRecord: (name, depth) => depth === 2 && (name === 'item' || name === 'wp:wxr_version'),
    onRecord: (record) => {
      if (record.name === 'wp:wxr_version') {
        version = record.text.trim();
        if (!knownVersions.has(version)) {
          throw new ImportFormatError(`WXR version ${version} is not one this reads (1.1 or 1.2)`, record.line);
        }
        return;
      }
      if (version === null) {
        throw new ImportFormatError('<item> before <wp:wxr_version>: not a WordPress export', record.line);
      }
      readItem(record, file);
    },
  });
  if (version === null) throw new ImportFormatError('no <wp:wxr_version>: not a WordPress export', 1);
  return file;
}

function readItem(item: XmlElement, file: SourceFile): void {
  const comments = item.children.filter((element) => element.name === 'wp:comment');
  if (comments.length === 0) return;
  const postId = childText(item, 'wp:post_id');
  if (postId === null || postId === '') throw new ImportFormatError('<item> has no <wp:post_id>', item.line);
  const link = childText(item, 'link');
  file.threads.push({
    externalId: postId,
    url: link === null || link === '' ? null : link,
    slug: childText(item, 'wp:post_name') || null,
    title: childText(item, 'title') ?? '',
  });
  for (const comment of comments) {
    const type = childText(comment, 'wp:comment_type') ?? '';
    if (type === 'pingback' || type === 'trackback') {
      file.skipped.set('pingback or trackback', (file.skipped.get('pingback or trackback') ?? 0) + 1);
      continue;
    }
    file.comments.push(readComment(comment, postId));
  }
}

function readComment(comment: XmlElement, postId: string): SourceComment {
  const id = childText(comment, 'wp:comment_id');
  if (id === null || id === '') throw new ImportFormatError('<wp:comment> has no <wp:comment_id>', comment.line);
  const parent = childText(comment, 'wp:comment_parent');
  const name = childText(comment, 'wp:comment_author') || 'Anonymous';
  const email = childText(comment, 'wp:comment_author_email') || null;
  const gmt = childText(comment, 'wp:comment_date_gmt');
  const date = gmt === null || gmt.startsWith('0000') ? childText(comment, 'wp:comment_date') : gmt;
  return {
    externalId: id,
    threadId: postId,
    parentId: parent === null || parent === '' || parent === '0' ? null : parent,
    author: { key: email === null ? `name:${name}` : `email:${email.toLowerCase()}`, name, email },
    createdAt: parseTimestamp(date, comment),
    body: htmlToText(childText(comment, 'wp:comment_content') ?? '', { newlinesAreBreaks: true }),
    state: stateOf(childText(comment, 'wp:comment_approved'), comment),
    line: comment.line,
  };
}

function stateOf(approved: string | null, comment: XmlElement): SourceState {
  switch (approved) {
    case '1':
    case 'approve':
      return 'approved';
    case '0':
    case 'hold':
      return 'pending';
    case 'spam':
      return 'spam';
    case 'trash':
    case 'post-trashed':
      return 'deleted';
    default:
      throw new ImportFormatError(
        `<wp:comment_approved> is "${approved ?? ''}", not 1, 0, spam or trash`,
        comment.line,
      );
  }
}
