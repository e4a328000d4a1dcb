/**
 * The server process's memory settings (issue 14: at most 300 MiB resident after the bench),
 * given by re-executing the process (scripts/start.ts) because each is read only as it starts.
 *
 * - MALLOC_MMAP_THRESHOLD_: glibc keeps the 19 MiB each argon2id hash allocates (password.ts) in
 *   its per-thread arenas once freed, about 120 MiB more after a burst of sign-ins; from 1 MiB up,
 *   allocations are mapped and so returned on free (https://man7.org/linux/man-pages/man3/mallopt.3.html).
 *   The build the server spawns inherits it.
 * - --max-semi-space-size=16: V8 grows the young generation to 2 × 64 MiB under load and keeps
 *   it; 2 × 16 MiB hold a request's short-lived objects as well.
 * - --max-old-space-size=1536: after each full collection V8 lets the old generation grow to a
 *   multiple of what survived before the next, 4 × when the heap limit is 2 GiB or more (its
 *   default on a machine with 16 GiB or more), 1.8 × at 1.5 GiB, 1.6 × at 1 GiB
 *   (https://github.com/v8/v8/blob/main/src/heap/memory-controller.cc, MaxGrowingFactor). The
 *   server keeps 35 to 60 MiB alive, so by the end of the bench the old generation held 228 MiB,
 *   190 of them garbage. At 1 GiB the limit sat so close to what survives that 5 s of comment
 *   section reads ran 16 to 20 full collections and read throughput fell by a fifth; at 1.5 GiB,
 *   3 or 4, as with no limit within noise. 1.5 GiB is also the most the heap may hold, and a
 *   process that reaches it fails; the thread cache, the largest thing kept, stops at 64 MiB.
 * - --expose-gc: for memory-reducer.ts, which collects once the server falls quiet.
 *
 * An operator's own value of either V8 flag, in NODE_OPTIONS or on the command line, is kept.
 */

/** The new process's command line and environment, or null when the settings are in place or cannot be. */
export function memorySettingsCommand(current: {
  platform: NodeJS.Platform;
  execPath: string;
  execArgv: readonly string[];
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
}): { args: string[]; env: NodeJS.ProcessEnv } | null {
  if (current.platform !== 'linux') return null;
  const given = [...current.execArgv, ...(current.env.NODE_OPTIONS ?? '').split(/\s+/)].map(flagName);
  const flags = ['--max-semi-space-size=16', '--max-old-space-size=1536', '--expose-gc'].filter(
    (flag) => !given.includes(flagName(flag)),
  );
  const threshold = current.env.MALLOC_MMAP_THRESHOLD_;
  if (flags.length === 0 && threshold !== undefined) return null;
  return {
    args: [current.execPath, ...flags, ...current.execArgv, ...current.argv.slice(1)],
    env: { ...current.env, MALLOC_MMAP_THRESHOLD_: threshold ?? String(1024 * 1024) },
  };
}

/** `--max_old_space_size=2048` → `--max-old-space-size`: V8 reads `_` and `-` alike. */
function flagName(argument: string): string {
  return argument.split('=')[0]!.replaceAll('_', '-');
}
