// Transport inputs / flags and the proxy environment: typed overrides, bad values named; the
// proxy choice (explicit, HTTPS_PROXY / HTTP_PROXY, NO_PROXY) as curl and undici make it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSettings, type RawOptions } from '../../src/settings/parse.js';
import { readRunContext } from '../../src/settings/run-context.js';
import { chooseProxy, noProxyMatches } from '../../src/plan/proxy.js';

const parse = (raw: RawOptions, env: Record<string, string> = {}) =>
  parseSettings(
    { 'target-url': 'https://api.example.com/', ...raw },
    env,
    (n) => `--${n}`,
    readRunContext({}),
  );

describe('transport settings', () => {
  it('every transport input becomes a typed override', () => {
    const s = parse({
      'http-version': '2',
      connections: '8',
      resolve: 'api.example.com:443:10.0.0.1, api.example.com:8443:[::1]',
      proxy: 'http://proxy:3128',
      'ca-cert': 'ca.pem',
      'client-cert': 'c.pem',
      'client-key': 'c.key',
      servername: 'api.internal',
      'insecure-tls': 'false',
      'tls-min-version': 'TLSv1.3',
    });
    assert.deepEqual(s.transport, {
      httpVersion: '2',
      connections: 8,
      resolve: [
        { host: 'api.example.com', port: 443, address: '10.0.0.1' },
        { host: 'api.example.com', port: 8443, address: '::1' },
      ],
      proxy: 'http://proxy:3128',
      tls: {
        caCert: 'ca.pem',
        clientCert: 'c.pem',
        clientKey: 'c.key',
        servername: 'api.internal',
        insecure: false,
        minVersion: 'TLSv1.3',
      },
    });
    assert.deepEqual(parse({}).transport, {});
  });

  for (const [name, raw, message] of [
    ['http-version 3', { 'http-version': '3' }, '--http-version: expected one of 1.1, 2, got "3"'],
    ['connections 0', { connections: '0' }, '--connections: expected an integer from 1 to 100000, got "0"'],
    [
      'resolve without a port',
      { resolve: 'api.example.com:10.0.0.1' },
      '--resolve: expected host:port:address, e.g. api.example.com:443:10.0.0.12, got "api.example.com:10.0.0.1"',
    ],
    [
      'insecure-tls maybe',
      { 'insecure-tls': 'maybe' },
      '--insecure-tls: expected true or false, got "maybe"',
    ],
    [
      'tls-min-version 1.3',
      { 'tls-min-version': '1.3' },
      '--tls-min-version: expected one of TLSv1.2, TLSv1.3, got "1.3"',
    ],
  ] as const) {
    it(`bad input: ${name}`, () => {
      assert.throws(() => parse(raw), { name: 'InputError', message });
    });
  }

  it('proxy variables: upper case wins, a value that is no URL is named', () => {
    const env = {
      HTTPS_PROXY: 'http://a:1',
      https_proxy: 'http://b:2',
      http_proxy: 'c:3',
      no_proxy: 'localhost',
    };
    assert.deepEqual(parse({}, env).proxyEnv, {
      httpsProxy: 'http://a:1/',
      httpProxy: 'http://c:3/',
      noProxy: 'localhost',
    });
    assert.throws(() => parse({}, { HTTPS_PROXY: 'http://[bad' }), {
      name: 'InputError',
      message: 'environment HTTPS_PROXY: expected a proxy URL such as http://proxy:3128, got "http://[bad"',
    });
  });
});

describe('proxy choice', () => {
  const env = { httpsProxy: 'http://sp:1/', httpProxy: 'http://p:2/', noProxy: null };
  const cases: {
    name: string;
    target: string;
    explicit?: string;
    noProxy?: string;
    expected: string | null;
  }[] = [
    {
      name: 'https target: HTTPS_PROXY',
      target: 'https://api.example.com/',
      expected: 'http://sp:1/ HTTPS_PROXY',
    },
    {
      name: 'http target: HTTP_PROXY',
      target: 'http://api.example.com/',
      expected: 'http://p:2/ HTTP_PROXY',
    },
    {
      name: 'explicit proxy wins and ignores NO_PROXY',
      target: 'https://api.example.com/',
      explicit: 'http://x:9',
      noProxy: '*',
      expected: 'http://x:9/ proxy',
    },
    {
      name: 'NO_PROXY exact host',
      target: 'https://api.example.com/',
      noProxy: 'other, api.example.com',
      expected: null,
    },
    {
      name: 'NO_PROXY domain suffix',
      target: 'https://api.example.com/',
      noProxy: '.example.com',
      expected: null,
    },
    {
      name: 'NO_PROXY suffix does not match a longer name',
      target: 'https://badexample.com/',
      noProxy: 'example.com',
      expected: 'http://sp:1/ HTTPS_PROXY',
    },
    {
      name: 'NO_PROXY with another port',
      target: 'https://api.example.com/',
      noProxy: 'api.example.com:8443',
      expected: 'http://sp:1/ HTTPS_PROXY',
    },
    {
      name: 'NO_PROXY with the default port',
      target: 'https://api.example.com/',
      noProxy: 'api.example.com:443',
      expected: null,
    },
    { name: 'NO_PROXY *', target: 'http://127.0.0.1:8080/', noProxy: '*', expected: null },
    { name: 'NO_PROXY IPv6 in brackets', target: 'http://[::1]:8080/', noProxy: '[::1]', expected: null },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const choice = chooseProxy(new URL(c.target), c.explicit ? new URL(c.explicit) : null, {
        ...env,
        noProxy: c.noProxy ?? null,
      });
      assert.equal(choice === null ? null : `${choice.url.href} ${choice.source}`, c.expected);
    });
  }

  it('noProxyMatches is case-insensitive', () => {
    assert.equal(noProxyMatches('API.Example.COM', 'api.example.com', 443), true);
  });
});
