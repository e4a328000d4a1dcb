/** `npm start` as a child process, for tests that need real server processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

export interface ServerProcess {
  origin: string;
  child: ChildProcess;
  /** SIGTERM, then SIGKILL if it has not exited within five seconds. */
  stop(): Promise<void>;
}

const startTimeoutMs = 120_000;

/**
 * Starts `node scripts/start.ts` with `env` over the current environment and resolves once it
 * prints the URL it listens on. The process joins `started` as soon as it is spawned, so a
 * caller's cleanup stops it even when starting fails.
 */
export async function startServerProcess(
  projectDir: string,
  env: Record<string, string>,
  started: ServerProcess[],
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [join(projectDir, 'scripts/start.ts')], {
    cwd: projectDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server: ServerProcess = { origin: '', child, stop: () => stopProcess(child) };
  started.push(server);
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start in time:\n${output}`)), startTimeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = / is running at (http:\/\/\S+?)\/?$/m.exec(output)?.[1];
      if (url !== undefined) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited with code ${code} before it listened:\n${output}`));
    });
  });
  child.stdout.resume();
  return server;
}

/** SIGTERM, then SIGKILL after 5 s if the process is still there. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
