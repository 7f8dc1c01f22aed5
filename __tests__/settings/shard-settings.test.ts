// Inputs shard and start-at: parsed once, bad values named with what was expected.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSettings, type RawOptions } from '../../src/settings/parse.js';
import { readRunContext } from '../../src/settings/run-context.js';

const parse = (raw: RawOptions) =>
  parseSettings(
    { 'target-url': 'http://127.0.0.1:8080/', ...raw },
    {},
    (n) => `input ${n}`,
    readRunContext({}),
  );

describe('shard and start-at settings', () => {
  it('default: the whole run, no shared start', () => {
    const s = parse({});
    assert.deepEqual(s.runShard, { index: 1, count: 1 });
    assert.equal(s.startAt, null);
  });
  it('shard 2/4 and start-at as a time or a boundary', () => {
    assert.deepEqual(parse({ shard: '2/4' }).runShard, { index: 2, count: 4 });
    assert.deepEqual(parse({ 'start-at': '2026-12-01T23:00:00Z' }).startAt, {
      kind: 'time',
      epochMs: Date.parse('2026-12-01T23:00:00Z'),
    });
    assert.deepEqual(parse({ 'start-at': '2026-12-01T23:00:00.500+01:00' }).startAt, {
      kind: 'time',
      epochMs: Date.parse('2026-12-01T22:00:00.500Z'),
    });
    assert.deepEqual(parse({ 'start-at': 'next:1m' }).startAt, { kind: 'boundary', everySeconds: 60 });
  });
  const bad: Array<[string, RawOptions, string]> = [
    ['shard 5/4', { shard: '5/4' }, 'input shard: expected i/n with 1 ≤ i ≤ n ≤ 256, such as 2/4, got "5/4"'],
    ['shard 2', { shard: '2' }, 'input shard: expected i/n with 1 ≤ i ≤ n ≤ 256, such as 2/4, got "2"'],
    [
      'start-at without a zone',
      { 'start-at': '2026-12-01T23:00:00' },
      'input start-at: expected an ISO 8601 time with its zone (2026-12-01T23:00:00Z) or next:<period> (next:1m), got "2026-12-01T23:00:00"',
    ],
    [
      'start-at not a date',
      { 'start-at': '2026-13-45T23:00:00Z' },
      'input start-at: expected an ISO 8601 time with its zone (2026-12-01T23:00:00Z) or next:<period> (next:1m), got "2026-13-45T23:00:00Z"',
    ],
    [
      'start-at next:0s',
      { 'start-at': 'next:0s' },
      'input start-at: expected a positive period after next:, got "next:0s"',
    ],
  ];
  for (const [name, raw, message] of bad) {
    it(`rejects ${name}`, () => assert.throws(() => parse(raw), { name: 'InputError', message }));
  }
});
