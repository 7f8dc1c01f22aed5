// The reusable workflow accepts its original callers unchanged: GitHub rejects an undeclared input
// and a string for a `type: number` input before any job starts, and actionlint does not check a
// local reusable workflow against its caller, so this test does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';

type Input = { type: 'string' | 'number' | 'boolean'; required?: boolean; default?: unknown };
const reusable = parse(readFileSync('.github/workflows/loadtest.yml', 'utf8'));
const inputs: Record<string, Input> = reusable.on.workflow_call.inputs;

/** What GitHub checks: every given name declared, the value's type the declared type, required ones given. */
function callerProblems(withBlock: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(withBlock)) {
    const input = inputs[name];
    if (!input) {
      problems.push(`${name}: not declared`);
      continue;
    }
    const expression = typeof value === 'string' && /^\$\{\{.*\}\}$/.test(value.trim());
    // an expression's type is only known at run time: GitHub accepts it for a string input only
    // when it yields a string; a literal must have the declared type
    if (!expression && typeof value !== input.type)
      problems.push(`${name}: ${typeof value} for a ${input.type} input`);
    if (expression && input.type !== 'string')
      problems.push(`${name}: an expression for a ${input.type} input`);
  }
  for (const [name, input] of Object.entries(inputs)) {
    if (input.required && !(name in withBlock)) problems.push(`${name}: required, not given`);
  }
  return problems;
}

describe('.github/workflows/loadtest.yml (reusable)', () => {
  it('declares exactly the original inputs with their types, plus the canary/rollout ones', () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries(inputs).map(([n, i]) => [n, [i.type, i.required ?? false]])),
      {
        target_url: ['string', true],
        concurrency: ['number', false],
        duration: ['number', false],
        config_path: ['string', false],
        environment: ['string', false],
        baseline_url: ['string', false],
        stage: ['string', false],
        traffic_weight: ['number', false],
      },
    );
    assert.deepEqual(Object.keys(reusable.on.workflow_call.outputs), ['verdict', 'rollback', 'p95_ms']);
  });

  it('accepts the original caller: target_url from the shadow test, concurrency 500, duration 300', () => {
    const original = parse(`
load-test:
  needs: shadow-test
  uses: ./.github/workflows/loadtest.yml
  with:
    target_url: \${{ needs.shadow-test.outputs.canary_url }}
    concurrency: 500
    duration: 300
`)['load-test'];
    assert.deepEqual(callerProblems(original.with), []);
    const example = parse(readFileSync('examples/workflows/shadow-then-load-test.yml', 'utf8'));
    assert.deepEqual(example.jobs['load-test'], original);
  });

  it('the same check rejects what GitHub rejects', () => {
    assert.deepEqual(callerProblems({ 'target-url': 'x', duration: '60' }), [
      'target-url: not declared',
      'duration: string for a number input',
      'target_url: required, not given',
    ]);
  });

  it('every output comes from the gate step', () => {
    const job = reusable.jobs.gate;
    assert.deepEqual(job.outputs, {
      verdict: '${{ steps.gate.outputs.verdict }}',
      rollback: '${{ steps.gate.outputs.rollback }}',
      p95_ms: '${{ steps.gate.outputs.p95-ms }}',
    });
    const action = parse(readFileSync('action.yml', 'utf8'));
    for (const input of Object.keys(job.steps[1].with))
      assert.ok(input in action.inputs, `${input} is an input of action.yml`);
  });
});
