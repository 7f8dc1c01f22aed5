// Transport errors → ErrorKind: the generator's own resource limits are not the target's errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyError } from '../../src/engine/classify.js';
import { ERROR_KIND_NAMES, ErrorKind } from '../../src/metrics/types.js';

const withCode = (code: string): Error => Object.assign(new Error('x'), { code });

describe('classifyError', () => {
  const cases: Array<[string, ErrorKind]> = [
    ['EMFILE', ErrorKind.Generator],
    ['ENFILE', ErrorKind.Generator],
    ['EADDRNOTAVAIL', ErrorKind.Generator],
    ['ENOBUFS', ErrorKind.Generator],
    ['ENOMEM', ErrorKind.Generator],
    ['EPROTO', ErrorKind.Tls],
    ['ERR_SSL_WRONG_VERSION_NUMBER', ErrorKind.Tls],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', ErrorKind.Tls],
    ['ECONNREFUSED', ErrorKind.ConnectionRefused],
    ['ECONNRESET', ErrorKind.ConnectionReset],
    ['EPIPE', ErrorKind.ConnectionReset],
    ['ENOTFOUND', ErrorKind.Dns],
    ['ETIMEDOUT', ErrorKind.Timeout],
    ['HPE_INVALID_CONSTANT', ErrorKind.Protocol],
    ['EHOSTUNREACH', ErrorKind.Other],
  ];
  for (const [code, kind] of cases) {
    it(`${code} → ${ERROR_KIND_NAMES[kind]}`, () => {
      assert.equal(classifyError(withCode(code)), kind);
    });
  }

  it('errors without a code are other', () => {
    assert.equal(classifyError(new Error('x')), ErrorKind.Other);
    assert.equal(classifyError(null), ErrorKind.Other);
  });

  it('kind numbers are stable and every kind has a name', () => {
    assert.equal(ErrorKind.NotSent, 9);
    assert.equal(ErrorKind.Generator, 10);
    assert.equal(ERROR_KIND_NAMES[ErrorKind.Generator], 'generator_resources');
    assert.deepEqual(
      Object.keys(ERROR_KIND_NAMES).map(Number),
      Object.values(ErrorKind).sort((a, b) => a - b),
    );
  });
});
