// Every workflow in the repository that uses this action passes it only inputs that action.yml
// declares, and every required one: the runner only warns about an unexpected input (and the value
// is then silently ignored), and actionlint cannot see this action's inputs.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';

const ACTION_REF = 'org/slo-loadtest-action@v1';
const MERGE_REF = 'org/slo-loadtest-action/merge@v1';
const inputsOf = (file: string): Record<string, { required?: boolean }> =>
  parse(readFileSync(file, 'utf8')).inputs ?? {};
const declared: Record<string, Record<string, { required?: boolean }>> = {
  [ACTION_REF]: inputsOf('action.yml'),
  [MERGE_REF]: inputsOf('merge/action.yml'),
};

type Step = { uses?: string; with?: Record<string, unknown> };
const workflows = [
  ...readdirSync('.github/workflows').map((f) => `.github/workflows/${f}`),
  ...readdirSync('examples/workflows').map((f) => `examples/workflows/${f}`),
].filter((f) => /\.ya?ml$/.test(f));

function problemsOf(steps: Step[]): string[] {
  const problems: string[] = [];
  for (const step of steps) {
    const inputs = step.uses === undefined ? undefined : declared[step.uses];
    if (!inputs) continue;
    const given = step.with ?? {};
    for (const name of Object.keys(given)) {
      if (!(name in inputs)) problems.push(`${step.uses}: undeclared input ${name}`);
    }
    for (const [name, spec] of Object.entries(inputs)) {
      if (spec.required === true && !(name in given)) problems.push(`${step.uses}: missing ${name}`);
    }
  }
  return problems;
}

describe('workflows that use this action', () => {
  for (const file of workflows) {
    it(`${file}: only declared inputs, every required one`, () => {
      const jobs = Object.values<{ steps?: Step[] }>(parse(readFileSync(file, 'utf8')).jobs ?? {});
      assert.deepEqual(problemsOf(jobs.flatMap((j) => j.steps ?? [])), []);
    });
  }

  it('a misspelt input and a missing target-url are found', () => {
    assert.deepEqual(problemsOf([{ uses: ACTION_REF, with: { baseline_url: 'https://prod' } }]), [
      `${ACTION_REF}: undeclared input baseline_url`,
      `${ACTION_REF}: missing target-url`,
    ]);
  });
});
