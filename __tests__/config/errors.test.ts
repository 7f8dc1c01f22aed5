// Broken configs (broken-configs.ts), each with its exact, complete message from the loader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configFromText, loadConfig } from '../../src/config/load.js';
import { InputError } from '../../src/errors.js';
import { BROKEN_CONFIGS, F, options } from './broken-configs.js';

for (const c of BROKEN_CONFIGS) {
  test(`config error: ${c.name}`, () => {
    assert.throws(
      () => configFromText(c.yaml, options(c.overrides, c.environment)),
      (error: unknown) => {
        assert.ok(error instanceof InputError, String(error));
        assert.equal(error.message, c.message);
        assert.equal(error.exitCode, 2);
        return true;
      },
    );
  });
}

test('config error: explicit path that does not exist', async () => {
  await assert.rejects(loadConfig({ ...options(), path: 'no/such/performance_config.yml' }), {
    name: 'InputError',
    message: `no/such/performance_config.yml: config file not found (looked for ${process.cwd()}/no/such/performance_config.yml)`,
  });
});

test('config error: a directory instead of a file', async () => {
  await assert.rejects(loadConfig({ ...options(), path: '__tests__' }), {
    name: 'InputError',
    message: '__tests__: cannot read the config file: EISDIR: illegal operation on a directory, read',
  });
});

test('config error: the error never prints the expanded secret', () => {
  assert.throws(() => configFromText('endpoints:\n  - path: "${TOKEN}"\n', options()), {
    name: 'InputError',
    message: `${F}:2:11: endpoints[0].path: expected a path starting with "/", got "\${TOKEN}"`,
  });
});
