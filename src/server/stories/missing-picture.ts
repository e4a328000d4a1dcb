import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Why the build must stop when a front matter picture beside its file (`hero`, `photo`) is not
 * there, naming the file and the field, or null. Astro's own "Could not find requested image"
 * names only the picture, which leaves an editor searching every story for it.
 */
export function missingPicture(filePath: string, data: Record<string, unknown>, field: string): string | null {
  const picture = data[field] as { src?: unknown } | undefined;
  if (typeof picture?.src !== 'string' || !picture.src.startsWith('.')) return null;
  if (existsSync(resolve(dirname(filePath), picture.src))) return null;
  return `${filePath}: ${field}.src: there is no image at ${picture.src}`;
}
