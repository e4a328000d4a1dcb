import assert from 'node:assert/strict';
import test from 'node:test';
import { processMemoryProbe, startMemoryReducer, type MemoryProbe } from '../../src/server/app/memory-reducer.ts';

const MiB = 1024 * 1024;

/** A process whose business and heap the test sets, counting the collections asked for. */
function fakeProcess(heapMiB: number): MemoryProbe & { busy: number; heap: number; collections: number } {
  const probe = {
    busy: 0,
    heap: heapMiB * MiB,
    collections: 0,
    busyShare: () => probe.busy,
    heapBytes: () => probe.heap,
    collect: () => {
      probe.collections += 1;
      probe.heap = 40 * MiB;
    },
  };
  return probe;
}

test('once the server falls quiet after its heap grew, one full collection gives the memory back', (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  const server = fakeProcess(60);
  const reducer = startMemoryReducer(server);
  t.after(() => reducer.stop());

  server.busy = 0.9;
  server.heap = 200 * MiB;
  t.mock.timers.tick(5_000);
  assert.equal(server.collections, 0, 'never under load');

  server.busy = 0.01;
  t.mock.timers.tick(5_000);
  assert.equal(server.collections, 1);
  assert.equal(server.heap, 40 * MiB);

  t.mock.timers.tick(60_000);
  assert.equal(server.collections, 1, 'a quiet server with nothing to give back is left alone');
});

test('a heap that grew by less than 16 MiB is not collected, however quiet the server', (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  const server = fakeProcess(60);
  const reducer = startMemoryReducer(server);
  t.after(() => reducer.stop());
  server.heap = 75 * MiB;
  t.mock.timers.tick(60_000);
  assert.equal(server.collections, 0);
  server.heap = 76 * MiB;
  t.mock.timers.tick(5_000);
  assert.equal(server.collections, 1);
});

test('a stopped reducer collects nothing', (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  const server = fakeProcess(60);
  startMemoryReducer(server).stop();
  server.heap = 300 * MiB;
  t.mock.timers.tick(60_000);
  assert.equal(server.collections, 0);
});

test('a process started without --expose-gc has no probe, so no reducer', () => {
  assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined');
  assert.equal(processMemoryProbe(), null);
});
