import { z } from 'astro/zod';

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Front matter of a story in content/articles/<slug>.mdx. */
export const storySchema = z
  .object({
    title: z.string().trim().min(1, 'the headline is empty').max(200, 'the headline is over 200 characters'),
    description: z.string().trim().min(1, 'the standfirst is empty').max(400, 'the standfirst is over 400 characters'),
    publishedAt: z.coerce.date({ error: 'publishedAt must be a date such as 2026-11-26' }),
    updatedAt: z.coerce.date({ error: 'updatedAt must be a date such as 2026-11-27' }).optional(),
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
    draft: z.boolean().default(false),
    comments: z.enum(['open', 'closed', 'hidden']).default('open'),
  })
  .strict()
  .refine((story) => story.updatedAt === undefined || story.updatedAt >= story.publishedAt, {
    message: 'updatedAt is before publishedAt',
    path: ['updatedAt'],
  });

export type StoryData = z.infer<typeof storySchema>;
