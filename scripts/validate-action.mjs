// Validates action.yml against SchemaStore's github-action.json (from ../shared/schemas, or
// $SCHEMA_DIR), and every workflow file against github-workflow.json.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';

const schemaDir = process.env.SCHEMA_DIR ?? '../shared/schemas';
if (!existsSync(join(schemaDir, 'github-action.json'))) {
  console.error(
    `${schemaDir}/github-action.json not found: set SCHEMA_DIR to a folder with SchemaStore's schemas`,
  );
  process.exit(1);
}
const ajv = new Ajv({ strict: false, allErrors: true });
const load = (name) => ajv.compile(JSON.parse(readFileSync(join(schemaDir, name), 'utf8')));
const action = load('github-action.json');
const checks = [
  ['action.yml', action],
  ['merge/action.yml', action],
];
const workflow = load('github-workflow.json');
for (const dir of ['.github/workflows', 'examples/workflows']) {
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)))
    checks.push([join(dir, file), workflow]);
}
let failed = false;
for (const [file, validate] of checks) {
  if (validate(parse(readFileSync(file, 'utf8')))) {
    console.log(`✓ ${file}`);
  } else {
    failed = true;
    for (const e of validate.errors) console.error(`✗ ${file}: ${e.instancePath || '/'} ${e.message}`);
  }
}
process.exit(failed ? 1 : 0);
