// `endpoints` -> EndpointConfig[] (+ their per-endpoint SLOs).
import {
  CONTENT_TYPE,
  ENDPOINT_KEYS,
  HEADER_NAME,
  HEADER_VALUE,
  JSON_CONTENT_TYPE,
  LIMITS,
  MAX_STATUS,
  METHODS,
  MIN_STATUS,
} from './keys.js';
import { accepts, LOAD_FIELD_KEY, LOAD_RULES, readRule, WEIGHT_RULE } from './load-fields.js';
import { child, configError, quote, type Origin } from './messages.js';
import { at, fail, readInt, readMap, readNumber, readString, type Ctx } from './fields.js';
import { readThresholds } from './thresholds.js';
import type { Node } from './tree.js';
import { expand, type Vars } from './vars.js';
import type { EndpointConfig, LoadConfig, SloSpec, TimeoutField } from './types.js';

export const DEFAULT_METHOD = 'GET';
export const DEFAULT_PATH = '/';
export const DEFAULT_WEIGHT = 1;
/** 200-399: success unless expect_status says otherwise. */
export const DEFAULT_EXPECT_STATUS: readonly number[] = Array.from({ length: 200 }, (_, i) => 200 + i);

export const DEFAULT_ENDPOINT: EndpointConfig = {
  name: `${DEFAULT_METHOD} ${DEFAULT_PATH}`,
  method: DEFAULT_METHOD,
  path: DEFAULT_PATH,
  displayPath: DEFAULT_PATH,
  headers: {},
  body: null,
  weight: DEFAULT_WEIGHT,
  expectStatus: DEFAULT_EXPECT_STATUS,
};

export interface Endpoints {
  endpoints: EndpointConfig[];
  slos: SloSpec[];
  /** By endpoint: where each of its own timeouts was written (checked against the load once it is resolved). */
  timeoutOrigins: TimeoutOrigins[];
}

type TimeoutOrigins = Partial<Record<TimeoutField, Origin>>;

/** endpoints[].timeout, connect_timeout, first_byte_timeout: the load's rules (positive, <= 24h). */
const TIMEOUT_FIELDS: readonly TimeoutField[] = ['timeoutMs', 'connectTimeoutMs', 'firstByteTimeoutMs'];

export function readEndpoints(ctx: Ctx, node: Node | undefined, vars: Vars): Endpoints {
  if (node === undefined) return { endpoints: [DEFAULT_ENDPOINT], slos: [], timeoutOrigins: [{}] };
  if (node.kind !== 'seq') fail(ctx, node, 'endpoints', 'a list of endpoints');
  if (node.items.length === 0)
    throw configError(at(ctx, node), 'endpoints', 'expected at least one endpoint, got an empty list');
  if (node.items.length > LIMITS.endpoints)
    throw configError(
      at(ctx, node),
      'endpoints',
      `expected at most ${LIMITS.endpoints} endpoints, got ${node.items.length}`,
    );
  const endpoints: EndpointConfig[] = [];
  const slos: SloSpec[] = [];
  const timeoutOrigins: TimeoutOrigins[] = [];
  const seen = new Map<string, number>();
  node.items.forEach((item, index) => {
    const path = child('endpoints', index);
    const origins: TimeoutOrigins = {};
    const endpoint = readEndpoint(ctx, item, path, vars, origins);
    timeoutOrigins.push(origins);
    const nameNode = readMap(ctx, item, path, ENDPOINT_KEYS).get('name')?.value ?? item;
    const previous = seen.get(endpoint.name);
    if (previous !== undefined) {
      throw configError(
        at(ctx, nameNode),
        child(path, 'name'),
        `duplicate endpoint name "${endpoint.name}" (also endpoints[${previous}])`,
      );
    }
    seen.set(endpoint.name, index);
    endpoints.push(endpoint);
    const thresholds = readMap(ctx, item, path, ENDPOINT_KEYS).get('thresholds')?.value;
    if (thresholds !== undefined)
      slos.push(...readThresholds(ctx, thresholds, child(path, 'thresholds'), endpoint.name).slos);
  });
  return { endpoints, slos, timeoutOrigins };
}

/**
 * An endpoint's own phase timeout longer than its total timeout (its own, else load.timeout, after
 * the inputs / flags) would never fire: refused, as in `load`. A load-level phase timeout longer
 * than an endpoint's own total is not an error: that endpoint's total simply comes first.
 */
export function checkEndpointTimeouts(
  endpoints: readonly EndpointConfig[],
  origins: readonly TimeoutOrigins[],
  load: LoadConfig,
): void {
  endpoints.forEach((e, index) => {
    const where = child('endpoints', index);
    const own = origins[index] ?? {};
    const total =
      e.timeoutMs === undefined
        ? { ms: load.timeoutMs, name: `load.${LOAD_FIELD_KEY.timeoutMs}` }
        : { ms: e.timeoutMs, name: child(where, LOAD_FIELD_KEY.timeoutMs) };
    for (const phase of ['connectTimeoutMs', 'firstByteTimeoutMs'] as const) {
      const ms = e[phase];
      const origin = own[phase];
      if (ms === undefined || origin === undefined || ms <= total.ms) continue;
      throw configError(
        origin,
        child(where, LOAD_FIELD_KEY[phase]),
        `expected at most ${total.name} (${total.ms}ms), got ${ms}ms`,
      );
    }
  });
}

