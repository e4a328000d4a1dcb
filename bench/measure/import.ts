/**
 * `comments:import` of a generated Disqus export: the wall time of the whole command (reading the
 * file, one transaction, the commit) into a fresh SQLite database. The export is written at bench
 * time, not kept: 100,000 comments is some 60 MB of XML.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { fail, projectDir } from '../lib.ts';

const FIRST_NAMES = ['Zoë', 'Søren', 'José', 'Ana', 'Ben', 'Ingrid', 'Ahmed', 'Mary', '李', 'Chloé', 'Łukasz', 'Priya'];
const LAST_NAMES = ['Müller', 'Ågård', 'Ñúñez', 'Silva', "O'Brien", 'Bjørnstad', 'Al-Farsi', 'Kowalski', '小龙', 'Rao'];
const BODY =
  '<p>The council said the figures were final, but the <b>appendix</b> tells another story &amp; ' +
  'nobody has explained the gap.</p><p>See <a href="https://example.org/report.pdf" rel="nofollow">the report</a>' +
  '<br>page 12 in particular.</p>';

export interface ImportExportSize {
  comments: number;
  threads: number;
  authors: number;
}

export interface ImportMeasurement {
  seconds: number;
  fileMiB: number;
  summary: string;
  command: string;
}

/** Writes the stories the threads map onto and a Disqus export of `size`; returns the file's path. */
export async function generateDisqusExport(workDir: string, size: ImportExportSize): Promise<string> {
  const articles = join(workDir, 'site', 'articles');
  mkdirSync(articles, { recursive: true });
  for (let thread = 1; thread <= size.threads; thread += 1) {
    writeFileSync(join(articles, `story-${thread}.mdx`), `---\ntitle: "Story ${thread}"\n---\n\nText.\n`);
  }
  const path = join(workDir, 'disqus-export.xml');
  const out = createWriteStream(path);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(
    '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" ' +
      'xmlns:dsq="http://disqus.com/disqus-internals">\n',
  );
  for (let thread = 1; thread <= size.threads; thread += 1) {
    await write(
      `  <thread dsq:id="t${thread}">\n    <id>story-${thread}</id>\n` +
        `    <link>https://old.example.com/articles/story-${thread}/</link>\n    <title>Story ${thread}</title>\n` +
        `    <createdAt>2018-01-01T00:00:00Z</createdAt>\n    <isDeleted>false</isDeleted>\n  </thread>\n`,
    );
  }
  const perThread = Math.ceil(size.comments / size.threads);
  const start = Date.UTC(2018, 0, 2) / 1000;
  for (let index = 0; index < size.comments; index += 1) {
    const thread = (index % size.threads) + 1;
    const inThread = Math.floor(index / size.threads);
    // Two in five reply to an earlier comment of the same thread, one of the last few.
    const parent = inThread > 0 && index % 5 < 2 ? index - size.threads * (1 + (index % Math.min(inThread, 4))) : null;
    const author = index % size.authors;
    const name = `${FIRST_NAMES[author % FIRST_NAMES.length]} ${LAST_NAMES[author % LAST_NAMES.length]} ${author}`;
    const created = new Date((start + index * 60) * 1000).toISOString().replace('.000', '');
    await write(
      `  <post dsq:id="p${index}">\n    <id />\n    <message><![CDATA[${BODY}<p>Comment ${index} of ${perThread * size.threads}.</p>]]></message>\n` +
        `    <createdAt>${created}</createdAt>\n    <isDeleted>${index % 100 === 7}</isDeleted>\n` +
        `    <isSpam>${index % 50 === 3}</isSpam>\n    <author>\n      <email>reader${author}@example.com</email>\n` +
        `      <name>${name.replace('&', '&amp;')}</name>\n      <isAnonymous>false</isAnonymous>\n` +
        `      <username>reader${author}</username>\n    </author>\n    <thread dsq:id="t${thread}" />\n` +
        (parent === null ? '' : `    <parent dsq:id="p${parent}" />\n`) +
        '  </post>\n',
    );
  }
  out.end('</disqus>\n');
  await once(out, 'finish');
  return path;
}

/** Runs `npm run comments:import` (as node scripts/comments-import.ts) on `file` into a fresh DATA_DIR. */
export function measureImport(workDir: string, file: string): ImportMeasurement {
  const dataDir = join(workDir, 'data');
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, CONTENT_DIR: join(workDir, 'site') };
  delete env.DATABASE_URL;
  const started = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    [join(projectDir, 'scripts/comments-import.ts'), '--from', 'disqus', file],
    {
      cwd: projectDir,
      env,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) fail(`comments:import failed:\n${result.stdout}\n${result.stderr}`);
  return {
    seconds,
    fileMiB: statSync(file).size / (1024 * 1024),
    summary: result.stdout.trim(),
    command: `DATA_DIR=${dataDir} CONTENT_DIR=${join(workDir, 'site')} node scripts/comments-import.ts --from disqus ${file}`,
  };
}
