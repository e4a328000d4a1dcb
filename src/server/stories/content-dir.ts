import { resolve } from 'node:path';

/** The folder whose articles/ the site is built from: content/, or CONTENT_DIR (tests and benchmarks build fixtures). */
export function contentDir(projectDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(projectDir, env.CONTENT_DIR ?? 'content');
}
