/** 5. Building generated stories with `astro build`: time and peak memory, with nothing else of ours running. */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { commandOutput, fail, median, progress, projectDir } from '../lib.ts';
import { fixed, type Report } from '../report.ts';
import { RUNS } from '../settings.ts';
import { generateStories } from '../stories.ts';

// Inside the project, because a build outside it cannot resolve `node_modules`.
const outDir = join('.tmp', 'bench-build');
const cacheDir = join('.tmp', 'bench-build-cache');

export async function measureBuild(report: Report, size: number, workDir: string): Promise<void> {
  const contentDir = join(workDir, `stories-${size}`);
  await generateStories(contentDir, size);
  const seconds: number[] = [];
  const peaks: number[] = [];
  // A cache of its own, emptied before each run: every picture is made, as in a first build.
  const env = { ...process.env, CONTENT_DIR: contentDir, OUT_DIR: outDir, CACHE_DIR: cacheDir };
  report.recordCommand(
    `build ${size}: rm -rf ${cacheDir}; CONTENT_DIR=${contentDir} OUT_DIR=${outDir} CACHE_DIR=${cacheDir} /usr/bin/time -v node_modules/.bin/astro build`,
  );
  for (let run = 1; run <= RUNS; run += 1) {
    removeBuildOutput();
    const result = spawnSync('/usr/bin/time', ['-v', join(projectDir, 'node_modules/.bin/astro'), 'build'], {
      cwd: projectDir,
      env,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    const elapsed = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(result.stderr);
    const peak = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
    if (result.status !== 0 || elapsed === null || peak === null) {
      fail(`astro build of ${size} stories failed:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
    }
    const built = Number(commandOutput('sh', ['-c', `ls ${join(projectDir, outDir, 'client', 'articles')} | wc -l`]));
    if (built < size) fail(`astro build of ${size} stories made only ${built} story pages`);
    seconds.push(Number(elapsed[1] ?? 0) * 3600 + Number(elapsed[2]) * 60 + Number(elapsed[3]));
    peaks.push(Number(peak[1]) / 1024);
    progress(
      'build',
      `${size} stories, run ${run}/${RUNS}: ${fixed(seconds.at(-1)!, 1)} s, peak ${fixed(peaks.at(-1)!)} MiB`,
    );
  }
  const time = median(seconds);
  report.addRow(
    `Build, ${fixed(size)} stories with pictures, none cached (s; stories/s; peak memory)`,
    `${fixed(time, 1)} s; ${fixed(size / time, 1)}/s; ${fixed(median(peaks))} MiB`,
    size === 1000 ? '< 120 s' : '',
    size === 1000 ? `${fixed(time / 120, 2)} ×` : '',
    size === 1000 ? (time < 120 ? '✅' : '❌') : '',
  );
}

export function removeBuildOutput(): void {
  rmSync(join(projectDir, outDir), { recursive: true, force: true });
  rmSync(join(projectDir, cacheDir), { recursive: true, force: true });
}
