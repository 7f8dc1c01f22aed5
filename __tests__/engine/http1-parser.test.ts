import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParseError, ResponseParser } from '../../src/engine/http1-parser.js';
import { requestBytes } from '../../src/engine/request.js';
import { Sink } from '../__fixtures__/http1-outcome.js';

interface Outcome {
  status: number;
  bodyBytes: number;
  complete: boolean;
  keepAlive: boolean;
  error: ParseError;
  /** bytes left after the response (not consumed) */
  extra: number;
}

/** Feeds `raw` cut at the given offsets, then EOF if `eof`. */
function parse(raw: string, cuts: number[], opts: { head?: boolean; eof?: boolean } = {}): Outcome {
  const sink = new Sink();
  const parser = new ResponseParser(sink);
  parser.begin(opts.head ?? false);
  const buf = Buffer.from(raw, 'latin1');
  let extra = 0;
  const bounds = [0, ...cuts, buf.length];
  for (let i = 0; i + 1 < bounds.length; i++) {
    // each piece in a buffer of its own, with junk around it, as a shared read buffer would be
    const piece = Buffer.concat([
      Buffer.from('##'),
      buf.subarray(bounds[i], bounds[i + 1]),
      Buffer.from('@@'),
    ]);
    const end = piece.length - 2;
    if (sink.complete || parser.error !== ParseError.None) {
      extra += end - 2;
      continue;
    }
    const used = parser.feed(piece, 2, end);
    extra += end - used;
  }
  if (opts.eof) parser.end();
  // after an error the connection is dropped: how far the parser read before failing means nothing
  // (a status line fails as soon as its first wrong byte arrives, so that depends on the split)
  return { ...sink, error: parser.error, extra: parser.error === ParseError.None ? extra : 0 };
}

interface Case {
  name: string;
  raw: string;
  head?: boolean;
  eof?: boolean;
  expect: Partial<Outcome>;
}

const CASES: Case[] = [
  {
    name: 'content-length',
    raw: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello',
    expect: { status: 200, bodyBytes: 5, complete: true, keepAlive: true },
  },
  {
    name: 'chunked with extensions and trailers',
    raw: 'HTTP/1.1 201 Created\r\ntransfer-encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n',
    expect: { status: 201, bodyBytes: 15, complete: true, keepAlive: true },
  },
  {
    name: 'chunked without trailers, connection close',
    raw: 'HTTP/1.1 200 OK\r\nConnection: close\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n',
    expect: { status: 200, bodyBytes: 3, complete: true, keepAlive: false },
  },
  {
    name: 'content-length and chunked: chunked frames it, the connection is not reused',
    raw: 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n',
    expect: { status: 200, bodyBytes: 3, complete: true, keepAlive: false },
  },
  {
    name: 'whitespace before the colon is malformed',
    raw: 'HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\nhello',
    expect: { complete: false, error: ParseError.Malformed },
  },
  {
    name: 'a status line that is not HTTP/1.x is malformed',
    raw: 'HXXP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
    expect: { complete: false, error: ParseError.Malformed },
  },
  {
    name: '204 has no body',
    raw: 'HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n',
    expect: { status: 204, bodyBytes: 0, complete: true, keepAlive: true },
  },
  {
    name: '304 has no body',
    raw: 'HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n',
    expect: { status: 304, bodyBytes: 0, complete: true },
  },
  {
    name: 'HEAD has no body',
    raw: 'HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n',
    head: true,
    expect: { status: 200, bodyBytes: 0, complete: true, keepAlive: true },
  },
  {
    name: '100 Continue, then the response',
    raw: 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
    expect: { status: 200, bodyBytes: 2, complete: true },
  },
  {
    name: 'no framing: read until close',
    raw: 'HTTP/1.1 200 OK\r\n\r\nsome body bytes',
    eof: true,
    expect: { status: 200, bodyBytes: 15, complete: true, keepAlive: false },
  },
  {
    name: 'HTTP/1.0 without keep-alive closes',
    raw: 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok',
    expect: { status: 200, complete: true, keepAlive: false },
  },
  {
    name: 'HTTP/1.0 with keep-alive stays',
    raw: 'HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok',
    expect: { complete: true, keepAlive: true },
  },
  {
    name: 'bare LF line ends, no reason phrase',
    raw: 'HTTP/1.1 404\nContent-Length: 3\n\nnot',
    expect: { status: 404, bodyBytes: 3, complete: true },
  },
  {
    name: 'bytes beyond the response are not consumed',
    raw: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA',
    expect: { complete: true, extra: 5 },
  },
  {
    name: 'truncated body is an error at EOF',
    raw: 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort',
    eof: true,
    expect: { complete: false, error: ParseError.Truncated },
  },
  { name: 'garbage status line', raw: 'HELLO\r\n\r\n', expect: { error: ParseError.Malformed } },
  { name: 'bad status code', raw: 'HTTP/1.1 2x0 OK\r\n\r\n', expect: { error: ParseError.Malformed } },
  {
    name: 'bad chunk size',
    raw: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    expect: { error: ParseError.Malformed, complete: false },
  },
  {
    name: 'conflicting content-lengths',
    raw: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok',
    expect: { error: ParseError.Malformed },
  },
  {
    name: 'header without colon',
    raw: 'HTTP/1.1 200 OK\r\nnocolon\r\n\r\n',
    expect: { error: ParseError.Malformed },
  },
  {
    name: 'a repeated identical content-length is malformed too (RFC 9110 §8.6 allows it; llhttp does)',
    raw: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok',
    expect: { error: ParseError.Malformed },
  },
  {
    name: 'a bare LF after a chunk size is malformed (RFC 9112 §7.1), in the head it is fine',
    raw: 'HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n3\nabc\r\n0\r\n\r\n',
    expect: { error: ParseError.Malformed },
  },
  {
    name: 'a trailer line that is not a field line is malformed',
    raw: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T\xec 1\r\n\r\n',
    expect: { error: ParseError.Malformed },
  },
  {
    name: 'the reason phrase is not read (a form feed in it is fine); a bare CR in it is not',
    raw: 'HTTP/1.1 200 O\fK\r\nContent-Length: 2\r\n\r\nok',
    expect: { status: 200, bodyBytes: 2, complete: true, keepAlive: true },
  },
  {
    name: 'a bare CR in the reason phrase is malformed (RFC 9112 §2.2)',
    raw: 'HTTP/1.1 200 O\rK\r\nContent-Length: 2\r\n\r\nok',
    expect: { error: ParseError.Malformed },
  },
  {
    name: 'a control byte in a chunk extension is malformed',
    raw: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;q="\x00"\r\na\r\n0\r\n\r\n',
    expect: { error: ParseError.Malformed },
  },
  {
    name: 'whitespace before a chunk extension is accepted (BWS, RFC 9110 §5.6.3)',
    raw: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1 ;q=v\r\na\r\n0\r\n\r\n',
    expect: { status: 200, bodyBytes: 1, complete: true, keepAlive: true },
  },
  {
    name: '101 upgrade is refused',
    raw: 'HTTP/1.1 101 Switching\r\n\r\n',
    expect: { error: ParseError.Malformed },
  },
];

