// Drives our HTTP/1.1 response parser and Node's own llhttp over the same response stream and
// reduces each to the same outcome: the responses read (status, body length, keep-alive, where the
// response ended in the stream) and how the stream ended.
//
// The reference is `HTTPParser` from `node:_http_common`: the llhttp binding that node:http's
// client drives, requireable without process.binding and exactly as node:http configures it
// (RESPONSE mode, no lenient flags unless asked, skip-body for HEAD and 1xx as the client returns
// from its headers-complete callback). It is used instead of an http.request over a scripted socket
// because the client cannot report message boundaries and destroys the socket on pipelined
// responses. llhttp reports no offset at message complete, so it is fed one byte per execute():
// the boundary is then exact; our parser is fed at random split points.
import { createRequire } from 'node:module';
import { ParseError, ResponseParser, type ResponseSink } from '../../src/engine/http1-parser.js';
import type { ResponseStream } from './http1-streams.js';

export interface ReadResponse {
  status: number;
  bodyBytes: number;
  keepAlive: boolean;
  /** offset in the stream just after the response's last byte */
  endOffset: number;
}

export type StreamEnd = 'complete' | 'malformed' | 'truncated' | 'idle-eof' | 'pending' | 'upgrade';

export interface StreamOutcome {
  responses: ReadResponse[];
  end: StreamEnd;
  /** llhttp's error code, when it failed */
  code?: string;
}

/** Collects one response's status, body size and keep-alive decision. */
export class Sink implements ResponseSink {
  status = 0;
  bodyBytes = 0;
  complete = false;
  keepAlive = false;
  onStatus(status: number): void {
    this.status = status;
  }
  onBody(bytes: number): void {
    this.bodyBytes += bytes;
  }
  onComplete(keepAlive: boolean): void {
    this.complete = true;
    this.keepAlive = keepAlive;
  }
}

/** Our parser over the stream cut at `cuts` (ascending), each piece in its own buffer with junk around. */
export function ourOutcome(stream: ResponseStream, cuts: number[]): StreamOutcome {
  const to = { sink: new Sink() };
  return readStream(sinkParser(to), to, stream, cuts);
}

/**
 * As ourOutcome, by a parser that has just read the same stream whole, so that it knows the last
 * head it read whole (ResponseParser's known head); knownHeads: how many heads it then knew
 * without reading them. A warm parser must read every stream as a fresh one does.
 */
export function warmOutcome(
  stream: ResponseStream,
  cuts: number[],
): { outcome: StreamOutcome; knownHeads: number } {
  const to = { sink: new Sink() };
  const parser = sinkParser(to);
  readStream(parser, to, stream, []);
  const before = parser.knownHeads;
  const outcome = readStream(parser, to, stream, cuts);
  return { outcome, knownHeads: parser.knownHeads - before };
}

function sinkParser(to: { sink: Sink }): ResponseParser {
  return new ResponseParser({
    onStatus: (s) => to.sink.onStatus(s),
    onBody: (n) => to.sink.onBody(n),
    onComplete: (k) => to.sink.onComplete(k),
  });
}

