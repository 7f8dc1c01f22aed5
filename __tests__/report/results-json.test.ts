// results.json: written verbatim and valid against schemas/results.schema.json.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { allFixtures, manyEndpointsReport } from '../__fixtures__/report-fixtures.js';
import { writeResultsJson } from '../../src/report/results-json.js';
import { RESULTS_SCHEMA_VERSION } from '../../src/constants.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const schema = JSON.parse(
  await readFile(new URL('../../schemas/results.schema.json', import.meta.url), 'utf8'),
);
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);

describe('results.json schema', () => {
  const cases = { ...allFixtures, many: manyEndpointsReport(20) };
  for (const [name, report] of Object.entries(cases)) {
    it(`accepts the ${name} fixture`, () => {
      assert.equal(validate(JSON.parse(JSON.stringify(report))), true, ajv.errorsText(validate.errors));
    });
  }
  it('pins schemaVersion to the constant', () => {
    assert.equal(schema.properties.schemaVersion.const, RESULTS_SCHEMA_VERSION);
    assert.equal(validate({ ...allFixtures.pass, schemaVersion: 2 }), false);
  });
  it('rejects a report missing a contract field', () => {
    const { totals: _t, ...rest } = allFixtures.pass;
    assert.equal(validate(rest), false);
    assert.equal(validate({ ...allFixtures.pass, verdict: 'ok' }), false);
    assert.equal(
      validate({ ...allFixtures.pass, slos: [{ ...allFixtures.pass.slos[0], passed: 'yes' }] }),
      false,
    );
  });
});

describe('writeResultsJson', () => {
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
  it('writes the report verbatim as pretty JSON into a new output dir', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'results-json-'));
    dirs.push(dir);
    const path = await writeResultsJson(allFixtures.fail, join(dir, 'nested', 'out'));
    assert.equal(path, join(dir, 'nested', 'out', 'results.json'));
    const text = await readFile(path, 'utf8');
    assert.deepEqual(JSON.parse(text), allFixtures.fail);
    assert.ok(text.startsWith('{\n  "schemaVersion": 1,'));
  });
});
