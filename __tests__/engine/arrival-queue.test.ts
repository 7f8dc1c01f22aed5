import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ArrivalQueue } from '../../src/engine/arrival-queue.js';

describe('ArrivalQueue', () => {
  it('is first in, first out across compactions, and -1 when empty', () => {
    const q = new ArrivalQueue();
    assert.equal(q.shift(), -1);
    for (let i = 0; i < 5000; i++) q.push(i * 10);
    const out: number[] = [];
    for (let i = 0; i < 3000; i++) out.push(q.shift()); // compacts past 1,024 consumed
    for (let i = 5000; i < 6000; i++) q.push(i * 10);
    for (let v = q.shift(); v !== -1; v = q.shift()) out.push(v);
    assert.deepEqual(
      out,
      Array.from({ length: 6000 }, (_, i) => i * 10),
    );
    assert.equal(q.queuedSinceTick, 6000);
  });

  it('drain hands over what is still waiting, oldest first, then empties', () => {
    const q = new ArrivalQueue();
    for (const v of [0, 5, 9, 12]) q.push(v);
    q.shift();
    const drained: number[] = [];
    q.drain((v) => drained.push(v));
    assert.deepEqual(drained, [5, 9, 12]);
    assert.equal(q.shift(), -1);
  });
});
