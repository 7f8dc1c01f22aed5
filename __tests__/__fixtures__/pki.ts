// A throw-away PKI made by `openssl` for TLS tests: a CA, a server certificate it signed (localhost,
// app.test, 127.0.0.1), an expired one, a self-signed one, and a client CA with a client certificate.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Pki {
  dir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  expiredCert: string;
  expiredKey: string;
  selfSignedCert: string;
  selfSignedKey: string;
  clientCaCert: string;
  clientCert: string;
  clientKey: string;
  remove(): void;
}

const SERVER_NAMES = 'subjectAltName=DNS:localhost,DNS:app.test,IP:127.0.0.1';

export function makePki(): Pki {
  const dir = mkdtempSync(join(tmpdir(), 'slo-pki-'));
  const p = (name: string): string => join(dir, name);
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'ignore' });
  };
  /** A new RSA key `name`.key and either a self-signed certificate (x509) or a CSR `name`.csr. */
  const newKey = (name: string, subject: string, x509: string[] | null): void =>
    ssl(
      'req',
      ...(x509 ? ['-x509'] : []),
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      p(`${name}.key`),
      '-out',
      p(x509 ? `${name}.pem` : `${name}.csr`),
      '-subj',
      subject,
      ...(x509 ?? []),
    );
  const sign = (name: string, issuer: string, days: string, ext: string | null): void => {
    newKey(name, `/CN=${name}`, null);
    const extArgs: string[] = [];
    if (ext !== null) {
      writeFileSync(p(`${name}.ext`), `${ext}\n`);
      extArgs.push('-extfile', p(`${name}.ext`));
    }
    ssl(
      'x509',
      '-req',
      '-in',
      p(`${name}.csr`),
      '-CA',
      p(`${issuer}.pem`),
      '-CAkey',
      p(`${issuer}.key`),
      '-CAcreateserial',
      '-out',
      p(`${name}.pem`),
      '-days',
      days,
      ...extArgs,
    );
  };
  newKey('test-ca', '/CN=test-ca', ['-days', '2']);
  newKey('client-ca', '/CN=client-ca', ['-days', '2']);
  sign('server', 'test-ca', '2', SERVER_NAMES);
  // valid until yesterday: "certificate has expired"
  sign('expired', 'test-ca', '-1', SERVER_NAMES);
  sign('client', 'client-ca', '2', null);
  newKey('self', '/CN=localhost', ['-addext', SERVER_NAMES, '-days', '2']);
  return {
    dir,
    caCert: p('test-ca.pem'),
    serverCert: p('server.pem'),
    serverKey: p('server.key'),
    expiredCert: p('expired.pem'),
    expiredKey: p('expired.key'),
    selfSignedCert: p('self.pem'),
    selfSignedKey: p('self.key'),
    clientCaCert: p('client-ca.pem'),
    clientCert: p('client.pem'),
    clientKey: p('client.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
