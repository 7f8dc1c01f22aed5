import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorMessages, MAX_DISTINCT, MAX_MESSAGE_CHARS, oneLine } from '../../src/metrics/error-messages.js';
import { ErrorKind } from '../../src/metrics/types.js';

describe('error messages per kind (bounded)', () => {
  it('keeps the first message, counts up to MAX_DISTINCT distinct ones, the rest together', () => {
    const m = new ErrorMessages();
    m.add(ErrorKind.Timeout, 'first');
    for (let i = 0; i < 20; i++) m.add(ErrorKind.Timeout, `m${i % 12}`);
    for (let i = 0; i < 5; i++) m.add(ErrorKind.Timeout, 'm3');
    const [d] = m.export();
    assert.equal(d.first, 'first');
    assert.equal(d.counts.length, MAX_DISTINCT);
    // 1 + 20 + 5 failures: 8 distinct counted (first, m0..m6), m7..m11 uncounted
    assert.equal(d.counts.reduce((s, [, n]) => s + n, 0) + d.uncounted, 26);
    assert.deepEqual(
      d.counts.find(([msg]) => msg === 'm3'),
      ['m3', 7],
    );
    assert.equal(d.uncounted, 6); // m7..m11 at i = 7..11, m7 again at i = 19
  });

  it('merging deltas: the first merged first message stays; counts add up; top is the most counted', () => {
    const a = new ErrorMessages();
    a.add(ErrorKind.Tls, 'self-signed');
    const b = new ErrorMessages();
    b.add(ErrorKind.Tls, 'expired');
    b.add(ErrorKind.Tls, 'expired');
    const main = new ErrorMessages();
    main.merge(a.export());
    main.merge(b.export());
    assert.equal(main.first(ErrorKind.Tls), 'self-signed');
    assert.deepEqual(main.top(ErrorKind.Tls), { message: 'expired', count: 2 });
    assert.equal(main.first(ErrorKind.Dns), null);
  });

  it('a message is one bounded line', () => {
    assert.equal(oneLine('a\n  b\tc '), 'a b c');
    assert.equal(oneLine('x'.repeat(500)).length, MAX_MESSAGE_CHARS);
  });
});
