// Generates the README's inputs and outputs tables from action.yml, between the markers
// <!-- inputs:start --> … <!-- inputs:end --> and <!-- outputs:start --> … <!-- outputs:end -->.
// `--check` changes nothing and exits 1 when the README has drifted from action.yml.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

const action = parse(readFileSync('action.yml', 'utf8'));
const cell = (text) =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ')
    .trim();

const inputs = [
  '| Input | Required | Default | Description |',
  '| --- | --- | --- | --- |',
  ...Object.entries(action.inputs).map(
    ([name, spec]) =>
      `| \`${name}\` | ${spec.required ? 'yes' : 'no'} | ${spec.default === undefined ? '' : `\`${cell(spec.default)}\``} | ${cell(spec.description)} |`,
  ),
].join('\n');
const outputs = [
  '| Output | Description |',
  '| --- | --- |',
  ...Object.entries(action.outputs).map(([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`),
].join('\n');

let readme = readFileSync('README.md', 'utf8');
for (const [name, table] of [
  ['inputs', inputs],
  ['outputs', outputs],
]) {
  const pattern = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
  if (!pattern.test(readme)) {
    console.error(`README.md: the markers <!-- ${name}:start --> and <!-- ${name}:end --> are missing`);
    process.exit(1);
  }
  readme = readme.replace(pattern, (_, start, end) => `${start}\n${table}\n${end}`);
}

if (process.argv.includes('--check')) {
  if (readme !== readFileSync('README.md', 'utf8')) {
    console.error('README.md: the inputs/outputs tables differ from action.yml; run `npm run docs`');
    process.exit(1);
  }
  console.log('README.md tables match action.yml');
} else {
  writeFileSync('README.md', readme);
  console.log('README.md tables regenerated from action.yml');
}
