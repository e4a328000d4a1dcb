/**
 * The archive groups stories by the month (UTC) they were published in, newest month first, so
 * every story is two clicks from /archive/ however many there are.
 */
export interface ArchiveMonth<T> {
  /** "2026/11", the month page's address under /archive/. */
  path: string;
  /** "November 2026". */
  label: string;
  stories: T[];
}

const MONTH_NAMES = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** `stories` newest first in, months newest first out, each month's stories in the order given. */
export function archiveMonths<T extends { data: { publishedAt: Date } }>(stories: T[]): ArchiveMonth<T>[] {
  const months = new Map<string, ArchiveMonth<T>>();
  for (const story of stories) {
    const date = story.data.publishedAt;
    const path = `${date.getUTCFullYear()}/${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
    let month = months.get(path);
    if (month === undefined) {
      month = { path, label: MONTH_NAMES.format(date), stories: [] };
      months.set(path, month);
    }
    month.stories.push(story);
  }
  return [...months.values()].sort((a, b) => b.path.localeCompare(a.path));
}