/** One read of the stream by `parser`, which reports to `to.sink` (a new Sink per response). */
function readStream(
  parser: ResponseParser,
  to: { sink: Sink },
  stream: ResponseStream,
  cuts: number[],
): StreamOutcome {
  const { bytes, heads } = stream;
  const responses: ReadResponse[] = [];
  let sink = (to.sink = new Sink());
  parser.begin(heads[0]);
  /** true when the stream is done: the last expected response or a connection that will close */
  const took = (endOffset: number): boolean => {
    responses.push({ status: sink.status, bodyBytes: sink.bodyBytes, keepAlive: sink.keepAlive, endOffset });
    if (!sink.keepAlive || responses.length === heads.length) return true;
    sink = to.sink = new Sink();
    parser.begin(heads[responses.length]);
    return false;
  };
  const bounds = [0, ...cuts, bytes.length];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const piece = Buffer.concat([
      Buffer.from('#'),
      bytes.subarray(bounds[i], bounds[i + 1]),
      Buffer.from('@'),
    ]);
    const end = piece.length - 1;
    let pos = 1;
    while (pos < end) {
      const used = parser.feed(piece, pos, end);
      if (parser.error !== ParseError.None) return { responses, end: 'malformed' };
      if (sink.complete) {
        if (took(bounds[i] + used - 1)) return { responses, end: 'complete' };
      } else if (used !== end) {
        throw new Error(`parser stopped at ${used} of ${end} without completing or failing`);
      }
      pos = used;
    }
  }
  if (!stream.eof) return { responses, end: 'pending' };
  const started = parser.started;
  parser.end();
  if (sink.complete) {
    took(bytes.length);
    return { responses, end: 'complete' };
  }
  return { responses, end: started ? 'truncated' : 'idle-eof' };
}

interface LlhttpParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenient: number): void;
  execute(b: Buffer): number | (Error & { code?: string });
  finish(): undefined | (Error & { code?: string });
  [key: number]: unknown;
}
interface LlhttpClass {
  new (): LlhttpParser;
  RESPONSE: number;
  kOnMessageBegin: number;
  kOnHeaders: number;
  kOnHeadersComplete: number;
  kOnBody: number;
  kOnMessageComplete: number;
  kOnExecute: number;
}
const HTTPParser = (createRequire(import.meta.url)('_http_common') as { HTTPParser: LlhttpClass }).HTTPParser;

/** The head size limit given to llhttp: our parser's (64 KiB), so only line limits differ. */
const MAX_HEAD_BYTES = 64 * 1024;

/** llhttp over the stream, one byte per execute(); lenient = llhttp lenient flags (0 = strict). */
export function llhttpOutcome(stream: ResponseStream, lenient = 0): StreamOutcome {
  const { bytes, heads } = stream;
  const responses: ReadResponse[] = [];
  const p = new HTTPParser();
  p.initialize(HTTPParser.RESPONSE, {}, MAX_HEAD_BYTES, lenient);
  let informational = false;
  let upgraded = false;
  let done = false;
  let at = 0;
  let current: ReadResponse = { status: 0, bodyBytes: 0, keepAlive: false, endOffset: 0 };
  p[HTTPParser.kOnMessageBegin] = () => undefined;
  p[HTTPParser.kOnHeaders] = () => undefined;
  p[HTTPParser.kOnExecute] = () => undefined;
  p[HTTPParser.kOnHeadersComplete] = (...args: unknown[]) => {
    const status = args[5] as number;
    if (status >= 100 && status < 200 && status !== 101) {
      informational = true;
      return 1; // as node:http's client: skip the body, the real response follows
    }
    if (args[7] === true) upgraded = true;
    current = { status, bodyBytes: 0, keepAlive: args[8] as boolean, endOffset: 0 };
    return heads[responses.length] ? 1 : 0;
  };
  p[HTTPParser.kOnBody] = (b: Buffer) => {
    current.bodyBytes += b.length;
  };
  p[HTTPParser.kOnMessageComplete] = () => {
    if (informational) {
      informational = false;
      return;
    }
    current.endOffset = at;
    responses.push(current);
    if (!current.keepAlive || responses.length === heads.length) done = true;
  };
  for (let i = 0; i < bytes.length && !done; i++) {
    at = i + 1;
    const r = p.execute(bytes.subarray(i, i + 1));
    if (done) break;
    if (upgraded) return { responses, end: 'upgrade' };
    if (r instanceof Error) return { responses, end: 'malformed', code: r.code };
  }
  if (done) return { responses, end: 'complete' };
  if (!stream.eof) return { responses, end: 'pending' };
  at = bytes.length;
  const r = p.finish();
  if (done) return { responses, end: 'complete' };
  if (r instanceof Error) return { responses, end: 'truncated', code: r.code };
  return { responses, end: 'idle-eof' };
}
