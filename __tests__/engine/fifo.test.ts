import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Fifo } from '../../src/engine/fifo.js';

describe('Fifo', () => {
  it('is first in, first out across wrap-arounds and growth, and -1 when empty', () => {
    const q = new Fifo();
    assert.equal(q.shift(), -1);
    const out: number[] = [];
    // 1,500 in, 1,000 out (the head moves), 4,500 in (wraps, then grows twice), all out
    for (let i = 0; i < 1500; i++) q.push(i * 10);
    for (let i = 0; i < 1000; i++) out.push(q.shift());
    for (let i = 1500; i < 6000; i++) q.push(i * 10);
    assert.equal(q.length, 5000);
    for (let v = q.shift(); v !== -1; v = q.shift()) out.push(v);
    assert.deepEqual(
      out,
      Array.from({ length: 6000 }, (_, i) => i * 10),
    );
    assert.equal(q.length, 0);
  });

  it('keeps fractional values (intended send times in µs) exactly', () => {
    const q = new Fifo();
    for (const v of [999_999.5, 0.25, 1e12 + 0.5]) q.push(v);
    assert.deepEqual([q.shift(), q.shift(), q.shift(), q.shift()], [999_999.5, 0.25, 1e12 + 0.5, -1]);
  });

  it('drain hands over what is still waiting, oldest first, then empties', () => {
    const q = new Fifo();
    for (const v of [0, 5, 9, 12]) q.push(v);
    q.shift();
    const drained: number[] = [];
    q.drain((v) => drained.push(v));
    assert.deepEqual(drained, [5, 9, 12]);
    assert.equal(q.shift(), -1);
    q.push(7);
    q.clear();
    assert.deepEqual([q.length, q.shift()], [0, -1]);
  });
});
