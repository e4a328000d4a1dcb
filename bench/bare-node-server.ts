/**
 * The least a node:http server can do for a story read: one file's bytes, written with
 * `res.end`. It shows how close src/server/http comes to Node's own ceiling on this machine.
 *
 *   node bench/bare-node-server.ts <file> <port>
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [file, port] = process.argv.slice(2);
const body = readFileSync(file!);
const headers = ['Content-Type', 'text/html; charset=utf-8', 'Content-Length', String(body.length)];
createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
}).listen(Number(port), '127.0.0.1', () => console.log('listening'));
