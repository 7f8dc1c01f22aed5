import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration } from '../../src/config/duration.js';
import { InputError } from '../../src/errors.js';

const valid: { name: string; input: string | number; seconds: number }[] = [
  { name: 'seconds', input: '60s', seconds: 60 },
  { name: 'minutes', input: '5m', seconds: 300 },
  { name: 'hours and minutes', input: '1h30m', seconds: 5400 },
  { name: 'minutes and seconds', input: '1m30s', seconds: 90 },
  { name: 'milliseconds', input: '500ms', seconds: 0.5 },
  { name: 'fractional seconds', input: '1.5s', seconds: 1.5 },
  { name: 'fractional seconds without float noise', input: '1.1s', seconds: 1.1 },
  { name: 'plain number string is seconds', input: '300', seconds: 300 },
  { name: 'plain fractional string', input: '2.5', seconds: 2.5 },
  { name: 'number is seconds', input: 45, seconds: 45 },
  { name: 'fractional number', input: 0.25, seconds: 0.25 },
  { name: 'zero', input: '0s', seconds: 0 },
  { name: 'all units', input: '1h1m1s1ms', seconds: 3661.001 },
];

for (const c of valid) {
  test(`parseDuration: ${c.name}`, () => {
    assert.equal(parseDuration(c.input, 'load.duration'), c.seconds);
  });
}

const expected = 'expected a duration such as "60s", "5m", "1h30m", "500ms" or a number of seconds';
const invalid: { name: string; input: string | number; message: string }[] = [
  { name: 'words', input: '5 minutes', message: `input duration: ${expected}, got "5 minutes"` },
  { name: 'empty', input: '', message: `input duration: ${expected}, got ""` },
  { name: 'negative string', input: '-5s', message: `input duration: ${expected}, got "-5s"` },
  { name: 'negative number', input: -1, message: `input duration: ${expected}, got -1` },
  { name: 'unknown unit', input: '5d', message: `input duration: ${expected}, got "5d"` },
  { name: 'units out of order', input: '30s1m', message: `input duration: ${expected}, got "30s1m"` },
  { name: 'unit twice', input: '1m1m', message: `input duration: ${expected}, got "1m1m"` },
  { name: 'trailing garbage', input: '10sx', message: `input duration: ${expected}, got "10sx"` },
  { name: 'space inside', input: '1m 30s', message: `input duration: ${expected}, got "1m 30s"` },
  { name: 'infinity', input: Infinity, message: `input duration: ${expected}, got Infinity` },
];

for (const c of invalid) {
  test(`parseDuration rejects ${c.name}`, () => {
    assert.throws(
      () => parseDuration(c.input, 'input duration'),
      (error: unknown) => error instanceof InputError && error.message === c.message,
    );
  });
}
