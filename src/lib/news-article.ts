import type { Story } from './stories.ts';
import { publication } from './publication.ts';

/** schema.org NewsArticle for a story, as search engines read it. */
export function newsArticleJsonLd(story: Story, site: URL): object {
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
    articleSection: story.data.section,
    keywords: story.data.tags,
    ...(story.data.hero === undefined ? {} : { image: [new URL(story.data.hero.src, site).href] }),
    ...(story.data.authors.length === 0
      ? {}
      : { author: story.data.authors.map((name) => ({ '@type': 'Person', name })) }),
    publisher: { '@type': 'Organization', name: publication.name, url: site.href },
  };
}
