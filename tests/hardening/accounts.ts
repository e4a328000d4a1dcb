/**
 * Part: accounts (issues 11.5, 11.7, 11.9 and 12.4), attacked over HTTP as the review did.
 * - Rendering: 60 KB comment bodies of bracket-stuffed addresses against 60 KB of ordinary text
 *   (tests/unit/rendering-cost.ts), as a ratio of medians.
 * - Lockout: an attacker's wrong passwords from one address must not keep the owner out at
 *   another; the attacker stays limited.
 * - Sign-up: a password holding the username is refused.
 * - IPv6: one /64 is one client to the sign-up limit. The rate_limits table stays small whatever
 *   names are typed, and housekeeping empties it once the rows are stale.
 * - Two-factor codes: after the right password, guessed codes are checked at most
 *   TWO_FACTOR_ATTEMPTS at once, then refused.
 * - Password reset (issue 13.8): the answer, and its time, are the same whether or not an account
 *   has the address; a fourth request for one address within 10 minutes is refused, from any address.
 * - The log: one line per sign-in attempt, never holding a password.
 * Client addresses come from X-Forwarded-For, the server trusting 127.0.0.1 as its proxy.
 */
import { generateHOTP } from '@oslojs/otp';
import { enableTwoFactor, generateTotpKey } from '../../src/server/accounts/two-factor.ts';
import { cleanUpStaleRows } from '../../src/server/app/housekeeping.ts';
import { worstRenderingCost } from '../unit/rendering-cost.ts';
import { Figures, PASSWORD, seedReader, send, startSite, type Site } from './harness.ts';

const figures = new Figures();

const { ordinary, worst } = worstRenderingCost(5);
figures.figure(
  `rendering: the slowest 60 KB adversarial body (${worst.name}) takes ${worst.ratio.toFixed(1)} times ` +
    `an ordinary one (${worst.milliseconds.toFixed(1)} ms against ${ordinary.toFixed(2)} ms; at most 5)`,
  worst.ratio < 5,
);

// The server's sign-in log lines are kept for the last figure rather than printed.
const logged: string[] = [];
const writeStdout = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
  const lines = (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')).split('\n');
  const isLogLine = (line: string): boolean => / sign-in (succeeded|failed|refused) /.test(line);
  logged.push(...lines.filter(isLogLine));
  const others = lines.filter((line) => !isLogLine(line)).join('\n');
  return others === '' ? true : writeStdout(others, ...rest);
}) as typeof process.stdout.write;

const site = await startSite('accounts', { TRUSTED_PROXY: '127.0.0.1' });

/** A form POST from the client address `from`, as the proxy reports it. */
function form(target: Site, path: string, fields: Record<string, string>, from: string, cookie?: string) {
  return send(`${target.url}${path}`, {
    method: 'POST',
    headers: {
      Origin: target.origin,
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Forwarded-For': from,
      ...(cookie === undefined ? {} : { Cookie: cookie }),
    },
    body: new URLSearchParams({ ...fields, return_to: '/' }).toString(),
  });
}

// Lockout.
const owner = await seedReader(site.services.db, 'owner');
const attackerStatuses: number[] = [];
for (let guess = 0; guess < 12; guess += 1) {
  const answer = await form(site, 'login/', { username: 'owner', password: `guess ${guess}` }, '198.51.100.66');
  attackerStatuses.push(answer.status);
}
const ownerAnswer = await form(site, 'login/', { username: owner.username, password: PASSWORD }, '192.0.2.10');
const attackerRight = await form(site, 'login/', { username: 'owner', password: PASSWORD }, '198.51.100.66');
const guessesChecked = attackerStatuses.filter((status) => status === 400).length;
figures.figure(
  `lockout: 12 wrong passwords from one address had ${guessesChecked} checked and ${attackerStatuses.length - guessesChecked} ` +
    `refused; the owner at another address then got ${ownerAnswer.status} (303 wanted), the attacker with the right ` +
    `password ${attackerRight.status} (429 wanted)`,
  guessesChecked === 5 &&
    attackerStatuses.slice(5).every((status) => status === 429) &&
    ownerAnswer.status === 303 &&
    attackerRight.status === 429,
);

// A password holding the username.
const weak = await form(site, 'signup/', { username: 'JaneDoe42', password: 'my name is janedoe42' }, '192.0.2.20');
const weakRefused = weak.status === 400 && weak.text.includes('Your password must not contain your username.');
figures.figure(
  `sign-up: a password containing the username answered ${weak.status} (400 with the reason wanted)`,
  weakRefused,
);

// IPv6: addresses of one /64 share the sign-up limit of three at once.
const network = [];
for (const host of ['::1', '::2', '::abcd:1', ':ffff:ffff:ffff:fffe']) {
  const answer = await form(
    site,
    'signup/',
    { username: `v6_${network.length}`, password: PASSWORD },
    `2001:db8:0:7${host}`,
  );
  network.push(answer.status);
}
const nextNetwork = await form(site, 'signup/', { username: 'v6_next', password: PASSWORD }, '2001:db8:0:8::1');
figures.figure(
  `IPv6: four sign-ups from one /64 answered ${network.join(', ')} (303, 303, 303, 429 wanted); the next /64 ${nextNetwork.status}`,
  network.join() === '303,303,303,429' && nextNetwork.status === 303,
);

