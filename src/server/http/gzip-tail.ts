/**
 * A gzip answer made of a long head compressed once and a short tail that differs per request.
 * The head's deflate blocks end in a sync flush (an empty stored block: byte-aligned, not final);
 * each request appends its tail as stored blocks, the last one final, and a trailer whose CRC-32
 * continues from the head's. The result is one ordinary gzip member (RFC 1952; stored blocks:
 * RFC 1951 §3.2.4), as every decoder reads it.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

/** ID1 ID2, CM deflate, no flags, no time, no extra flags, OS unknown (RFC 1952 §2.3). */
const HEADER = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff);
const TRAILER_BYTES = 8;
const MAX_STORED_BYTES = 0xffff;

/**
 * The gzip of `head` without its end: the header, the deflate blocks up to a sync flush, then
 * the head's CRC-32 and length (4 bytes each, little-endian) for `gzipWithTail` to continue from.
 */
export function gzipHead(head: Uint8Array): Uint8Array<ArrayBuffer> {
  const deflated = deflateRawSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
  const out = Buffer.alloc(HEADER.length + deflated.length + TRAILER_BYTES);
  out.set(HEADER);
  out.set(deflated, HEADER.length);
  out.writeUInt32LE(crc32(head), out.length - 8);
  out.writeUInt32LE(head.length >>> 0, out.length - 4);
  return out;
}

/** A whole gzip member: `head` (from gzipHead) followed by `tail`, which is sent as it is. */
export function gzipWithTail(head: Uint8Array, tail: Uint8Array): Buffer<ArrayBuffer> {
  const kept = head.length - TRAILER_BYTES;
  const headEnd = Buffer.from(head.buffer, head.byteOffset + kept, TRAILER_BYTES);
  const blocks = Math.max(1, Math.ceil(tail.length / MAX_STORED_BYTES));
  const out = Buffer.allocUnsafe(kept + blocks * 5 + tail.length + TRAILER_BYTES);
  out.set(head.subarray(0, kept));
  let at = kept;
  for (let block = 0; block < blocks; block += 1) {
    const piece = tail.subarray(block * MAX_STORED_BYTES, (block + 1) * MAX_STORED_BYTES);
    // BFINAL on the last, BTYPE 00 (stored); then LEN and its one's complement.
    out[at] = block === blocks - 1 ? 1 : 0;
    out.writeUInt16LE(piece.length, at + 1);
    out.writeUInt16LE(piece.length ^ 0xffff, at + 3);
    out.set(piece, at + 5);
    at += 5 + piece.length;
  }
  out.writeUInt32LE(crc32(tail, headEnd.readUInt32LE(0)), at);
  out.writeUInt32LE((headEnd.readUInt32LE(4) + tail.length) >>> 0, at + 4);
  return out;
}