describe('HTTP/1.1 response parser', () => {
  for (const c of CASES) {
    it(`${c.name}: whole, split at every byte boundary, byte by byte`, () => {
      const opts = { head: c.head, eof: c.eof };
      const whole = parse(c.raw, [], opts);
      for (const [key, value] of Object.entries(c.expect)) {
        assert.equal(whole[key as keyof Outcome], value, `${key} (whole)`);
      }
      for (let cut = 1; cut < c.raw.length; cut++) {
        assert.deepEqual(parse(c.raw, [cut], opts), whole, `split at ${cut}`);
      }
      const every = Array.from({ length: c.raw.length - 1 }, (_, i) => i + 1);
      assert.deepEqual(parse(c.raw, every, opts), whole, 'byte by byte');
    });
  }

  it('a head larger than the limit is malformed, not buffered without bound', () => {
    const raw =
      `HTTP/1.1 200 OK\r\n${'X-Big: ' + 'a'.repeat(1000) + '\r\n'}`.repeat(1) + 'X: y\r\n'.repeat(20_000);
    assert.equal(parse(raw, []).error, ParseError.Malformed);
  });

  it('the parser is reusable for the next response on the connection', () => {
    const sink = new Sink();
    const parser = new ResponseParser(sink);
    const one = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na');
    for (let i = 0; i < 3; i++) {
      parser.begin(false);
      assert.equal(parser.feed(one, 0, one.length), one.length);
    }
    assert.equal(sink.bodyBytes, 3);
  });
});

describe('a trailer line without a colon', () => {
  it('is malformed whatever bytes follow it in the buffer, whole or split', () => {
    const raw = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nabc\r\n\r\n';
    for (const after of ['', 'X:y', ':::']) {
      for (const cut of [0, 54, 56]) {
        const sink = new Sink();
        const parser = new ResponseParser(sink);
        parser.begin(false);
        const buf = Buffer.from(raw + after, 'latin1');
        const bounds = cut > 0 ? [0, cut, raw.length] : [0, raw.length];
        for (let i = 0; i + 1 < bounds.length && parser.error === ParseError.None; i++)
          parser.feed(buf, bounds[i], bounds[i + 1]);
        assert.equal(parser.error, ParseError.Malformed, `after ${JSON.stringify(after)}, cut ${cut}`);
        assert.equal(parser.reason, 'malformed trailer line "abc"');
        assert.equal(sink.complete, false);
      }
    }
  });
});

