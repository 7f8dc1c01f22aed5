// Transport errors → ErrorKind: the generator's own resource limits are not the target's errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyError, describeError } from '../../src/engine/classify.js';
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

describe('describeError', () => {
  const error = (code: string, message: string, extra: object = {}): Error =>
    Object.assign(new Error(message), { code }, extra);
  const cases: Array<[string, Error, string]> = [
    [
      'an expired certificate in plain words',
      error('CERT_HAS_EXPIRED', 'certificate has expired'),
      'certificate has expired',
    ],
    [
      'a TLS version refused in the handshake',
      error(
        'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
        'C0:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version',
      ),
      'the server refused the TLS version (none of those allowed, see tls-min-version, is one it speaks)',
    ],
    [
      'the same refusal on a write (EPROTO, the reason only in the message): the same words',
      error(
        'EPROTO',
        'write EPROTO C096BE281F7F0000:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:918:SSL alert number 70',
      ),
      'the server refused the TLS version (none of those allowed, see tls-min-version, is one it speaks)',
    ],
    [
      'TLS to a plain-HTTP port',
      error(
        'EPROTO',
        'write EPROTO 00:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl/record.c:1',
      ),
      'the server did not answer in TLS (a plain-HTTP port? use http://)',
    ],
    [
      'a hostname mismatch names the certificate',
      error('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames", {
        host: 'wrong.test',
        cert: { subjectaltname: 'DNS:localhost' },
      }),
      "hostname mismatch: wrong.test not in the certificate's names (DNS:localhost)",
    ],
    ['an EPROTO without an OpenSSL reason: as Node says it', error('EPROTO', 'write EPROTO'), 'write EPROTO'],
    [
      'not TLS: the message and its code',
      error('ECONNREFUSED', 'connect refused'),
      'connect refused (ECONNREFUSED)',
    ],
  ];
  for (const [name, e, expected] of cases) {
    it(name, () => assert.equal(describeError(e), expected));
  }
});
