/** What RESULTS.md says about a run: when, at which commit, on which machine and tools. */
import { cpus, totalmem } from 'node:os';
import { commandOutput } from './lib.ts';
import { fixed } from './report.ts';

export interface Machine {
  cpu: string;
  memory: string;
  os: string;
  node: string;
  wrk: string;
  nginx: string;
}

export interface RunDescription {
  machine: Machine;
  date: string;
  commit: string;
}

export function describeRun(): RunDescription {
  const commit = commandOutput('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = commandOutput('git', ['status', '--porcelain', '--untracked-files=no']) !== '';
  const machine = {
    cpu: `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores`,
    memory: `${fixed(totalmem() / 2 ** 30, 1)} GiB`,
    os: commandOutput('sh', ['-c', '. /etc/os-release && echo "$PRETTY_NAME"; uname -r']).replace('\n', ', kernel '),
    node: process.version,
    wrk: commandOutput('sh', ['-c', 'wrk -v 2>&1 | head -1']),
    nginx: commandOutput('sh', ['-c', 'nginx -v 2>&1']),
  };
  return {
    machine,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit: `${commit}${dirty ? ' (with uncommitted changes in the working tree)' : ''}`,
  };
}
