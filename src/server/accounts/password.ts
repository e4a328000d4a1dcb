/**
 * Password hashing with argon2id at the OWASP minimum (19 MiB, 3 passes, 1 lane):
 * https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id
 * Hashes are stored as PHC strings, so their parameters travel with them:
 * https://github.com/P-H-C/phc-string-format/blob/master/phc-sf-spec.md
 */
import { argon2 } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeBase64IgnorePadding, encodeBase64NoPadding } from '@oslojs/encoding';

interface Cost {
  memory: number;
  passes: number;
  parallelism: number;
}

interface ParsedHash extends Cost {
  salt: Uint8Array;
  tag: Uint8Array;
}

const currentCost: Cost = { memory: 19456, passes: 3, parallelism: 1 };
const saltLength = 16;
const tagLength = 32;

const phcPattern =
  /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{11,86})\$([A-Za-z0-9+/]{22,86})$/;
const maxMemory = 1024 * 1024;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(saltLength));
  const tag = await deriveTag(password, salt, currentCost, tagLength);
  return `$argon2id$v=19$m=${currentCost.memory},t=${currentCost.passes},p=${currentCost.parallelism}$${encodeBase64NoPadding(salt)}$${encodeBase64NoPadding(tag)}`;
}

/** False for a wrong password and for a hash that is not a PHC argon2id string. */
export async function verifyPasswordHash(hash: string, password: string): Promise<boolean> {
  const parsed = parseHash(hash);
  if (parsed === null) {
    return false;
  }
  try {
    const tag = await deriveTag(password, parsed.salt, parsed, parsed.tag.byteLength);
    return constantTimeEqual(tag, parsed.tag);
  } catch {
    return false;
  }
}

function parseHash(hash: string): ParsedHash | null {
  const match = phcPattern.exec(hash);
  if (match === null) {
    return null;
  }
  const [, memory, passes, parallelism, salt, tag] = match;
  const parsed = { memory: Number(memory), passes: Number(passes), parallelism: Number(parallelism) };
  if (parsed.parallelism < 1 || parsed.passes < 1 || parsed.memory < 8 * parsed.parallelism) {
    return null;
  }
  if (parsed.memory > maxMemory) {
    return null;
  }
  try {
    return { ...parsed, salt: decodeBase64IgnorePadding(salt), tag: decodeBase64IgnorePadding(tag) };
  } catch {
    return null;
  }
}

function deriveTag(password: string, salt: Uint8Array, cost: Cost, length: number): Promise<Uint8Array> {
  return withHashSlot(
    () =>
      new Promise((resolve, reject) => {
        const parameters = {
          message: password,
          nonce: salt,
          memory: cost.memory,
          passes: cost.passes,
          parallelism: cost.parallelism,
          tagLength: length,
        };
        argon2('argon2id', parameters, (error, tag) => {
          if (error === null) {
            resolve(tag);
          } else {
            reject(error);
          }
        });
      }),
  );
}

// Each hash holds 19 MiB and a core; beyond one per core, extra hashes only queue in libuv.
const maxConcurrentHashes = availableParallelism();
let runningHashes = 0;
const waitingHashes: (() => void)[] = [];

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (runningHashes < maxConcurrentHashes) {
    runningHashes++;
  } else {
    await new Promise<void>((resolve) => waitingHashes.push(resolve));
  }
  try {
    return await work();
  } finally {
    const next = waitingHashes.shift();
    if (next === undefined) {
      runningHashes--;
    } else {
      next();
    }
  }
}
