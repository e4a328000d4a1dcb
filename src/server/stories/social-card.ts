import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import satori from 'satori';
import { Resvg } from '@resvg/resvg-js';

/**
 * A story's social card when it has no hero: headline, section and the paper's name drawn at build
 * time (satori lays the text out as SVG, resvg turns it into PNG). Satori reads TTF, OTF or WOFF,
 * never WOFF2, and the site's Newsreader comes only as WOFF2, so the card is set in the Noto Sans
 * that satori's own dependency harfbuzzjs ships (SIL Open Font License).
 */

export interface CardText {
  headline: string;
  section: string;
  siteName: string;
}

export interface CardSize {
  width: number;
  height: number;
}

/** The shapes Google asks a NewsArticle's images to come in (16:9, 4:3, 1:1), 1200 px wide. */
export const CARD_SIZES = {
  '16x9': { width: 1200, height: 675 },
  '4x3': { width: 1200, height: 900 },
  '1x1': { width: 1200, height: 1200 },
} as const satisfies Record<string, CardSize>;

export type CardRatio = keyof typeof CARD_SIZES;

const PAPER = '#fbf8f3';
const INK = '#1b1a18';
const ACCENT = '#8b1a1a';

let font: Promise<Buffer> | null = null;

function cardFont(): Promise<Buffer> {
  const harfbuzz = dirname(createRequire(import.meta.url).resolve('harfbuzzjs/package.json'));
  font ??= readFile(join(harfbuzz, 'test/fonts/noto/NotoSans-Regular.ttf'));
  return font;
}

interface Element {
  type: string;
  props: { style: Record<string, string | number>; children?: string | Element | Element[] };
}

function element(style: Element['props']['style'], children: Element['props']['children']): Element {
  return { type: 'div', props: { style, children } };
}

/** A headline shorter than the card is set larger, so short and long headlines both fill it. */
function headlineSize(headline: string, size: CardSize): number {
  const base = size.width / 14;
  return Math.round(headline.length > 90 ? base * 0.7 : headline.length > 50 ? base * 0.85 : base);
}

export async function renderSocialCard(text: CardText, size: CardSize): Promise<Buffer> {
  const padding = Math.round(size.width / 15);
  const tree = element(
    {
      width: size.width,
      height: size.height,
      boxSizing: 'border-box',
      display: 'flex',
      flexDirection: 'column',
      padding,
      backgroundColor: PAPER,
      color: INK,
      borderTop: `${Math.round(padding / 4)}px solid ${ACCENT}`,
      fontFamily: 'Card',
    },
    [
      element(
        { fontSize: Math.round(size.width / 36), color: ACCENT, letterSpacing: 4, textTransform: 'uppercase' },
        text.section,
      ),
      element(
        {
          display: 'flex',
          flexGrow: 1,
          alignItems: 'center',
          fontSize: headlineSize(text.headline, size),
          lineHeight: 1.15,
        },
        text.headline,
      ),
      element(
        {
          display: 'flex',
          fontSize: Math.round(size.width / 30),
          borderTop: `2px solid ${INK}`,
          paddingTop: Math.round(padding / 3),
        },
        text.siteName,
      ),
    ],
  );
  const svg = await satori(tree, {
    width: size.width,
    height: size.height,
    fonts: [{ name: 'Card', data: await cardFont(), weight: 400, style: 'normal' }],
  });
  return new Resvg(svg, { fitTo: { mode: 'width', value: size.width } }).render().asPng();
}
