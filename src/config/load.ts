// loadConfig(): performance_config.yml + environments.<name> + overrides -> one validated Config.
// Precedence: built-in defaults < file < environments.<name> < overrides (inputs / flags).
// Every problem is an InputError naming file:line:col, the key path, what was expected and the input.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputError, messageOf } from '../errors.js';
import { checkEndpointTimeouts, readEndpoints } from './endpoints.js';
import { at, readMap, type Ctx } from './fields.js';
import { ENVIRONMENT_KEYS, TOP_KEYS } from './keys.js';
import { readLoadFields, resolveLoad } from './load-section.js';
import { child, configError, describe, suggest } from './messages.js';
import { readCanary, readRollout } from './canary-section.js';
import { readSlo } from './slo-section.js';
import { readThresholds } from './thresholds.js';
import { readTransport, type TransportOverrides } from './transport-section.js';
import { merge, parseYaml, plain, type Node } from './tree.js';
import type { Config, LoadOverrides } from './types.js';
import type { Vars } from './vars.js';
import { secretsOf } from './secrets.js';

export interface LoadConfigOptions {
  /** Config file path, relative to the working directory or absolute; messages quote it as given. */
  path: string;
  /** The user named the path: a missing file is then an InputError instead of the built-in defaults. */
  explicit: boolean;
  /** Selects environments.<name>; must exist when the file has an environments block. */
  environment: string;
  /** Applies stages.<label> (after the environment's overrides) when the file has one for it. */
  stage?: string | null;
  overrides: LoadOverrides;
  /** `tls` / `http` keys given as inputs / flags (default none). */
  transportOverrides?: TransportOverrides;
  /** Variables for ${VAR} expansion (never process.env directly). */
  env: Readonly<Record<string, string | undefined>>;
}

type Sections = Partial<Record<(typeof ENVIRONMENT_KEYS)[number], Node>>;

export async function loadConfig(options: LoadConfigOptions): Promise<Config> {
  let bytes: Buffer;
  try {
    bytes = await readFile(resolve(options.path));
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ENOENT' && !options.explicit) return defaultConfig(options);
    if (code === 'ENOENT')
      throw new InputError(`${options.path}: config file not found (looked for ${resolve(options.path)})`);
    throw new InputError(`${options.path}: cannot read the config file: ${messageOf(error)}`);
  }
  return configFromText(bytes, options);
}

/** Built-in defaults (Config.path null): what runs when there is no file and none was named. */
export function defaultConfig(
  options: Pick<LoadConfigOptions, 'environment' | 'overrides' | 'env' | 'transportOverrides'>,
): Config {
  const config = build({ file: '(built-in defaults)' }, {}, options, true);
  const { digest: _, ...rest } = config;
  return { ...config, path: null, digest: sha256(JSON.stringify(rest)) };
}

/** Parse and validate config text as if it were the file `options.path`. */
export function configFromText(bytes: Buffer | string, options: LoadConfigOptions): Config {
  const file = options.path;
  const ctx: Ctx = { file };
  const root = parseYaml(bytes.toString(), file);
  if (root.kind !== 'map') {
    throw new InputError(
      `${file}:${root.pos.line}:${root.pos.col}: expected a mapping at the top level, got ${describe(plain(root))}`,
    );
  }
  const top = readMap(ctx, root, '', TOP_KEYS);
  const base: Sections = {};
  for (const key of ENVIRONMENT_KEYS) {
    const value = top.get(key)?.value;
    if (value !== undefined) base[key] = value;
  }
  const rollout = readRollout(ctx, top.get('rollout')?.value);
  const finish = (sections: Sections): Config => {
    const staged = withStage(ctx, top, sections, options);
    return {
      ...build(ctx, staged.sections, options, true),
      path: file,
      digest: sha256(bytes),
      rollout,
      stage: staged.stage,
    };
  };
  const envEntry = top.get('environments');
  if (envEntry === undefined) return finish(base);

  const environments = readMap(ctx, envEntry.value, 'environments', null);
  let selected: Sections | null = null;
  for (const [name, entry] of environments) {
    const where = child('environments', name);
    const block =
      entry.value.kind === 'scalar' && entry.value.value === null
        ? new Map()
        : readMap(ctx, entry.value, where, ENVIRONMENT_KEYS);
    const merged: Sections = { ...base };
    for (const [key, over] of block)
      merged[key as keyof Sections] = merge(base[key as keyof Sections], over.value);
    if (name === options.environment) selected = merged;
    // Every environment is validated, so a typo in production fails the staging run too.
    else checkOther(ctx, merged, options, name);
  }
  if (selected === null) {
    const known = [...environments.keys()];
    const guess = suggest(options.environment, known);
    const hint = guess === null ? '' : `, did you mean \`${guess}\`?`;
    throw configError(
      at(ctx, { pos: envEntry.keyPos }),
      'environments',
      `unknown environment "${options.environment}" (known: ${known.join(', ')})${hint}`,
    );
  }
  return finish(selected);
}

