import { ImportFormatError } from './source.ts';
import type { XmlElement } from './xml-records.ts';

/**
 * Unix seconds from an ISO 8601 time (Disqus: 2019-03-04T10:20:30Z) or WordPress's
 * "2019-03-04 10:20:30" in UTC; a time without a zone is read as UTC.
 */
export function parseTimestamp(text: string | null, record: XmlElement): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
    (text ?? '').trim(),
  );
  if (match === null) {
    throw new ImportFormatError(`<${record.name}> has no readable date ("${text ?? ''}")`, record.line);
  }
  const [, year, month, day, hour, minute, second, zone] = match;
  const iso = `${year}-${month}-${day}T${hour}:${minute}:${second}${zone ?? 'Z'}`;
  const ms = Date.parse(iso.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(ms) || Number(year) < 1990) {
    throw new ImportFormatError(`<${record.name}> has no readable date ("${text ?? ''}")`, record.line);
  }
  return Math.floor(ms / 1000);
}
