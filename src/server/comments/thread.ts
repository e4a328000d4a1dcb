import type { CommentStatus, CommentWithAuthor } from './comment.ts';
import { isVisibleTo } from './visibility.ts';

/** `moreReplies`: replies a page leaves out behind "Show N more replies" (thread-page.ts). */
export type ThreadNode =
  | { kind: 'comment'; comment: CommentWithAuthor; replies: ThreadNode[]; moreReplies?: number }
  | {
      kind: 'placeholder';
      id: number;
      status: CommentStatus;
      createdAt: number;
      replies: ThreadNode[];
      moreReplies?: number;
    };

export interface Thread {
  roots: ThreadNode[];
  visibleCount: number;
}

/**
 * Arranges a story's comments into the tree a viewer sees, oldest first at every level. A comment
 * the viewer may not read stays in the tree as a placeholder (id and status only) while it has
 * readable replies below it, and drops out otherwise.
 */
export function buildThread(rows: readonly CommentWithAuthor[], viewerId: number | null): Thread {
  const ids = new Set(rows.map((row) => row.id));
  const repliesTo = new Map<number | null, CommentWithAuthor[]>();
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    const parentId = row.parentId !== null && ids.has(row.parentId) ? row.parentId : null;
    const siblings = repliesTo.get(parentId);
    if (siblings === undefined) repliesTo.set(parentId, [row]);
    else siblings.push(row);
  }

  let visibleCount = 0;
  function build(row: CommentWithAuthor): ThreadNode | null {
    const replies = buildLevel(row.id);
    if (isVisibleTo(row, viewerId)) {
      visibleCount += 1;
      return { kind: 'comment', comment: row, replies };
    }
    return replies.length > 0
      ? { kind: 'placeholder', id: row.id, status: row.status, createdAt: row.createdAt, replies }
      : null;
  }
  function buildLevel(parentId: number | null): ThreadNode[] {
    const nodes: ThreadNode[] = [];
    for (const row of repliesTo.get(parentId) ?? []) {
      const node = build(row);
      if (node !== null) nodes.push(node);
    }
    return nodes;
  }

  const roots = buildLevel(null);
  return { roots, visibleCount };
}
