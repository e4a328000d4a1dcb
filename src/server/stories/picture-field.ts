import { z } from 'astro/zod';

/**
 * A picture in front matter: `src` through Astro's image() (checked and sized at build time) and
 * alt text, without which a reader who cannot see the picture gets nothing. The return type is
 * left to inference: it is the zod schema's own.
 */
export function pictureField<Image>(image: () => z.ZodType<Image>, what: string) {
  const noAlt = `${what} needs alt text describing it`;
  return z.object({ src: image(), alt: z.string({ error: noAlt }).trim().min(1, noAlt) });
}
