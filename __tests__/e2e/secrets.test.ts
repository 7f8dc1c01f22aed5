// Planted secrets (a ${VAR} header, a ${VAR} body, a Basic-auth header, the Slack webhook URL and
// the GitHub token inputs) are registered with the runner (::add-mask::, in every encoded form)
// and appear nowhere else: not in stdout, stderr, GITHUB_OUTPUT, the job summary or any written file.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formsOf } from '../../src/config/secrets.js';
import { makeWorkspace, runAction } from '../__fixtures__/runner.js';
import { startServer, type TestServer } from '../__fixtures__/servers.js';

const TOKEN = 'tok-9f8e7d6c5b4a3210';
const DB_PASS = 'p@ss w/rd"quoted"';
const BASIC_PASS = 'basicSecret123';
const BASIC = `Basic ${Buffer.from(`svc:${BASIC_PASS}`).toString('base64')}`;
const WEBHOOK = 'http://127.0.0.1:9/services/T000/B000/webhookSecret456';
const GH_TOKEN = 'ghp_plantedGithubToken789';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('secrets never leave the runner unmasked', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer(() => ({ delayMs: 1 }));
  });
  after(() => server.close());

  it('every planted secret is masked in all its forms and found in no output', async () => {
    const workspace = makeWorkspace({
      'deploy/performance_config.yml': [
        'load: { concurrency: 1, duration: 1s }',
        'endpoints:',
        '  - path: /a',
        '    headers: { Authorization: "Bearer ${API_TOKEN}", X-Basic: "' + BASIC + '" }',
        '  - path: /b',
        '    method: POST',
        '    body: \'{"password":"${DB_PASS}"}\'',
        '',
      ].join('\n'),
    });
    const run = await runAction(
      { 'target-url': server.url.href, 'slack-webhook-url': WEBHOOK, 'github-token': GH_TOKEN },
      { workspace, env: { API_TOKEN: TOKEN, DB_PASS } },
    );
    assert.notEqual(run.outputs.verdict, undefined, run.stdout + run.stderr);
    const masked = new Set(
      run.stdout
        .split('\n')
        .filter((l) => l.startsWith('::add-mask::'))
        // the runner unescapes a command's data (%25 → %, %0D → CR, %0A → LF)
        .map((l) =>
          l.slice('::add-mask::'.length).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'),
        ),
    );
    const planted = [TOKEN, DB_PASS, BASIC_PASS, WEBHOOK, GH_TOKEN];
    for (const secret of [TOKEN, DB_PASS, BASIC, WEBHOOK, GH_TOKEN]) {
      for (const form of formsOf(secret)) assert.ok(masked.has(form), `not masked: ${JSON.stringify(form)}`);
    }
    // what the runner shows and keeps: the log (without the add-mask commands it consumes), the
    // outputs, the summary and every file the step wrote
    const outputs: [string, string][] = [
      [
        'stdout',
        run.stdout
          .split('\n')
          .filter((l) => !l.startsWith('::add-mask::'))
          .join('\n'),
      ],
      ['stderr', run.stderr],
      ['GITHUB_OUTPUT', JSON.stringify(run.outputs)],
      ['summary', run.summary],
    ];
    const written = filesUnder(workspace).filter((f) => !f.endsWith('performance_config.yml'));
    assert.ok(
      written.some((f) => f.endsWith('results.json')),
      written.join(', '),
    );
    for (const f of written) outputs.push([f, readFileSync(f, 'latin1')]);
    for (const secret of planted) {
      for (const form of formsOf(secret)) {
        for (const [where, text] of outputs) {
          assert.ok(
            !text.includes(form),
            `${JSON.stringify(form)} (a form of a planted secret) found in ${where}`,
          );
        }
      }
    }
  });
});
