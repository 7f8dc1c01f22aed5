// The null server of a calibration: HTTP/1.1 on 127.0.0.1 (ephemeral port) that answers every
// request at once with the same small keep-alive response and does nothing else, so whatever time
// a request takes against it is the generator's (and the loopback's), not a server's.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

const RESPONSE = Buffer.from('HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n', 'latin1');
const END_OF_HEAD = Buffer.from('\r\n\r\n', 'latin1');

export interface NullServer {
  url: URL;
  /** Requests answered so far. */
  readonly answered: number;
  close(): Promise<void>;
}

/** Requests without a body (the calibration sends GET): one response per end of a request head. */
export async function startNullServer(): Promise<NullServer> {
  let answered = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    let carry: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      let from = 0;
      let n = 0;
      for (let at = data.indexOf(END_OF_HEAD, from); at >= 0; at = data.indexOf(END_OF_HEAD, from)) {
        from = at + END_OF_HEAD.length;
        n++;
      }
      carry = data.subarray(from);
      if (n === 0) return;
      answered += n;
      socket.write(n === 1 ? RESPONSE : Buffer.concat(new Array<Buffer>(n).fill(RESPONSE)));
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/`),
    get answered() {
      return answered;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
