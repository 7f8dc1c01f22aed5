// Generated HTTP/1.x response streams for the differential parser test: one to three pipelined
// responses (valid and broken), then optional mutations. Each stream carries what the client asked
// (HEAD or not, per response) and whether the server closes after the last byte.
import type { Rng } from './rng.js';

export interface ResponseStream {
  bytes: Buffer;
  /** per expected response: the request was HEAD */
  heads: boolean[];
  /** the server closes the connection after the last byte */
  eof: boolean;
  /** what the generator chose, for failure messages */
  recipe: string[];
}

type Framing = 'length' | 'chunked' | 'close' | 'length+chunked' | 'te-other' | 'none';

const STATUSES = [200, 200, 200, 201, 204, 301, 304, 404, 500, 503];
const REASONS = ['OK', '', 'Some Reason', 'x\ty'];
const EXTRA = ['X-A: b', 'Server: gen', 'Cache-Control: no-cache', 'X-Empty:', 'Set-Cookie: a=b; c=d'];
const ODD_BYTES = [
  '\r',
  '\n',
  ' ',
  '\t',
  ':',
  '0',
  'a',
  'F',
  ';',
  ',',
  '\x00',
  '\x7f',
  '\xa0',
  '\v',
  '\f',
  '-',
];
const BIG_LENGTHS = [
  '4294967296',
  '9007199254740993',
  '99999999999999999999',
  '-1',
  '+3',
  '0x3',
  '3 3',
  '3,3',
];

function body(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(97 + rng.int(26));
  return s;
}

function ows(rng: Rng): string {
  return rng.chance(0.8) ? ' ' : rng.pick(['', '  ', '\t', ' \t']);
}

function chunked(rng: Rng, recipe: string[], nl: () => string): { te: string; payload: string } {
  let payload = '';
  const chunks = rng.int(4);
  for (let i = 0; i < chunks; i++) {
    const n = 1 + rng.int(rng.chance(0.1) ? 300 : 20);
    let size = n.toString(16);
    if (rng.chance(0.3)) size = size.toUpperCase();
    if (rng.chance(0.1)) size = '00' + size;
    const ext = rng.chance(0.2) ? rng.pick([';a=b', ';x', ';q="v"', ';a=b;c']) : '';
    payload += `${size}${ext}${nl()}${body(rng, n)}${nl()}`;
  }
  if (rng.chance(0.05)) {
    const huge = rng.pick(['ffffffffffffffff', '20000000000000', '1fffffffffffff']);
    recipe.push(`huge chunk ${huge}`);
    payload += `${huge}${nl()}abc`;
  }
  payload += `0${nl()}`;
  if (rng.chance(0.2)) payload += `X-Trailer: 1${nl()}`;
  payload += nl();
  const te = rng.pick(['chunked', 'chunked', 'Chunked', 'gzip, chunked', 'gzip,chunked']);
  return { te, payload };
}

