// Seeded fuzzing of the inputs / flags: random values for random options must either parse into
// Settings or fail with an InputError that names the option — never another exception. A sample
// of broken configs and flags also goes through the real CLI process: exit 2, no stack trace.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Inputs } from '../../src/constants.js';
import { InputError } from '../../src/errors.js';
import { parseCli } from '../../src/settings/flags.js';
import { parseSettings, type RawOptions } from '../../src/settings/parse.js';
import { readRunContext } from '../../src/settings/run-context.js';
import { cliFromSource } from '../__fixtures__/cli-source.js';
import { seededRng, type Rng } from '../__fixtures__/rng.js';

const VALUES: readonly string[] = [
  '',
  ' ',
  '0',
  '-1',
  '1',
  '50',
  '1e3',
  '0x10',
  '1.5',
  'NaN',
  'Infinity',
  '-Infinity',
  '99999999999999999999',
  '1000001',
  '100001',
  '25h',
  '86400',
  '86401',
  '1h30m',
  '5m1h',
  '500ms',
  'true',
  'yes',
  'maybe',
  'rate',
  'burst',
  '50:500:5s:30s',
  '1:2:3',
  '500:50:5s:30s',
  'http://127.0.0.1:8080/',
  'https://user:pw@example.com/',
  'ftp://x/',
  'not a url',
  '2/4',
  '5/4',
  'next:1m',
  'next:0s',
  '2026-12-01T23:00:00Z',
  'X-A: b\nX-C: d',
  'bad header',
  'h:443:127.0.0.1',
  'ünïcødé ✓',
  '\u0000\u0001',
  'x'.repeat(50_000),
];

const NAMES = Object.values(Inputs);

function randomRaw(rng: Rng): RawOptions {
  const raw: RawOptions = { 'target-url': rng.chance(0.9) ? 'http://127.0.0.1:8080/' : rng.pick(VALUES) };
  for (let n = rng.int(5); n > 0; n--) raw[rng.pick(NAMES)] = rng.pick(VALUES);
  return raw;
}

test('settings fuzz: 5,000 random input sets (seed 4242) — Settings or an InputError naming the input, never another exception', () => {
  const rng = seededRng(4242);
  const seen = { accepted: 0, rejected: 0 };
  for (let i = 0; i < 5000; i++) {
    const raw = randomRaw(rng);
    try {
      parseSettings(raw, {}, (name) => `input ${name}`, readRunContext({}));
      seen.accepted++;
    } catch (error) {
      const what = JSON.stringify(raw).slice(0, 500);
      assert.ok(error instanceof InputError, `${String(error)} for ${what}`);
      assert.match(error.message, /^input [a-z-]+/, what);
      assert.ok(error.message.length < 600, `message of ${error.message.length} characters for ${what}`);
      seen.rejected++;
    }
  }
  assert.ok(seen.accepted > 200 && seen.rejected > 1000, JSON.stringify(seen));
});

const FLAG_WORDS = [
  'run',
  'canary',
  'rollout',
  'merge',
  'calibrate',
  '--rate',
  '--concurrency',
  '--duration',
];

test('flags fuzz: 3,000 random command lines (seed 99) — a command or an InputError, never another exception', () => {
  const rng = seededRng(99);
  const flags = [
    '--target',
    '--rate',
    '--duration',
    '--pattern',
    '--burst',
    '--shard',
    '--stages',
    '--settle',
  ];
  for (let i = 0; i < 3000; i++) {
    const argv = [rng.pick(FLAG_WORDS)];
    for (let n = rng.int(6); n > 0; n--) argv.push(rng.chance(0.5) ? rng.pick(flags) : rng.pick(VALUES));
    try {
      parseCli(argv, {});
    } catch (error) {
      assert.ok(error instanceof InputError, `${String(error)} for ${JSON.stringify(argv).slice(0, 300)}`);
      assert.doesNotMatch(error.message, /\n\s+at /);
    }
  }
});

const BROKEN_FILES: readonly string[] = [
  'load: { rate: .nan }\n',
  'load: { duration: .inf }\n',
  'load: { duration: 1e308 }\n',
  'load: { concurrency: 1000000 }\n',
  'load: { rate: 2000000 }\n',
  'endpoints:\n  - { path: /, weight: 1e300 }\n',
  'endpoints: []\n',
  'load:\n\tconcurrency: 5\n',
  'load: { a: 1, a: 2 }\n',
  'thresholds: { latency: { p100: 5 } }\n',
  `endpoints:\n  - { path: "/${'x'.repeat(200)}", headers: { X-A: "${'y'.repeat(9000)}" } }\n`,
  '\u0000\u0001\u0002',
  'a: &a [*a]\n',
  'x: *missing\n',
];

/** 50 processes in the suite (about 20 s); FUZZ_CLI_CASES=300 for a longer run by hand. */
const CLI_CASES = Number(process.env.FUZZ_CLI_CASES ?? 50);

test(`CLI process fuzz: ${BROKEN_FILES.length} broken configs and ${CLI_CASES - BROKEN_FILES.length} random broken flag sets (seed 7) exit 2 with one located line, no stack trace`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fuzz-cli-'));
  const rng = seededRng(7);
  const cases: string[][] = BROKEN_FILES.map((text, i) => {
    const file = join(dir, `c${i}.yml`);
    writeFileSync(file, text);
    return ['run', '--target', 'http://127.0.0.1:9/', '--config', file];
  });
  while (cases.length < CLI_CASES) {
    const flag = rng.pick(['--rate', '--duration', '--concurrency', '--burst', '--shard', '--timeout']);
    const value = rng.pick(['NaN', '-1', '1e9', '25h', '0', 'x'.repeat(5000), '1:2', '\u0001']);
    cases.push(['run', '--target', 'http://127.0.0.1:9/', '--config', join(dir, 'none.yml'), flag, value]);
  }
  // four processes at a time: each is a full node start-up
  for (let i = 0; i < cases.length; i += 4) {
    const runs = await Promise.all(cases.slice(i, i + 4).map((args) => cliFromSource(args)));
    runs.forEach((r, j) => {
      const what = `${JSON.stringify(cases[i + j]).slice(0, 300)}: ${r.stderr.slice(0, 500)}`;
      assert.equal(r.code, 2, what);
      assert.match(r.stderr, /^error: \S/, what);
      assert.doesNotMatch(r.stderr, /\n\s+at /, what);
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, what);
    });
  }
});

test('flags: a value starting with "-" is one line telling how to write it (it was three lines)', () => {
  assert.throws(() => parseCli(['run', '--target', 'http://127.0.0.1/', '--concurrency', '-1'], {}), {
    name: 'InputError',
    message:
      "Option '--concurrency' argument is ambiguous. Did you forget to specify the option argument for '--concurrency'? To specify an option argument starting with a dash use '--concurrency=-XYZ'.; see slo-loadtest --help",
  });
});

test('inputs: a rate over 1,000,000/s and a duration over 24 h are refused by the file rules', () => {
  const parse = (raw: RawOptions) =>
    parseSettings({ 'target-url': 'http://127.0.0.1/', ...raw }, {}, (n) => `input ${n}`, readRunContext({}));
  assert.throws(() => parse({ rate: '2000000' }), {
    message: 'input rate: expected at most 1000000 requests per second, got "2000000"',
  });
  assert.throws(() => parse({ duration: '25h' }), {
    message: 'input duration: expected a duration of at most 24h, got "25h"',
  });
});
