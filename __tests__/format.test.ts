// The one display formatter (src/format.ts): exact renders, table-driven.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatCount, formatNumber, formatSeconds, formatValue, plainNumber } from '../src/format.js';

describe('formatNumber', () => {
  const cases: Array<[string, number | null | undefined, number | undefined, string]> = [
    ["half away from zero (toFixed's 0.24 would disagree)", 0.245, undefined, '0.25'],
    ['1.005 → 1.01', 1.005, undefined, '1.01'],
    ['2.675 → 2.68', 2.675, undefined, '2.68'],
    ['thousands grouped', 1234567.891, undefined, '1,234,567.89'],
    ['trailing zeros trimmed', 310.5, undefined, '310.5'],
    ['whole number', 1000, undefined, '1,000'],
    ['never -0', -0.001, undefined, '0'],
    ['negative kept', -60.5, undefined, '-60.5'],
    ['one digit', 3.25, 1, '3.3'],
    ['zero digits', 77.5, 0, '78'],
    ['null → dash', null, undefined, '–'],
    ['undefined → dash', undefined, undefined, '–'],
    ['NaN → dash', Number.NaN, undefined, '–'],
    ['Infinity → dash', Number.POSITIVE_INFINITY, undefined, '–'],
  ];
  for (const [name, n, digits, want] of cases) it(name, () => assert.equal(formatNumber(n, digits), want));
});

describe('formatValue, formatCount, formatSeconds, plainNumber', () => {
  const cases: Array<[string, string, string]> = [
    ['percent against the number', formatValue(1.5, '%'), '1.5%'],
    ['percent, one digit', formatValue(77.77, '%', 1), '77.8%'],
    ['ms spaced', formatValue(312.456, 'ms'), '312.46 ms'],
    ['req/s grouped', formatValue(1204.3, 'req/s'), '1,204.3 req/s'],
    ['not measured: dash without unit', formatValue(null, 'ms'), '–'],
    ['count', formatCount(60000), '60,000'],
    ['seconds', formatSeconds(1.5), '1.5s'],
    ['plain: no grouping', plainNumber(1234567.891), '1234567.89'],
    ['plain: three digits', plainNumber(65.0004, 3), '65'],
    ['plain: never -0', plainNumber(-0.0001, 1), '0'],
  ];
  for (const [name, got, want] of cases) it(name, () => assert.equal(got, want));
});