/**
 * stages.<label> overrides, applied on top of the environment's. Every stage is validated; a
 * label without a block (a stage that keeps the base thresholds) applies nothing.
 */
function withStage(
  ctx: Ctx,
  top: ReadonlyMap<string, { value: Node; keyPos: Node['pos'] }>,
  base: Sections,
  options: Pick<LoadConfigOptions, 'env' | 'stage'>,
): { sections: Sections; stage: string | null } {
  const stagesEntry = top.get('stages');
  if (stagesEntry === undefined) return { sections: base, stage: null };
  let selected: Sections | null = null;
  for (const [label, entry] of readMap(ctx, stagesEntry.value, 'stages', null)) {
    const block =
      entry.value.kind === 'scalar' && entry.value.value === null
        ? new Map()
        : readMap(ctx, entry.value, child('stages', label), ENVIRONMENT_KEYS);
    const merged: Sections = { ...base };
    for (const [key, over] of block)
      merged[key as keyof Sections] = merge(base[key as keyof Sections], over.value);
    if (label === options.stage) selected = merged;
    else checkOther(ctx, merged, options, `stage ${label}`);
  }
  return selected === null ? { sections: base, stage: null } : { sections: selected, stage: options.stage! };
}

function build(
  ctx: Ctx,
  sections: Sections,
  options: Pick<LoadConfigOptions, 'environment' | 'overrides' | 'env' | 'transportOverrides'>,
  strict: boolean,
): Config {
  const vars: Vars = { env: options.env, strict, expanded: new Set() };
  const fileLoad = readLoadFields(ctx, sections.load);
  const thresholds = readThresholds(ctx, sections.thresholds, 'thresholds', null);
  const endpoints = readEndpoints(ctx, sections.endpoints, vars);
  const slo = readSlo(ctx, sections.slo, options.overrides.abortOnBreach);
  const load = resolveLoad(fileLoad.fields, fileLoad.burstOrigins, options.overrides);
  checkEndpointTimeouts(endpoints.endpoints, endpoints.timeoutOrigins, load);
  return {
    path: null,
    digest: '',
    environment: options.environment,
    load,
    endpoints: endpoints.endpoints,
    slos: [...thresholds.slos, ...endpoints.slos],
    errorClass: thresholds.errorClass,
    abort: slo.abort,
    minSamplesFactor: slo.minSamplesFactor,
    transport: readTransport(ctx, sections.tls, sections.http, options.transportOverrides ?? {}),
    canary: readCanary(ctx, sections.canary),
    rollout: null,
    stage: null,
    // present only when there is something to mask
    ...maskable(secretsOf(vars.expanded!, endpoints.endpoints)),
  };
}

function maskable(secrets: string[]): Pick<Config, 'secrets'> {
  return secrets.length > 0 ? { secrets } : {};
}

/**
 * Validate an environment that is not selected; its messages say which environment. This run's
 * overrides (inputs / flags) belong to the selected environment only: `duration: 6s` on a staging
 * run must not trip production's `warm_up: 10s`.
 */
function checkOther(
  ctx: Ctx,
  sections: Sections,
  options: Pick<LoadConfigOptions, 'env'>,
  name: string,
): void {
  try {
    build(ctx, sections, { env: options.env, overrides: {}, environment: name }, false);
  } catch (error) {
    if (error instanceof InputError)
      throw new InputError(
        `${error.message} (${name.startsWith('stage ') ? name : `environment "${name}"`})`,
      );
    throw error;
  }
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}
