/** Writes bench/RESULTS.md: the run, its table, notes and commands. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from './report.ts';
import type { RunDescription } from './run-description.ts';
import { SECONDS } from './settings.ts';

const resultsPath = join(import.meta.dirname, 'RESULTS.md');

export function writeResults(report: Report, run: RunDescription): void {
  const table = [
    '| What | Figure (median of 3) | Target | Ratio | Met |',
    '| ---- | -------------------- | ------ | ----- | --- |',
    ...report.rows.map(
      (entry) => `| ${entry.what} | ${entry.figure} | ${entry.target} | ${entry.ratio} | ${entry.verdict} |`,
    ),
  ].join('\n');
  const previous = existsSync(resultsPath) ? readFileSync(resultsPath, 'utf8') : '';
  // The analysis under "## Notes" is written by people; a run replaces everything above it.
  const analysis = previous.includes('\n## Notes\n')
    ? previous.slice(previous.indexOf('\n## Notes\n') + 1)
    : '## Notes\n';
  const text = `# Benchmark results

Written by \`npm run bench\` (bench/run.ts). References and targets: issue 6.

- Date: ${run.date}
- Commit: ${run.commit}
- Machine: ${run.machine.cpu}, ${run.machine.memory}; ${run.machine.os}
- Node ${run.machine.node}; ${run.machine.wrk}; ${run.machine.nginx}
- Each load run: ${SECONDS} s after a warm-up; client and server share the machine's cores.

${table}

${report.notes.map((note) => `- ${note}`).join('\n')}

## Commands

\`\`\`sh
${report.commands.join('\n')}
\`\`\`

${analysis}`;
  writeFileSync(resultsPath, text);
}
