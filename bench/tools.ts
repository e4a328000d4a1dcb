/** The programs the benchmark runs besides Node, installed from Debian when missing. */
import { spawnSync } from 'node:child_process';
import { fail, progress } from './lib.ts';

export function ensureTools(): void {
  const missing = [
    ['wrk', 'wrk'],
    ['nginx', 'nginx'],
    ['/usr/bin/time', 'time'],
  ].filter(([binary]) => spawnSync('sh', ['-c', `command -v ${binary}`]).status !== 0);
  if (missing.length === 0) return;
  const packages = missing.map(([, name]) => name!);
  progress('setup', `installing ${packages.join(', ')} from Debian`);
  const install = spawnSync(
    'sh',
    ['-c', `apt-get install -y ${packages.join(' ')} || (apt-get update && apt-get install -y ${packages.join(' ')})`],
    {
      stdio: 'inherit',
    },
  );
  if (install.status !== 0) fail(`could not install ${packages.join(', ')}`);
}
