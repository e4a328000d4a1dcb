import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { CARD_SIZES, renderSocialCard } from '../../src/server/stories/social-card.ts';

const text = {
  headline: 'Council Approves New Budget After Late-Night Session',
  section: 'Business',
  siteName: 'The Ledger',
};

test('a card is a PNG of the asked size in each of the three shapes', async () => {
  for (const size of Object.values(CARD_SIZES)) {
    const metadata = await sharp(await renderSocialCard(text, size)).metadata();
    assert.deepEqual([metadata.format, metadata.width, metadata.height], ['png', size.width, size.height]);
  }
});

test('the headline, section and site name are all drawn, down to the bottom of the card', async () => {
  const size = CARD_SIZES['16x9'];
  const png = await renderSocialCard(text, size);
  // Ink (dark pixels) in the top, middle and bottom bands, inside the margins: the section, the
  // headline and the site name under its rule, none pushed off the card.
  for (const [top, height] of [
    [90, 60],
    [250, 200],
    [size.height - 150, 100],
  ] as const) {
    const band = await sharp(png).extract({ left: 80, top, width: 1000, height }).greyscale().stats();
    assert.ok((band.channels[0]?.min ?? 255) < 120, `no ink between ${top} and ${top + height} px`);
  }
});
