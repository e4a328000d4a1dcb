import type { APIRoute, GetStaticPaths } from 'astro';
import { getPublishedStories, type Story } from '../../../../lib/stories.ts';
import { publication } from '../../../../lib/publication.ts';
import { sectionLabel } from '../../../../server/stories/sections.ts';
import { CARD_SIZES, renderSocialCard, type CardRatio } from '../../../../server/stories/social-card.ts';

/** Cards for the stories without a hero, in each shape src/lib/social-images.ts links to. */
export const getStaticPaths = (async () => {
  const stories = (await getPublishedStories()).filter((story) => story.data.hero === undefined);
  const ratios = Object.keys(CARD_SIZES) as CardRatio[];
  return stories.flatMap((story) =>
    ratios.map((ratio) => ({ params: { slug: story.id, ratio }, props: { story, ratio } })),
  );
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ story: Story; ratio: CardRatio }> = async ({ props }) => {
  const { story, ratio } = props;
  const png = await renderSocialCard(
    { headline: story.data.title, section: sectionLabel(story.data.section), siteName: publication.name },
    CARD_SIZES[ratio],
  );
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
};
