/** 6. The story page's weight: its HTML and the CSS and JS it links, raw and gzipped, from the build's client/. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fixed, kilobytes, type Report } from '../report.ts';
import { DIST_DIR, STORY } from '../settings.ts';

export function measurePageWeight(report: Report): void {
  const client = join(DIST_DIR, 'client');
  const html = readFileSync(join(client, 'articles', STORY, 'index.html'));
  const text = html.toString('utf8');
  const linked = (pattern: RegExp): Buffer[] =>
    [...text.matchAll(pattern)].map((match) => readFileSync(join(client, match[1]!.split('?')[0]!)));
  const css = linked(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g);
  const js = linked(/<script[^>]+src="([^"]+)"/g);
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