describe('a head known from an earlier response on the connection', () => {
  const HEAD = 'HTTP/1.1 200 OK\r\nServer: t\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\n';

  /** One response on `parser` from buf (one read, or `pieces` reads); what the sink saw. */
  function respond(parser: ResponseParser, sink: Sink, raw: string, cuts: number[] = [], head = false) {
    Object.assign(sink, { status: 0, bodyBytes: 0, complete: false, keepAlive: false });
    parser.begin(head);
    const buf = Buffer.from(raw, 'latin1');
    const bounds = [0, ...cuts, buf.length];
    for (let i = 0; i + 1 < bounds.length; i++)
      parser.feed(buf.subarray(bounds[i], bounds[i + 1]), 0, bounds[i + 1] - bounds[i]);
    return {
      status: sink.status,
      body: sink.bodyBytes,
      complete: sink.complete,
      keepAlive: sink.keepAlive,
      error: parser.error,
    };
  }

  it('the same bytes again are known without reading; a changed byte, a split or a HEAD request read as they say', () => {
    const sink = new Sink();
    const parser = new ResponseParser(sink);
    const ok = { status: 200, body: 5, complete: true, keepAlive: true, error: ParseError.None };
    assert.deepEqual(respond(parser, sink, HEAD + 'hello'), ok);
    assert.equal(parser.knownHeads, 0);
    assert.deepEqual(respond(parser, sink, HEAD + 'world'), ok);
    assert.equal(parser.knownHeads, 1);
    // one byte differs (the length): read afresh, and that head is the known one from now on
    assert.deepEqual(respond(parser, sink, HEAD.replace('5', '7') + 'abcdefg'), { ...ok, body: 7 });
    assert.equal(parser.knownHeads, 1);
    assert.deepEqual(respond(parser, sink, HEAD.replace('5', '7') + 'abcdefg'), { ...ok, body: 7 });
    assert.equal(parser.knownHeads, 2);
    // the known head split across two reads: read line by line, the same outcome
    assert.deepEqual(respond(parser, sink, HEAD.replace('5', '7') + 'abcdefg', [20]), { ...ok, body: 7 });
    assert.equal(parser.knownHeads, 2);
    // HEAD request: the known head's length frames no body
    assert.deepEqual(respond(parser, sink, HEAD.replace('5', '7'), [], true), { ...ok, body: 0 });
    assert.equal(parser.knownHeads, 3);
    // Connection: close in place of keep-alive (same length as "keep-alive" minus 5): not known
    const closing = HEAD.replace('keep-alive', 'close');
    assert.deepEqual(respond(parser, sink, closing + 'hello'), { ...ok, keepAlive: false });
    assert.equal(parser.knownHeads, 3);
  });

  it('heads that say nothing final are never known: 1xx, read until close, malformed', () => {
    const sink = new Sink();
    const parser = new ResponseParser(sink);
    const early = 'HTTP/1.1 100 Continue\r\n\r\n' + HEAD + 'hello';
    const untilClose = 'HTTP/1.1 200 OK\r\nServer: t\r\n\r\n';
    const bad = 'HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n';
    for (let i = 0; i < 2; i++) {
      assert.deepEqual(respond(parser, sink, early), {
        status: 200,
        body: 5,
        complete: true,
        keepAlive: true,
        error: ParseError.None,
      });
      assert.deepEqual(respond(parser, sink, untilClose + 'abc'), {
        status: 200,
        body: 3,
        complete: false,
        keepAlive: false,
        error: ParseError.None,
      });
      assert.equal(respond(parser, sink, bad).error, ParseError.Malformed);
    }
    assert.equal(parser.knownHeads, 0);
  });
});

/** The same outcome whole, at the given cuts and byte by byte; returns it. */
function splitFree(raw: string, cuts: number[], opts: { head?: boolean; eof?: boolean } = {}): Outcome {
  const whole = parse(raw, [], opts);
  for (const cut of cuts) assert.deepEqual(parse(raw, [cut], opts), whole, `split at ${cut}`);
  const every = Array.from({ length: raw.length - 1 }, (_, i) => i + 1);
  assert.deepEqual(parse(raw, every, opts), whole, 'byte by byte');
  return whole;
}

