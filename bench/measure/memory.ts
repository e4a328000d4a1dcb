/** 7. The server's resident memory: idle after start, and after every load run. */
import { progress, residentMiB, sleep } from '../lib.ts';
import { fixed, type Report } from '../report.ts';

/** Lets the freshly started server settle, then reads its memory. */
export async function measureIdleMemory(pid: number): Promise<number> {
  await sleep(2000);
  const idleMiB = residentMiB(pid);
  progress('memory', `idle server: ${fixed(idleMiB, 1)} MiB resident`);
  return idleMiB;
}

export function measureMemoryAfterRuns(report: Report, pid: number, idleMiB: number): void {
  const afterMiB = residentMiB(pid);
  report.addRow('Server resident memory, idle after start', `${fixed(idleMiB, 1)} MiB`);
  report.addRow(
    'Server resident memory, after the runs above',
    `${fixed(afterMiB, 1)} MiB`,
    '≤ 300 MiB',
    `${fixed(afterMiB / 300, 2)} ×`,
    afterMiB <= 300 ? '✅' : '❌',
  );
}