// The rate_limits table: 300 names typed from one address, then housekeeping three hours on.
for (let name = 0; name < 300; name += 1) {
  await form(site, 'login/', { username: `nobody-${name}`, password: 'not a password' }, '203.0.113.99');
}
const rows = Number((await site.services.db.get<{ n: number }>('SELECT count(*) AS n FROM rate_limits'))?.n);
const later = { ...site.services, clock: { now: () => site.services.clock.now() + 3 * 60 * 60 } };
const removed = await cleanUpStaleRows(later);
const left = Number((await site.services.db.get<{ n: number }>('SELECT count(*) AS n FROM rate_limits'))?.n);
figures.figure(
  `rate_limits: 300 typed names from one address left ${rows} rows (at most 200); housekeeping 3 hours on removed ` +
    `${removed.rateLimits}, left ${left}`,
  rows <= 200 && left === 0,
);

// Two-factor codes guessed by someone who has the password.
const careful = await seedReader(site.services.db, 'careful');
const key = generateTotpKey();
const step = Math.floor(site.services.clock.now() / 30);
const codeAt = (at: number): string => generateHOTP(key, BigInt(at), 6);
await enableTwoFactor(site.services.db, careful.id, key, codeAt(step), site.services.clock.now());
const passed = await form(site, 'login/', { username: 'careful', password: PASSWORD }, '198.51.100.77');
const pending = String(passed.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
const valid = new Set([codeAt(step - 1), codeAt(step), codeAt(step + 1), codeAt(step + 2)]);
const guesses = Array.from({ length: 30 }, (_, index) => String(100000 + index)).filter((code) => !valid.has(code));
const codeStatuses: number[] = [];
for (const code of guesses.slice(0, 20)) {
  codeStatuses.push((await form(site, 'login/two-factor/', { code }, '198.51.100.77', pending)).status);
}
const codesChecked = codeStatuses.filter((status) => status === 400).length;
const codesRefused = codeStatuses.filter((status) => status === 429).length;
figures.figure(
  `two-factor: 20 codes guessed after the right password, ${codesChecked} checked, ${codesRefused} refused (at most 5 checked)`,
  String(passed.headers.location).startsWith('/login/two-factor/') &&
    codesChecked <= 5 &&
    codesRefused === 20 - codesChecked,
);

// Password reset: 15 accounts with a confirmed address against 15 addresses nobody has, interleaved.
interface ResetAnswer {
  status: number;
  page: string;
  ms: number;
}
async function askReset(email: string, from: string): Promise<ResetAnswer> {
  const started = performance.now();
  const answer = await form(site, 'forgot-password/', { email }, from);
  return { status: answer.status, page: answer.text.replaceAll(email, 'ADDRESS'), ms: performance.now() - started };
}
const known: string[] = [];
for (let index = 0; index < 15; index += 1) {
  const reader = await seedReader(site.services.db, `resetter${index}`);
  known.push(`resetter${index}@example.org`);
  await site.services.db.run('UPDATE users SET email = ?, email_verified_at = 1 WHERE id = ?', [
    known[index]!,
    reader.id,
  ]);
}
const knownAnswers: ResetAnswer[] = [];
const unknownAnswers: ResetAnswer[] = [];
for (let index = 0; index < known.length; index += 1) {
  knownAnswers.push(await askReset(known[index]!, `198.51.100.${index + 1}`));
  unknownAnswers.push(await askReset(`nobody${index}@example.org`, `198.51.100.${index + 101}`));
}
const middle = (answers: { ms: number }[]): number => answers.map((answer) => answer.ms).sort((a, b) => a - b)[7]!;
const alike = [...knownAnswers, ...unknownAnswers].every(
  (answer) => answer.status === 200 && answer.page === knownAnswers[0]?.page,
);
const ratio = middle(knownAnswers) / middle(unknownAnswers);
const queued = Number((await site.services.db.get<{ n: number }>('SELECT count(*) AS n FROM password_resets'))?.n);
figures.figure(
  `password reset: 15 known and 15 unknown addresses got ${alike ? 'the same page' : 'different pages'}, in a median ` +
    `${middle(knownAnswers).toFixed(1)} ms against ${middle(unknownAnswers).toFixed(1)} ms (within 2 times wanted); ` +
    `${queued} links made (15 wanted)`,
  alike && ratio < 2 && ratio > 0.5 && queued === 15,
);
const repeats: number[] = [];
for (const from of ['203.0.113.1', '203.0.113.2', '203.0.113.3'])
  repeats.push((await askReset(known[0]!, from)).status);
figures.figure(
  `password reset: three more requests for one address from three networks answered ${repeats.join(', ')} (200, 200, 429 wanted)`,
  repeats.join() === '200,200,429',
);

await site.close();
process.stdout.write = writeStdout;

const secrets = [PASSWORD, 'guess 0', 'not a password', 'my name is janedoe42'];
const leaking = logged.filter((line) => secrets.some((secret) => line.includes(secret)));
const ownerLine = logged.some((line) => / sign-in succeeded username="owner" address=192\.0\.2\.10$/.test(line));
figures.figure(
  `sign-in log: ${logged.length} lines for ${12 + 2 + 300 + 1} attempts, ${leaking.length} holding a password`,
  logged.length === 12 + 2 + 300 + 1 && leaking.length === 0 && ownerLine,
);
figures.exit();
