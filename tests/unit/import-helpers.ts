/** The fixture files and a reading of what an import stored, for the import tests. */
import { join, resolve } from 'node:path';
import type { Database } from '../../src/server/db/database.ts';
import { importExportFile, type ImportFileInput } from '../../src/server/import/import-file.ts';
import type { ImportSummary } from '../../src/server/import/import-comments.ts';
import { NOW } from './fixtures.ts';

export const importFixtures = resolve(import.meta.dirname, '../fixtures/import');
export const importContentDir = join(importFixtures, 'site');

export interface StoredComment {
  id: number;
  story: string;
  parentId: number | null;
  author: string;
  body: string;
  status: string;
  depth: number;
  hiddenReason: string | null;
  createdAt: number;
}

export function importFixture(
  db: Database,
  from: ImportFileInput['from'],
  name: string,
  options: { map?: string } = {},
): Promise<ImportSummary> {
  return importExportFile(db, {
    from,
    file: resolve(importFixtures, name),
    contentDir: importContentDir,
    mapFile: options.map === undefined ? null : join(importFixtures, options.map),
    now: NOW,
  });
}

export async function storedComments(db: Database): Promise<StoredComment[]> {
  const rows = await db.all<{
    id: number | string;
    story_slug: string;
    parent_id: number | string | null;
    username: string;
    body: string;
    status: string;
    depth: number | string;
    hidden_reason: string | null;
    created_at: number | string;
  }>(
    `SELECT c.id, c.story_slug, c.parent_id, u.username, c.body, c.status, c.depth, c.hidden_reason, c.created_at
     FROM comments c JOIN users u ON u.id = c.author_id ORDER BY c.id`,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    story: row.story_slug,
    parentId: row.parent_id === null ? null : Number(row.parent_id),
    author: row.username,
    body: row.body,
    status: row.status,
    depth: Number(row.depth),
    hiddenReason: row.hidden_reason,
    createdAt: Number(row.created_at),
  }));
}

/** The stored comment whose text starts with `start`. */
export function commentStarting(comments: readonly StoredComment[], start: string): StoredComment {
  const found = comments.find((comment) => comment.body.startsWith(start));
  if (found === undefined) throw new Error(`No stored comment starts "${start}".`);
  return found;
}

export async function countRows(db: Database, table: string): Promise<number> {
  const row = await db.get<{ count: number | string }>(`SELECT COUNT(*) AS count FROM ${table}`);
  return Number(row?.count ?? 0);
}
