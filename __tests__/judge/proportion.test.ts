import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newcombeDifference, normalQuantile, wilson } from '../../src/judge/proportion.js';

const round4 = (x: number): number => Math.round(x * 10000) / 10000;

describe('proportion intervals', () => {
  it('normalQuantile: the familiar z values', () => {
    assert.equal(normalQuantile(0.975).toFixed(6), '1.959964');
    assert.equal(normalQuantile(0.95).toFixed(6), '1.644854');
    assert.equal(normalQuantile(0.005).toFixed(6), '-2.575829');
    assert.equal(normalQuantile(0.5), 0);
  });

  const cases: Array<{ name: string; x: number; n: number; low: number; high: number }> = [
    // Newcombe (1998), Statistics in Medicine 17, Table I, method 3 (score, no continuity correction)
    { name: '81/263', x: 81, n: 263, low: 0.2553, high: 0.3662 },
    { name: '15/148', x: 15, n: 148, low: 0.0624, high: 0.1605 },
    { name: '0/20 (zero stays honest)', x: 0, n: 20, low: 0, high: 0.1611 },
    { name: '1/29', x: 1, n: 29, low: 0.0061, high: 0.1718 },
  ];
  for (const c of cases) {
    it(`Wilson 95 % interval of ${c.name}`, () => {
      const w = wilson(c.x, c.n, normalQuantile(0.975));
      assert.deepEqual([round4(w.low), round4(w.high)], [c.low, c.high]);
    });
  }

  // Newcombe (1998), Statistics in Medicine 17, Table II, method 10 (hybrid score)
  const differences: Array<{
    name: string;
    x1: number;
    n1: number;
    x2: number;
    n2: number;
    low: number;
    high: number;
  }> = [
    { name: '56/70 − 48/80', x1: 56, n1: 70, x2: 48, n2: 80, low: 0.0524, high: 0.3339 },
    { name: '9/10 − 3/10', x1: 9, n1: 10, x2: 3, n2: 10, low: 0.1705, high: 0.809 },
    { name: '6/7 − 2/7', x1: 6, n1: 7, x2: 2, n2: 7, low: 0.0582, high: 0.8062 },
    { name: '0/10 − 0/20', x1: 0, n1: 10, x2: 0, n2: 20, low: -0.1611, high: 0.2775 },
  ];
  for (const c of differences) {
    it(`Newcombe hybrid score 95 % interval of ${c.name}`, () => {
      const d = newcombeDifference(c.x1, c.n1, c.x2, c.n2, 95);
      assert.deepEqual([round4(d.low), round4(d.high)], [c.low, c.high]);
    });
  }
});
