import { z } from 'astro/zod';
import { parseWrittenDate } from './written-date.ts';
import { SECTION_IDS } from './sections.ts';
import { pictureField } from './picture-field.ts';

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A date as written (story-loader.ts hands over YAML's text) or a Date; one not on the calendar is refused. */
function storyDate(field: string, example: string): z.ZodType<Date, string | Date> {
  const notADate = `${field} must be a date such as ${example}`;
  return z.union([z.string(), z.date()], { error: notADate }).transform((value, context) => {
    if (value instanceof Date) {
      if (!Number.isNaN(value.getTime())) return value;
      context.addIssue({ code: 'custom', message: notADate });
      return z.NEVER;
    }
    const written = parseWrittenDate(value);
    if (written.ok) return written.date;
    const message =
      written.reason === 'not-a-date' ? notADate : `${field} ${value.trim()} is not a date on the calendar`;
    context.addIssue({ code: 'custom', message });
    return z.NEVER;
  });
}

/**
 * Front matter of a story in content/articles/<slug>.mdx. `image` is Astro's schema helper (a path
 * beside the story or under src/assets/, checked and sized at build time); `authorIds` are the
 * files in content/authors/, so a byline cannot name someone who is not there.
 * The return type is left to inference: it is the zod schema's own.
 */
export function storySchema<Image>(image: () => z.ZodType<Image>, authorIds: ReadonlySet<string>) {
  return z
    .object({
      title: z.string().trim().min(1, 'the headline is empty').max(200, 'the headline is over 200 characters'),
      description: z
        .string()
        .trim()
        .min(1, 'the standfirst is empty')
        .max(400, 'the standfirst is over 400 characters'),
      publishedAt: storyDate('publishedAt', '2026-11-26'),
      updatedAt: storyDate('updatedAt', '2026-11-27').optional(),
      authors: z
        .array(
          z
            .string()
            .trim()
            .refine((id) => authorIds.has(id), {
              error: (issue) =>
                `no author ${JSON.stringify(issue.input)} in authors/; known: ${[...authorIds].sort().join(', ') || 'none'}`,
            }),
        )
        .default([]),
      section: z
        .string()
        .trim()
        .refine((id) => (SECTION_IDS as readonly string[]).includes(id), {
          error: (issue) => `no section ${JSON.stringify(issue.input)}; the sections are ${SECTION_IDS.join(', ')}`,
        }),
      tags: z
        .array(z.string().trim().regex(SLUG_PATTERN, 'each tag must be lower-case words joined by hyphens'))
        .default([]),
      hero: pictureField(image, 'the hero image').extend({ caption: z.string().optional() }).strict().optional(),
      id: z
        .string()
        .trim()
        .regex(SLUG_PATTERN, 'id must be the file name the story was first published under, such as "budget-vote"')
        .optional(),
      redirectFrom: z
        .array(
          z
            .string()
            .trim()
            .regex(SLUG_PATTERN, 'each redirectFrom entry must be a former file name, such as "budget-vote"'),
        )
        .default([]),
      draft: z.boolean().default(false),
      // Left out, comments stay open until COMMENTS_CLOSE_AFTER_DAYS closes them (comment-closing.ts).
      comments: z.enum(['open', 'closed', 'hidden']).optional(),
    })
    .strict()
    .refine((story) => story.updatedAt === undefined || story.updatedAt >= story.publishedAt, {
      message: 'updatedAt is before publishedAt',
      path: ['updatedAt'],
    });
}
