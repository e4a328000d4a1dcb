import type { Database } from '../db/database.ts';
import { readDisqusExport } from './disqus.ts';
import { importComments, type ImportSummary } from './import-comments.ts';
import type { ImportSource, SourceFile } from './source.ts';
import { readStoryMap, readStorySlugs } from './story-map.ts';
import { readWordPressExport } from './wordpress.ts';

export interface ImportFileInput {
  from: ImportSource;
  file: string;
  /** The folder whose articles/ holds the stories: CONTENT_DIR, or content/. */
  contentDir: string;
  mapFile: string | null;
  now: number;
  onProgress?: (done: number, total: number) => void;
}

/** Reads a Disqus or WordPress export whole, then imports it in one transaction. */
export async function importExportFile(db: Database, input: ImportFileInput): Promise<ImportSummary> {
  const readers: Record<ImportSource, (path: string) => Promise<SourceFile>> = {
    disqus: readDisqusExport,
    wordpress: readWordPressExport,
  };
  const [file, storySlugs, storyMap] = await Promise.all([
    readers[input.from](input.file),
    readStorySlugs(input.contentDir),
    input.mapFile === null ? new Map<string, string>() : readStoryMap(input.mapFile),
  ]);
  return importComments(db, file, {
    storySlugs,
    storyMap,
    now: input.now,
    ...(input.onProgress === undefined ? {} : { onProgress: input.onProgress }),
  });
}

const count = new Intl.NumberFormat('en-GB');

/** The summary the command prints: what came across, what did not and why, the unmatched pages. */
export function describeImport(summary: ImportSummary): string {
  const lines = [
    `Imported ${count.format(summary.imported)} of ${count.format(summary.comments)} comments from ${summary.source}.`,
    `Threads: ${count.format(summary.threads)} in the file, ${count.format(summary.threadsMatched)} matched to stories.`,
    `Authors: ${count.format(summary.authorsCreated)} new accounts (they cannot sign in until claimed).`,
  ];
  if (summary.truncated > 0)
    lines.push(`Cut to fit: ${count.format(summary.truncated)} comments over the length limit.`);
  if (summary.parentMissing > 0) {
    lines.push(
      `Replies whose parent is not in the file, kept at the top of their thread: ${count.format(summary.parentMissing)}.`,
    );
  }
  if (summary.skipped.size > 0) {
    lines.push('Skipped:');
    for (const [reason, skipped] of summary.skipped) lines.push(`  ${count.format(skipped)} ${reason}`);
  }
  if (summary.unmatched.length > 0) {
    lines.push('Threads with no story (add them to a --map file and run again):');
    for (const { thread, comments, reason } of summary.unmatched) {
      const where = thread.url ?? thread.slug ?? thread.externalId;
      lines.push(
        `  ${where} "${thread.title}": ${count.format(comments)} comment${comments === 1 ? '' : 's'}; ${reason}`,
      );
    }
  }
  return lines.join('\n');
}