function readEndpoint(
  ctx: Ctx,
  node: Node,
  path: string,
  vars: Vars,
  timeoutOrigins: TimeoutOrigins,
): EndpointConfig {
  const entries = readMap(ctx, node, path, ENDPOINT_KEYS);
  const get = (key: string): Node | undefined => entries.get(key)?.value;

  const methodNode = get('method');
  const method =
    methodNode === undefined
      ? DEFAULT_METHOD
      : readString(ctx, methodNode, child(path, 'method')).toUpperCase();
  if (methodNode !== undefined && !(METHODS as readonly string[]).includes(method)) {
    fail(ctx, methodNode, child(path, 'method'), `one of ${METHODS.join(', ')}`);
  }

  const pathNode = get('path');
  if (pathNode === undefined)
    throw configError(at(ctx, node), child(path, 'path'), 'missing, expected a path starting with "/"');
  const rawPath = readString(ctx, pathNode, child(path, 'path'), 'a path starting with "/"');
  const urlPath = expand(rawPath, vars, at(ctx, pathNode), child(path, 'path'));
  if (!urlPath.startsWith('/')) fail(ctx, pathNode, child(path, 'path'), 'a path starting with "/"');

  const nameNode = get('name');
  const name =
    nameNode === undefined
      ? `${method} ${rawPath}`
      : readString(ctx, nameNode, child(path, 'name'), 'a non-empty string');
  if (name.trim() === '') fail(ctx, nameNode!, child(path, 'name'), 'a non-empty string');

  const headers = readHeaders(ctx, get('headers'), child(path, 'headers'), vars);
  const bodyNode = get('body');
  const body = bodyNode === undefined ? null : readBody(ctx, bodyNode, child(path, 'body'), vars);
  if (body !== null && Buffer.byteLength(body) > LIMITS.bodyBytes) {
    throw configError(
      at(ctx, bodyNode!),
      child(path, 'body'),
      `expected at most ${LIMITS.bodyBytes} bytes (1 MiB), got ${Buffer.byteLength(body)}`,
    );
  }
  if (
    bodyNode !== undefined &&
    bodyNode.kind !== 'scalar' &&
    !Object.keys(headers).some((h) => h.toLowerCase() === CONTENT_TYPE)
  ) {
    headers[CONTENT_TYPE] = JSON_CONTENT_TYPE;
  }

  const weightNode = get('weight');
  const weight =
    weightNode === undefined
      ? DEFAULT_WEIGHT
      : readNumber(ctx, weightNode, child(path, 'weight'), WEIGHT_RULE.expected, (n) =>
          accepts(WEIGHT_RULE, n),
        );
  const statusNode = get('expect_status');
  const expectStatus =
    statusNode === undefined
      ? DEFAULT_EXPECT_STATUS
      : readStatuses(ctx, statusNode, child(path, 'expect_status'));
  const timeouts: Partial<Record<TimeoutField, number>> = {};
  for (const field of TIMEOUT_FIELDS) {
    const key = LOAD_FIELD_KEY[field];
    const n = get(key);
    if (n === undefined) continue;
    timeouts[field] = readRule(ctx, n, child(path, key), LOAD_RULES[field]) as number;
    timeoutOrigins[field] = at(ctx, n);
  }
  return {
    name,
    method,
    path: urlPath,
    displayPath: rawPath,
    headers,
    body,
    weight,
    expectStatus,
    ...timeouts,
  };
}

function readHeaders(ctx: Ctx, node: Node | undefined, path: string, vars: Vars): Record<string, string> {
  const headers: Record<string, string> = {};
  if (node === undefined) return headers;
  const entries = readMap(ctx, node, path, null);
  if (entries.size > LIMITS.headers)
    throw configError(at(ctx, node), path, `expected at most ${LIMITS.headers} headers, got ${entries.size}`);
  for (const [key, entry] of entries) {
    const keyPath = child(path, key);
    if (!HEADER_NAME.test(key)) {
      throw configError(
        { kind: 'file', file: ctx.file, pos: entry.keyPos },
        keyPath,
        `expected a header name, got ${quote(key)}`,
      );
    }
    const value = readString(ctx, entry.value, keyPath, 'a string (quote numbers and booleans)');
    const expanded = expand(value, vars, at(ctx, entry.value), keyPath);
    // never quote the value: it may hold an expanded secret
    if (!HEADER_VALUE.test(expanded)) {
      throw configError(
        at(ctx, entry.value),
        keyPath,
        'expected visible ASCII characters (percent-encode or base64 other text)',
      );
    }
    if (expanded.length > LIMITS.headerValueBytes) {
      throw configError(
        at(ctx, entry.value),
        keyPath,
        `expected at most ${LIMITS.headerValueBytes} bytes, got ${expanded.length}`,
      );
    }
    headers[key] = expanded;
  }
  return headers;
}

/** A string body as written; a mapping or list is JSON-encoded (string leaves expanded first). */
function readBody(ctx: Ctx, node: Node, path: string, vars: Vars): string {
  if (node.kind === 'scalar') {
    return expand(readString(ctx, node, path, 'a string, a mapping or a list'), vars, at(ctx, node), path);
  }
  const toJson = (n: Node, p: string): unknown => {
    if (n.kind === 'scalar')
      return typeof n.value === 'string' ? expand(n.value, vars, at(ctx, n), p) : n.value;
    if (n.kind === 'seq') return n.items.map((item, i) => toJson(item, child(p, i)));
    return Object.fromEntries([...n.entries].map(([k, e]) => [k, toJson(e.value, child(p, k))]));
  };
  return JSON.stringify(toJson(node, path));
}

function readStatuses(ctx: Ctx, node: Node, path: string): readonly number[] {
  const items = node.kind === 'seq' ? node.items : [node];
  if (items.length === 0)
    fail(ctx, node, path, `a status code from ${MIN_STATUS} to ${MAX_STATUS} or a non-empty list of them`);
  return items.map((item, i) =>
    readInt(ctx, item, node.kind === 'seq' ? child(path, i) : path, MIN_STATUS, MAX_STATUS),
  );
}
