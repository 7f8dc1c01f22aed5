// The action's settings: every input read once through @actions/core, secrets masked.
import * as core from '@actions/core';
import { formsOf } from '../config/secrets.js';
import { Inputs } from '../constants.js';
import { parseSettings, type Env, type RawOptions } from './parse.js';
import { readRunContext } from './run-context.js';
import type { Settings } from './types.js';

export function readActionSettings(env: Env): Settings {
  const settings = parseSettings(readRawInputs(env), env, inputLabel, readRunContext(env));
  maskSecrets(settings);
  return settings;
}

export const inputLabel = (name: string): string => `input ${name}`;

/** Every declared input's raw value (the merge action parses its settings once the shards are read). */
export function readRawInputs(env: Env): RawOptions {
  const raw: RawOptions = {};
  for (const name of Object.values(Inputs)) {
    // The runner passes every declared input, defaults included; an absent variable means
    // the input is not declared in action.yml (e.g. when run outside the runner).
    if (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] !== undefined) raw[name] = core.getInput(name);
  }
  return raw;
}

/** Secrets and values derived from them are masked before anything can print them. */
export function maskSecrets(settings: Settings): void {
  // each secret with its encoded forms (base64, URL-encoded, JSON-escaped): the runner masks exact strings
  const mask = (value: string): void => {
    for (const form of formsOf(value)) core.setSecret(form);
  };
  if (settings.github) mask(settings.github.token);
  if (settings.slack) {
    mask(settings.slack.webhookUrl.href);
    mask(settings.slack.webhookUrl.pathname);
  }
  // A target URL with credentials is rejected (parse.ts); a Pushgateway's are sent as Basic auth.
  // A proxy's credentials (explicit or from HTTPS_PROXY / HTTP_PROXY) are never printed.
  for (const text of [settings.transport.proxy, settings.proxyEnv.httpsProxy, settings.proxyEnv.httpProxy]) {
    const password = text ? safeUrl(text)?.password : '';
    if (password) core.setSecret(decodeURIComponent(password));
  }
  const url = settings.pushgateway?.url;
  if (url?.password) {
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    core.setSecret(password);
    core.setSecret(Buffer.from(`${user}:${password}`).toString('base64'));
  }
}

function safeUrl(text: string): URL | null {
  try {
    return new URL(text.includes('://') ? text : `http://${text}`);
  } catch {
    return null;
  }
}
