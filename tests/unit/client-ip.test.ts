import assert from 'node:assert/strict';
import test from 'node:test';
import { clientIp, parseTrustedProxies, rateLimitAddress } from '../../src/server/abuse/client-ip.ts';

const forged = { 'x-forwarded-for': '1.2.3.4' };

test('without a trusted proxy the socket address is the client, whatever X-Forwarded-For says', () => {
  assert.equal(clientIp('203.0.113.7', forged, []), '203.0.113.7');
  assert.equal(clientIp('203.0.113.7', {}, []), '203.0.113.7');
});

test('a forged X-Forwarded-For from a peer that is not a trusted proxy changes nothing', () => {
  assert.equal(clientIp('203.0.113.7', forged, ['127.0.0.1']), '203.0.113.7');
});

test('behind a trusted proxy the client is the right-most address no trusted proxy vouches for', () => {
  const headers = { 'x-forwarded-for': '1.2.3.4, 198.51.100.20, 10.0.0.5' };
  assert.equal(clientIp('127.0.0.1', headers, ['127.0.0.1', '10.0.0.0/8']), '198.51.100.20');
  assert.equal(clientIp('127.0.0.1', headers, ['127.0.0.1']), '10.0.0.5');
});

test('several X-Forwarded-For headers are read as one list, from a Headers object too', () => {
  assert.equal(
    clientIp('10.0.0.1', { 'x-forwarded-for': ['1.2.3.4', '198.51.100.20'] }, ['10.0.0.1']),
    '198.51.100.20',
  );
  const headers = new Headers([
    ['X-Forwarded-For', '1.2.3.4'],
    ['X-Forwarded-For', '198.51.100.21'],
  ]);
  assert.equal(clientIp('10.0.0.1', headers, ['10.0.0.1']), '198.51.100.21');
});

test('IPv4-mapped, bracketed and port-carrying forms are read as plain addresses', () => {
  assert.equal(
    clientIp('::ffff:127.0.0.1', { 'x-forwarded-for': '198.51.100.20:5123' }, ['127.0.0.1']),
    '198.51.100.20',
  );
  assert.equal(clientIp('::1', { 'x-forwarded-for': '[2001:DB8::1]:443' }, ['::1']), '2001:db8::1');
  assert.equal(clientIp('::ffff:203.0.113.7', {}, []), '203.0.113.7');
});

test('when the chain breaks or holds only proxies, the nearest address we can vouch for is used', () => {
  assert.equal(clientIp('127.0.0.1', { 'x-forwarded-for': 'not-an-ip' }, ['127.0.0.1']), '127.0.0.1');
  assert.equal(
    clientIp('127.0.0.1', { 'x-forwarded-for': '10.0.0.9, 10.0.0.5' }, ['127.0.0.1', '10.0.0.0/8']),
    '10.0.0.9',
  );
  assert.equal(clientIp('127.0.0.1', {}, ['127.0.0.1']), '127.0.0.1');
});

test('a socket without an address gives no client address', () => {
  assert.equal(clientIp(undefined, forged, ['127.0.0.1']), null);
});

test('trusted proxies are addresses or CIDR ranges, separated by commas', () => {
  assert.deepEqual(parseTrustedProxies(' 127.0.0.1 , 10.0.0.0/8,::1,fd00::/8 '), {
    ok: true,
    proxies: ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8'],
  });
  assert.deepEqual(parseTrustedProxies(''), { ok: true, proxies: [] });
  for (const entry of ['localhost', '10.0.0.0/33', '10.0.0.0/8/1', '300.1.1.1']) {
    assert.deepEqual(parseTrustedProxies(`127.0.0.1,${entry}`), { ok: false, entry });
  }
});

test('the per-address limits count an IPv6 client by its /64 and an IPv4 one by its whole address (issue 12.4)', () => {
  for (const address of ['2001:db8:1:2:3:4:5:6', '2001:DB8:1:2::9', '2001:0db8:0001:0002:ffff:ffff:ffff:ffff']) {
    assert.equal(rateLimitAddress(address), '2001:db8:1:2::/64', address);
  }
  assert.notEqual(rateLimitAddress('2001:db8:1:3::1'), rateLimitAddress('2001:db8:1:2::1'));
  assert.equal(rateLimitAddress('2001:db8::1'), '2001:db8:0:0::/64');
  assert.equal(rateLimitAddress('::1'), '0:0:0:0::/64');
  assert.equal(rateLimitAddress('64:ff9b::192.0.2.1'), '64:ff9b:0:0::/64');
  assert.equal(rateLimitAddress('fe80::1%eth0'), 'fe80:0:0:0::/64');
  assert.equal(rateLimitAddress('203.0.113.7'), '203.0.113.7');
  assert.equal(rateLimitAddress('203.0.113.8'), '203.0.113.8');
  assert.equal(rateLimitAddress('::ffff:203.0.113.7'), '203.0.113.7', 'an IPv4-mapped address stays one IPv4 client');
  assert.equal(rateLimitAddress(clientIp('::ffff:203.0.113.7', {}, [])), '203.0.113.7');
  assert.equal(rateLimitAddress(null), 'unknown');
});
