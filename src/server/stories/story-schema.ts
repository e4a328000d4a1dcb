import { z } from 'astro/zod';
import { parseWrittenDate } from './written-date.ts';

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

/** Front matter of a story in content/articles/<slug>.mdx. */
export const storySchema = z
  .object({
    title: z.string().trim().min(1, 'the headline is empty').max(200, 'the headline is over 200 characters'),
    description: z.string().trim().min(1, 'the standfirst is empty').max(400, 'the standfirst is over 400 characters'),
    publishedAt: storyDate('publishedAt', '2026-11-26'),
    updatedAt: storyDate('updatedAt', '2026-11-27').optional(),
    authors: z.array(z.string().trim().min(1)).default([]),
    section: z
      .string()
      .trim()
      .regex(SLUG_PATTERN, 'section must be lower-case words joined by hyphens, such as "technology"'),
    tags: z
      .array(z.string().trim().regex(SLUG_PATTERN, 'each tag must be lower-case words joined by hyphens'))
      .default([]),
    hero: z
      .object({
        src: z.string().min(1),
        alt: z.string().trim().min(1, 'the hero image needs alt text describing it'),
        caption: z.string().optional(),
      })
      .optional(),
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
    comments: z.enum(['open', 'closed', 'hidden']).default('open'),
  })
  .strict()
  .refine((story) => story.updatedAt === undefined || story.updatedAt >= story.publishedAt, {
    message: 'updatedAt is before publishedAt',
    path: ['updatedAt'],
  });

export type StoryData = z.infer<typeof storySchema>;
