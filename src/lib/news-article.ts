import type { Story } from './stories.ts';
import { authorPath, type Author } from './authors.ts';
import { publication } from './publication.ts';
import type { SocialImage } from './social-images.ts';
import { sectionLabel } from '../server/stories/sections.ts';

/**
 * schema.org NewsArticle for a story, as search engines read it: images in the three shapes Google
 * asks for, each author with a page, the section as its label, the same words as article:section.
 */
export function newsArticleJsonLd(story: Story, authors: Author[], images: SocialImage[], site: URL): object {
  const url = new URL(`/articles/${story.id}/`, site).href;
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: story.data.title,
    description: story.data.description,
    datePublished: story.data.publishedAt.toISOString(),
    dateModified: (story.data.updatedAt ?? story.data.publishedAt).toISOString(),
    mainEntityOfPage: url,
    url,
    articleSection: sectionLabel(story.data.section),
    keywords: story.data.tags,
    image: images.map((image) => image.url),
    ...(authors.length === 0
      ? {}
      : {
          author: authors.map((author) => ({
            '@type': 'Person',
            name: author.data.name,
            url: new URL(authorPath(author.id), site).href,
          })),
        }),
    publisher: { '@type': 'Organization', name: publication.name, url: site.href },
  };
}
