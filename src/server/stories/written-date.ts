/**
 * A story's dates as the editor wrote them. YAML reads an unquoted 2026-11-31 as 1 December (and
 * 2026-13-45 as 14 February 2027) before any schema sees it, which would quietly turn a typo into a
 * scheduled story; reading the text instead lets the schema refuse a date that is not on the calendar.
 * The forms are YAML's timestamps (https://yaml.org/type/timestamp.html); a time without a zone is UTC.
 */

export type WrittenDate = { ok: true; date: Date } | { ok: false; reason: 'not-a-date' | 'not-on-calendar' };

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?[ \t]*(?:(Z)|([+-])(\d{1,2})(?::?(\d{2}))?)?)?$/;

export function parseWrittenDate(text: string): WrittenDate {
  const match = TIMESTAMP.exec(text.trim());
  if (match === null) return { ok: false, reason: 'not-a-date' };
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match
    .slice(1, 7)
    .map((part) => Number(part ?? 0));
  const millisecond = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const utc = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millisecond));
  const roundTrips =
    utc.getUTCFullYear() === year &&
    utc.getUTCMonth() === month - 1 &&
    utc.getUTCDate() === day &&
    utc.getUTCHours() === hour &&
    utc.getUTCMinutes() === minute &&
    utc.getUTCSeconds() === second;
  const offsetHours = Number(match[10] ?? 0);
  const offsetMinutes = Number(match[11] ?? 0);
  if (!roundTrips || offsetHours > 23 || offsetMinutes > 59) return { ok: false, reason: 'not-on-calendar' };
  const offsetMs = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return { ok: true, date: new Date(utc.getTime() - offsetMs) };
}

/**
 * The text of a top-level front matter field, without quotes or a trailing comment, or null when
 * the file has no such line (the parsed value then stands).
 */
export function writtenField(source: string, field: string): string | null {
  const frontMatter = /^\uFEFF?\s*---\r?\n([\s\S]*?)\r?\n---/.exec(source)?.[1];
  if (frontMatter === undefined) return null;
  const line = new RegExp(`^${field}:[ \\t]*(?:!!timestamp[ \\t]+)?(.*?)[ \\t]*(?:[ \\t]#.*)?$`, 'm').exec(frontMatter);
  const value = line?.[1];
  if (value === undefined || value === '') return null;
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}
