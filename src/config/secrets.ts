// What the action masks of a config (core.setSecret at the entry): every value a ${VAR} expanded
// to, the values of credential-like headers, and the forms derived from them that a log line or a
// file could show (the token inside "Basic …" / "Bearer …", a Basic pair decoded, base64,
// URL-encoded and JSON-escaped copies). The runner masks exact strings only.
import type { EndpointConfig } from './types.js';

const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie)$|token|secret|key|auth|passw|session/i;
/** A value that carries credentials whatever its header's name. */
const AUTH_SCHEME = /^(basic|bearer|token|digest)\s+\S/i;
/** Shorter values are not masked: masking "1" or "on" would garble every log line. */
const MIN_SECRET_CHARS = 4;

export function secretsOf(expanded: Iterable<string>, endpoints: readonly EndpointConfig[]): string[] {
  const base = new Set<string>(expanded);
  for (const e of endpoints) {
    for (const [name, value] of Object.entries(e.headers)) {
      if (CREDENTIAL_HEADER.test(name) || AUTH_SCHEME.test(value)) base.add(value);
    }
  }
  const out = new Set<string>();
  for (const value of base) {
    if (value.length < MIN_SECRET_CHARS) continue;
    for (const form of formsOf(value)) if (form.length >= MIN_SECRET_CHARS) out.add(form);
  }
  return [...out];
}

/** A secret and what it looks like once encoded or unwrapped. */
export function formsOf(value: string): string[] {
  const forms = [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)];
  forms.push(Buffer.from(value).toString('base64'));
  const scheme = /^(basic|bearer|token|digest)\s+(.+)$/i.exec(value);
  if (scheme) {
    const credential = scheme[2]!;
    forms.push(credential);
    if (scheme[1]!.toLowerCase() === 'basic') {
      const pair = Buffer.from(credential, 'base64').toString('utf8');
      const colon = pair.indexOf(':');
      if (colon > 0) forms.push(pair, pair.slice(colon + 1));
    }
  }
  return forms;
}
