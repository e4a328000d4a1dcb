/**
 * One line per sign-in attempt for whoever runs the server (issue 11.9; ASVS 16.3.1):
 * `<ISO time> sign-in <succeeded|failed|refused> username="<as typed>" address=<client>`.
 * The name is cut to 64 characters and written as a JSON string with everything outside
 * printable ASCII escaped, so a typed name can neither start a line of its own nor hide behind
 * control or bidi characters. Never the password, never a token:
 * https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html#data-to-exclude
 */

export type SignInLogOutcome = 'succeeded' | 'failed' | 'refused';

export interface SignInLogEntry {
  /** Unix seconds. */
  at: number;
  outcome: SignInLogOutcome;
  username: string;
  address: string | null;
}

/** Where log lines go: stdout in the server, a list in tests. */
export type LogLine = (line: string) => void;

export const logToStdout: LogLine = (line) => {
  process.stdout.write(`${line}\n`);
};

const maxLoggedNameLength = 64;

export function signInLogLine(entry: SignInLogEntry): string {
  const name = [...entry.username].slice(0, maxLoggedNameLength).join('');
  const quoted = JSON.stringify(name).replace(
    /[^\x20-\x7e]/g,
    (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  const time = new Date(entry.at * 1000).toISOString();
  return `${time} sign-in ${entry.outcome} username=${quoted} address=${entry.address ?? 'unknown'}`;
}