describe('the five framing mistakes a differential read against llhttp found', () => {
  it('1. Transfer-Encoding gzip with Content-Length: 3 is read until close (6 bytes), not by the length', () => {
    const raw = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabcdef';
    const got = splitFree(raw, [20, 50, 60], { eof: true });
    assert.deepEqual(got, {
      status: 200,
      bodyBytes: 6,
      complete: true,
      keepAlive: false,
      error: 0,
      extra: 0,
    });
  });

  it('2. the 16 KiB line limit holds for a line in one read as for a line split across reads', () => {
    const head = 'HTTP/1.1 200 OK\r\n';
    const line = (bytes: number): string => `X: ${'a'.repeat(bytes - 3)}`; // bytes before CRLF
    const atLimit = `${head}${line(16 * 1024 - 1)}\r\nContent-Length: 0\r\n\r\n`; // 16,383 + CR
    const over = `${head}${line(16 * 1024)}\r\nContent-Length: 0\r\n\r\n`; // 16,384 + CR
    const cuts = [head.length + 1, head.length + 9000, head.length + 16 * 1024];
    for (const cut of cuts) {
      assert.equal(parse(atLimit, [cut]).complete, true, `at the limit, split at ${cut}`);
      assert.equal(parse(over, [cut]).error, ParseError.Malformed, `over it, split at ${cut}`);
    }
    assert.equal(parse(atLimit, []).complete, true, 'at the limit, one read');
    assert.equal(parse(over, []).error, ParseError.Malformed, 'over it, one read');
    const chunkLine = `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;${'e'.repeat(16 * 1024)}\r\nx\r\n0\r\n\r\n`;
    assert.equal(parse(chunkLine, []).error, ParseError.Malformed, 'chunk-size line, one read');
    assert.equal(parse(chunkLine, [60]).error, ParseError.Malformed, 'chunk-size line, split');
  });

  it('3. "Content\\rLength: 2" is not Content-Length; 0x10-0x19 are not hex digits', () => {
    const alias = 'HTTP/1.1 200 OK\r\nContent\rLength: 2\r\n\r\nok';
    assert.deepEqual(splitFree(alias, [25], { eof: true }).error, ParseError.Malformed);
    const notHex =
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\x15\r\n' + 'x'.repeat(21) + '\r\n0\r\n\r\n';
    assert.equal(splitFree(notHex, [50]).error, ParseError.Malformed);
    const upper = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n';
    assert.equal(splitFree(upper, [48]).bodyBytes, 10, 'upper-case hex still reads');
  });

  it('4. only SP and HTAB are trimmed: \\xa0chunked is not chunked, close\\xa0 is not close', () => {
    const nbspChunked = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: \xa0chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n';
    const te = splitFree(nbspChunked, [30], { eof: true });
    assert.deepEqual([te.complete, te.bodyBytes, te.keepAlive], [true, 13, false], 'read until close');
    const nbspClose = 'HTTP/1.1 200 OK\r\nConnection: close\xa0\r\nContent-Length: 2\r\n\r\nok';
    assert.equal(splitFree(nbspClose, [30]).keepAlive, true, 'close\\xa0 is another option');
    const vt = 'HTTP/1.1 200 OK\r\nContent-Length: \v2\r\n\r\nok';
    assert.equal(splitFree(vt, [20]).error, ParseError.Malformed, '\\v is not whitespace');
  });

  it('5. a status line fails on its first wrong byte, not when its LF arrives (connection held open)', () => {
    for (const raw of ['HXXP/1.1 200 OK', 'HTTP/1.2', 'HTTP/1.1 099', 'HTTP/1.1 2x', 'HTTP/1.1 200x']) {
      assert.equal(splitFree(raw, [2]).error, ParseError.Malformed, JSON.stringify(raw));
    }
    const fine = splitFree('HTTP/1.1 200 OK', [3]);
    assert.deepEqual([fine.error, fine.complete], [ParseError.None, false], 'a good prefix waits');
  });
});

describe('request bytes', () => {
  const target = new URL('http://127.0.0.1:8080/base');
  it('GET: request line, host, headers; no content-length', () => {
    const b = requestBytes(target, { method: 'get', path: '/a?b=1', headers: { 'X-K': 'v' }, body: null });
    assert.equal(b.toString(), 'GET /a?b=1 HTTP/1.1\r\nhost: 127.0.0.1:8080\r\nX-K: v\r\n\r\n');
  });
  it('POST: content-length of the UTF-8 body; a Host header given by the user wins', () => {
    const b = requestBytes(target, { method: 'POST', path: '/p', headers: { Host: 'h' }, body: 'é' });
    assert.equal(b.toString(), 'POST /p HTTP/1.1\r\nHost: h\r\ncontent-length: 2\r\n\r\né');
  });
  it('rejects header injection', () => {
    assert.throws(() =>
      requestBytes(target, { method: 'GET', path: '/', headers: { a: 'b\r\nc: d' }, body: null }),
    );
    assert.throws(() => requestBytes(target, { method: 'GET', path: '/ x', headers: {}, body: null }));
  });
});
