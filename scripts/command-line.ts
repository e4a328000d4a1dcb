/** How the npm scripts stop on a wrong argument or setting: the reason on stderr, a non-zero exit code. */
import { readServerConfig, type ServerConfig } from '../src/server/app/config.ts';

export type Fail = (message: string) => never;

/** A `fail` that says its message on stderr and ends the command with `exitCode`. */
export function failingWith(exitCode: number): Fail {
  return (message) => {
    console.error(message);
    process.exit(exitCode);
  };
}

/** The server's settings from the environment; a wrong one ends the command through `fail`, saying which. */
export function readConfigOr(fail: Fail): ServerConfig {
  try {
    return readServerConfig(process.env);
  } catch (error) {
    return fail((error as Error).message);
  }
}