function response(
  rng: Rng,
  head: boolean,
  last: boolean,
  recipe: string[],
): { text: string; close: boolean } {
  const bareLf = rng.chance(0.05);
  const nl = (): string => (bareLf && rng.chance(0.5) ? '\n' : '\r\n');
  let text = '';
  if (rng.chance(0.1)) {
    const info = rng.pick(['100 Continue', '103 Early Hints', '101 Switching Protocols', '102 Processing']);
    recipe.push(`informational ${info}`);
    text += `HTTP/1.1 ${info}${nl()}${info.startsWith('103') ? `Link: </a>${nl()}` : ''}${nl()}`;
  }
  const status = rng.pick(STATUSES);
  const version = rng.chance(0.1) ? '1.0' : '1.1';
  const reason = rng.pick(REASONS);
  text += `HTTP/${version} ${status}${reason === '' && rng.chance(0.5) ? '' : ' ' + reason}${nl()}`;
  const framings: Framing[] = [
    'length',
    'length',
    'chunked',
    'chunked',
    'length+chunked',
    'te-other',
    'none',
  ];
  if (last) framings.push('close', 'close');
  const framing = rng.pick(framings);
  recipe.push(`${head ? 'HEAD' : 'GET'} ${version} ${status} ${framing}${bareLf ? ' bare-LF' : ''}`);
  const n = rng.int(rng.chance(0.1) ? 2000 : 40);
  const headers: string[] = [];
  for (let i = rng.int(3); i > 0; i--) headers.push(rng.pick(EXTRA));
  let payload = body(rng, n);
  const connection = rng.pick([
    '',
    '',
    '',
    'close',
    'keep-alive',
    'Keep-Alive',
    'close, keep-alive',
    'Upgrade',
  ]);
  if (connection !== '') headers.push(`Connection:${ows(rng)}${connection}`);
  if (rng.chance(0.02)) {
    recipe.push('long header line');
    headers.push(`X-Long: ${'v'.repeat(16 * 1024 - 20 + rng.int(40))}`);
  }
  const length = (): string => {
    if (rng.chance(0.08)) return rng.pick(BIG_LENGTHS);
    if (rng.chance(0.05)) return String(n + rng.pick([-1, 1]));
    return String(n);
  };
  if (framing === 'length' || framing === 'length+chunked' || (framing === 'te-other' && rng.chance(0.5))) {
    headers.push(`Content-Length:${ows(rng)}${length()}${rng.chance(0.1) ? ' ' : ''}`);
    if (rng.chance(0.05)) headers.push(`Content-Length: ${rng.pick([String(n), String(n + 1)])}`);
  }
  if (framing === 'chunked' || framing === 'length+chunked') {
    const c = chunked(rng, recipe, nl);
    headers.push(`Transfer-Encoding:${ows(rng)}${c.te}`);
    payload = c.payload;
  } else if (framing === 'te-other') {
    headers.push(`Transfer-Encoding: ${rng.pick(['gzip', 'chunked, gzip', 'identity'])}`);
  }
  if (rng.chance(0.5)) headers.reverse();
  text += headers.map((h) => h + nl()).join('') + nl();
  const bodyless = head || status === 204 || status === 304;
  if (!bodyless && framing !== 'none') text += payload;
  const close = framing === 'close' || framing === 'te-other';
  return { text, close };
}

function mutate(rng: Rng, s: string, recipe: string[]): string {
  for (let i = 1 + rng.int(2); i > 0; i--) {
    const at = rng.int(s.length);
    const op = rng.int(5);
    if (op === 0) s = s.slice(0, at) + rng.pick(ODD_BYTES) + s.slice(at + 1);
    else if (op === 1) s = s.slice(0, at) + rng.pick(ODD_BYTES) + s.slice(at);
    else if (op === 2) s = s.slice(0, at) + s.slice(at + 1);
    else if (op === 3) s = s.slice(0, at);
    else s = s.slice(0, at) + String.fromCharCode(rng.int(256)) + s.slice(at + 1);
    recipe.push(`mutation ${op} at ${at}`);
  }
  return s;
}

export function generateStream(rng: Rng): ResponseStream {
  const count = 1 + rng.int(3);
  const heads: boolean[] = [];
  const recipe: string[] = [];
  let text = '';
  let eof = false;
  for (let i = 0; i < count; i++) {
    const head = rng.chance(0.15);
    heads.push(head);
    const r = response(rng, head, i === count - 1, recipe);
    text += r.text;
    if (r.close) eof = true;
  }
  if (!eof) eof = rng.chance(0.5);
  if (rng.chance(0.05)) {
    recipe.push('stray CRLF between responses');
    text = text.replace(/(\r\n\r\n)(HTTP\/)/, '$1\r\n$2');
  }
  if (rng.chance(0.3)) text = mutate(rng, text, recipe);
  return { bytes: Buffer.from(text, 'latin1'), heads, eof, recipe };
}
