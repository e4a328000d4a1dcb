import { getImage } from 'astro:assets';
import type { Story } from './stories.ts';
import { CARD_SIZES, type CardRatio } from '../server/stories/social-card.ts';

/** The picture a link to a page shows on social sites and in search results. */
export interface SocialImage {
  url: string;
  alt: string;
  width: number;
  height: number;
}

const RATIOS = Object.keys(CARD_SIZES) as CardRatio[];

function storyCardPath(story: Story, ratio: CardRatio): string {
  return `/cards/articles/${story.id}/${ratio}.png`;
}

const SITE_CARD_PATH = '/cards/site.png';

/**
 * A story's picture in Google's three shapes (16:9 first, which is also its og:image): its hero
 * cropped to each, or the card drawn from its headline when it has none (src/pages/cards/).
 */
export async function storySocialImages(story: Story, site: URL): Promise<SocialImage[]> {
  const hero = story.data.hero;
  return Promise.all(
    RATIOS.map(async (ratio) => {
      const size = CARD_SIZES[ratio];
      if (hero === undefined) {
        return { url: new URL(storyCardPath(story, ratio), site).href, alt: story.data.title, ...size };
      }
      // The largest crop of that shape the original holds: never enlarged (sharp would not).
      const scale = Math.min(1, hero.src.width / size.width, hero.src.height / size.height);
      const width = Math.round(size.width * scale);
      const height = Math.round(size.height * scale);
      const image = await getImage({ src: hero.src, width, height, fit: 'cover', format: 'jpg', layout: 'none' });
      return { url: new URL(image.src, site).href, alt: hero.alt, width, height };
    }),
  );
}

export function siteSocialImage(site: URL, alt: string): SocialImage {
  return { url: new URL(SITE_CARD_PATH, site).href, alt, ...CARD_SIZES['16x9'] };
}
