import type { APIRoute } from 'astro';
import { publication } from '../../lib/publication.ts';
import { CARD_SIZES, renderSocialCard } from '../../server/stories/social-card.ts';

/** The picture a shared link to any page but a story shows. */
export const GET: APIRoute = async () => {
  const png = await renderSocialCard(
    { headline: publication.tagline, section: 'News', siteName: publication.name },
    CARD_SIZES['16x9'],
  );
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
};
