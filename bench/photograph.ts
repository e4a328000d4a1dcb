/**
 * A 1600 × 900 picture that compresses like a photograph (a JPEG of about 470 KB at quality 85,
 * as a newsroom's camera pictures come): detail at every scale, mostly in brightness as in real
 * scenes (sky, then blocks with hard edges over textured ground), made the same every time from
 * a seed. The generated stories' pictures (bench/stories.ts) are flat shapes that any encoder
 * shrinks to a few kilobytes; this one tells what a reader's phone downloads.
 */
import sharp from 'sharp';

const WIDTH = 1600;
const HEIGHT = 900;
/** Brightness noise: [cell size in pixels, amplitude], coarse to fine, about 1/f as in photographs. */
const DETAIL = [
  [160, 70],
  [40, 45],
  [10, 35],
  [3, 28],
  [1, 20],
] as const;
const SKY = [150, 175, 205];
const GROUND = [95, 90, 70];

/** mulberry32: a small seeded generator, so every run draws the same picture. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random values on a grid of `cell`-pixel cells, smoothly enlarged to the whole picture. */
async function noise(random: () => number, cell: number, channels: 1 | 3): Promise<Buffer> {
  const width = Math.ceil(WIDTH / cell);
  const height = Math.ceil(HEIGHT / cell);
  const values = Buffer.alloc(width * height * channels);
  for (let index = 0; index < values.length; index += 1) values[index] = Math.floor(random() * 256);
  return sharp(values, { raw: { width, height, channels } })
    .resize(WIDTH, HEIGHT, { kernel: 'cubic', fit: 'fill' })
    .raw()
    .toBuffer();
}

/** Rectangles of one grey each below the horizon (0 where there is none): the scene's hard edges. */
function blocks(random: () => number): Uint8Array {
  const grey = new Uint8Array(WIDTH * HEIGHT);
  for (let block = 0; block < 60; block += 1) {
    const left = Math.floor(random() * WIDTH);
    const top = Math.floor(HEIGHT * (0.35 + random() * 0.65));
    const right = Math.min(WIDTH, left + 20 + Math.floor(random() * 220));
    const bottom = Math.min(HEIGHT, top + 20 + Math.floor(random() * 300));
    const value = 1 + Math.floor(random() * 255);
    for (let y = top; y < bottom; y += 1) grey.fill(value, y * WIDTH + left, y * WIDTH + right);
  }
  return grey;
}

export async function drawPhotograph(path: string, seed: number): Promise<void> {
  const random = seededRandom(seed);
  const detail = await Promise.all(DETAIL.map(([cell]) => noise(random, cell, 1)));
  const tint = await noise(random, 120, 3);
  const scene = blocks(random);
  const pixels = Buffer.alloc(WIDTH * HEIGHT * 3);
  for (let pixel = 0; pixel < WIDTH * HEIGHT; pixel += 1) {
    const depth = Math.floor(pixel / WIDTH) / HEIGHT;
    let brightness = 0;
    DETAIL.forEach(([, amplitude], layer) => (brightness += ((detail[layer]![pixel]! - 128) / 128) * amplitude));
    const block = scene[pixel]!;
    for (let channel = 0; channel < 3; channel += 1) {
      const base =
        block === 0 ? SKY[channel]! * (1 - depth) + GROUND[channel]! * depth : block * 0.6 + GROUND[channel]! * 0.4;
      const value = base + brightness + ((tint[pixel * 3 + channel]! - 128) / 128) * 18;
      pixels[pixel * 3 + channel] = Math.max(0, Math.min(255, Math.round(value)));
    }
  }
  await sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .jpeg({ quality: 85 })
    .toFile(path);
}
