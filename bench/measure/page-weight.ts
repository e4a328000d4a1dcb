/** 6. The story page's weight: its HTML and the CSS and JS it links, raw and gzipped, from the build's client/. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fail } from '../lib.ts';
import { fixed, kilobytes, type Report } from '../report.ts';
import { DIST_DIR, STORY } from '../settings.ts';

export function measurePageWeight(report: Report): void {
  const client = join(DIST_DIR, 'client');
  const html = readFileSync(join(client, 'articles', STORY, 'index.html'));
  const text = html.toString('utf8');
  const linked = (tag: RegExp, attribute: string): Buffer[] =>
    [...text.matchAll(tag)].map((match) => {
      const address = new RegExp(`\\s${attribute}="?([^"\\s>]+)`).exec(match[0])?.[1];
      if (address === undefined) fail(`the story page's ${match[0]} names no file`);
      return readFileSync(join(client, address.split('?')[0]!));
    });
  // Every stylesheet the page loads, whatever the order of the link's attributes.
  const css = linked(/<link\b[^>]*\srel="?stylesheet"?[^>]*>/g, 'href');
  const js = linked(/<script\b[^>]*\ssrc=[^>]*>/g, 'src');
  if (css.length === 0) fail('the story page links no stylesheet: the weight would leave its CSS out');
  const sizes = (files: readonly Buffer[]): { raw: number; gzip: number } => ({
    raw: files.reduce((sum, file) => sum + file.length, 0),
    gzip: files.reduce((sum, file) => sum + gzipSync(file, { level: 9 }).length, 0),
  });
  const h = sizes([html]);
  const c = sizes(css);
  const j = sizes(js);
  report.addRow('Story page HTML (raw / gzip)', `${kilobytes(h.raw)} / ${kilobytes(h.gzip)}`);
  report.addRow(`Story page CSS, ${css.length} file(s) (raw / gzip)`, `${kilobytes(c.raw)} / ${kilobytes(c.gzip)}`);
  report.addRow(`Story page JS, ${js.length} file(s) (raw / gzip)`, `${kilobytes(j.raw)} / ${kilobytes(j.gzip)}`);
  report.addRow(
    'Story page HTML + CSS before compression',
    kilobytes(h.raw + c.raw),
    '< 30 KB',
    `${fixed((h.raw + c.raw) / (30 * 1024), 2)} ×`,
    h.raw + c.raw < 30 * 1024 ? '✅' : '❌',
  );
}
