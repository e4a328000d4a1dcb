import assert from 'node:assert/strict';
import test from 'node:test';
import { hashPassword, verifyPasswordHash } from '../../src/server/accounts/password.ts';

// From the Argon2 reference implementation's tests (phc-winner-argon2, src/test.c).
const referenceHash = '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc';

test('a password is stored as an argon2id PHC string with the OWASP parameters', async () => {
  const hash = await hashPassword('correct horse battery staple');
  assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=3,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
});

test('the right password verifies and a wrong one does not', async () => {
  const hash = await hashPassword('correct horse battery staple');
  assert.equal(await verifyPasswordHash(hash, 'correct horse battery staple'), true);
  assert.equal(await verifyPasswordHash(hash, 'correct horse battery stapl'), false);
  assert.equal(await verifyPasswordHash(hash, 'Correct horse battery staple'), false);
  assert.equal(await verifyPasswordHash(hash, ''), false);
});

test('the same password hashes differently each time', async () => {
  const first = await hashPassword('same password');
  const second = await hashPassword('same password');
  assert.notEqual(first, second);
});

test('passwords beyond ASCII verify byte for byte', async () => {
  const hash = await hashPassword('pässwörd 🔑 密码');
  assert.equal(await verifyPasswordHash(hash, 'pässwörd 🔑 密码'), true);
  assert.equal(await verifyPasswordHash(hash, 'passwörd 🔑 密码'), false);
});

test('a hash made by the reference implementation verifies', async () => {
  assert.equal(await verifyPasswordHash(referenceHash, 'password'), true);
  assert.equal(await verifyPasswordHash(referenceHash, 'passwore'), false);
});

test('a tag altered in one character is refused', async () => {
  const hash = await hashPassword('correct horse battery staple');
  const last = hash.at(-2) === 'A' ? 'B' : 'A';
  const tampered = `${hash.slice(0, -2)}${last}${hash.slice(-1)}`;
  assert.equal(await verifyPasswordHash(tampered, 'correct horse battery staple'), false);
});

test('malformed hashes are refused without throwing', async () => {
  const valid = await hashPassword('correct horse battery staple');
  const malformed = [
    '',
    'not a hash',
    valid.replace('$argon2id$', '$argon2i$'),
    valid.replace('$v=19$', '$v=16$'),
    valid.replace('m=19456', 'm=0'),
    valid.replace('m=19456', 'm=99999999'),
    valid.replace('t=3', 't=0'),
    valid.replace('p=1', 'p=0'),
    valid.replace(/\$[^$]+$/, '$'),
    valid.replace(/\$[^$]+$/, '$!!!notbase64!!!'),
    `${valid}=`,
    `${valid}$extra`,
    valid.replace(/\$[^$]+\$([^$]+)$/, '$A$$1'),
    '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPd',
  ];
  for (const hash of malformed) {
    assert.equal(await verifyPasswordHash(hash, 'correct horse battery staple'), false, hash);
  }
});

test('many hashes requested at once all complete', async () => {
  const hashes = await Promise.all(Array.from({ length: 6 }, (_, i) => hashPassword(`password ${i}`)));
  const checks = await Promise.all(hashes.map((hash, i) => verifyPasswordHash(hash, `password ${i}`)));
  assert.deepEqual(checks, [true, true, true, true, true, true]);
});
