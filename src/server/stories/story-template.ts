import { slugify } from './slug.ts';

/**
 * The MDX skeleton `npm run new-story` writes: valid front matter, dated today, `comments` left
 * out so that COMMENTS_CLOSE_AFTER_DAYS applies (comment-closing.ts).
 */
export function storyTemplate(headline: string, today: Date): { slug: string; source: string } {
  const slug = slugify(headline);
  const date = today.toISOString().slice(0, 10);
  const source = `---
title: ${JSON.stringify(headline.trim())}
description: "One or two sentences that tell the reader what the story is and why it matters."
publishedAt: ${date}
# updatedAt: ${date}
# Keeps the story's comments, and its first address working, if the file is renamed: never change it.
id: ${slug}
authors: []
section: technology
tags: []
draft: true
# comments: open
---

Write the story here. Leave a blank line between paragraphs.

> A quotation set apart goes on lines that start with ">".
`;
  return { slug, source };
}
