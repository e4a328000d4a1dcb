/**
 * Gives memory back once the server falls quiet after a burst, as V8's memory reducer does in a
 * browser tab (https://github.com/v8/v8/blob/main/src/heap/memory-reducer.cc); in this process
 * it never acted: after the bench the heap kept its size for minutes. V8 collects when the old
 * generation reaches its limit and keeps the pages and the young generation it grew to; a full
 * collection that reduces the footprint compacts the one and shrinks the other. After the
 * bench's server scenarios (issue 14), 5 to 10 s later, it took 92 ms and the server went from
 * 248 to 157 MiB resident with a 1 GiB heap limit, from 271 to 159 MiB with 1.5 GiB
 * (memory-settings.ts).
 *
 * Every 5 s: when the event loop was busy less than 5% of that time and the heap has grown by
 * 16 MiB or more since the last such collection (or the start), one runs. It holds the event
 * loop, so it never runs under load; a quiet server with nothing to give back is left alone.
 */
import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

const intervalMilliseconds = 5_000;
const quietUtilization = 0.05;
const growthBytes = 16 * 1024 * 1024;

export interface MemoryProbe {
  /** The share of the time since the last call the event loop was busy, 0 to 1. */
  busyShare(): number;
  /** Bytes the JavaScript heap holds from the system. */
  heapBytes(): number;
  /** A full collection that reduces the heap's footprint. */
  collect(): void;
}

export interface MemoryReducer {
  stop(): void;
}

/** The process's own probe, or null when V8's collector is not exposed (started without --expose-gc). */
export function processMemoryProbe(): MemoryProbe | null {
  const gc = (globalThis as { gc?: (options: object) => void }).gc;
  if (gc === undefined) return null;
  let last = performance.eventLoopUtilization();
  return {
    busyShare: () => {
      const now = performance.eventLoopUtilization();
      const share = performance.eventLoopUtilization(now, last).utilization;
      last = now;
      return share;
    },
    heapBytes: () => getHeapStatistics().total_heap_size,
    collect: () => gc({ type: 'major', execution: 'sync', flavor: 'last-resort' }),
  };
}

export function startMemoryReducer(probe: MemoryProbe): MemoryReducer {
  let baseline = probe.heapBytes();
  const timer = setInterval(() => {
    const quiet = probe.busyShare() < quietUtilization;
    if (!quiet || probe.heapBytes() < baseline + growthBytes) return;
    probe.collect();
    baseline = probe.heapBytes();
  }, intervalMilliseconds);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
