// The floor under any Node.js load generator on this machine: keep-alive connections, each writing
// its next GET the moment a read arrives — no parsing, no timing, no recording. bench/cpu-split.ts
// runs it beside this engine and wrk, so that the engine's CPU per request reads against what
// Node's own socket machinery costs. It takes every read for one whole response (true of the bench
// nginx's 13-byte answer on loopback): a measurement of Node, not a client.
// Usage: node --import tsx bench/node-floor.ts <url> <connections> <seconds> [<CA file for https>]
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';

const [url, connections, seconds, caFile] = process.argv.slice(2);
const target = new URL(url!);
const request = Buffer.from(`GET ${target.pathname} HTTP/1.1\r\nhost: ${target.host}\r\n\r\n`, 'latin1');
const buffer = Buffer.allocUnsafeSlow(65536);
const ca = caFile ? readFileSync(caFile) : undefined;

function open(): Socket {
  let socket: Socket;
  const onread = { buffer, callback: (): boolean => (socket.write(request), true) };
  const options = { host: '127.0.0.1', port: Number(target.port), onread };
  // tls.connect honours onread as net.connect does; @types/node does not declare it
  const tlsOptions: ConnectionOptions & typeof options = { ...options, servername: target.hostname, ca };
  socket = ca ? tlsConnect(tlsOptions) : connect({ ...options, noDelay: true });
  socket.once(ca ? 'secureConnect' : 'connect', () => {
    socket.setNoDelay(true);
    socket.write(request);
  });
  return socket;
}

const sockets = Array.from({ length: Number(connections) }, open);
setTimeout(() => sockets.forEach((s) => s.destroy()), Number(seconds) * 1000);
