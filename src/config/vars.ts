// ${VAR} expansion in endpoint paths, header values and bodies.
//
// Grammar:  "${" NAME "}"  with NAME := [A-Za-z_][A-Za-z0-9_]*  is replaced by the variable's value;
//           "$${"  is a literal "${".  Any other "$" is literal. An unset variable is an error.
// Values come from LoadConfigOptions.env, never from process.env.
import type { Origin } from './messages.js';
import { configError, quote } from './messages.js';

const TOKEN = /\$\$\{|\$\{([^}]*)(\})?/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface Vars {
  env: Readonly<Record<string, string | undefined>>;
  /** false while checking environments that are not selected: unset variables are not errors there. */
  strict: boolean;
  /** Every value an expansion put in (to be masked: a ${VAR} is how secrets get into a config). */
  expanded?: Set<string>;
}

export function expand(text: string, vars: Vars, origin: Origin, keyPath: string): string {
  return text.replace(TOKEN, (token, name: string | undefined, close: string | undefined) => {
    if (token === '$${') return '${';
    if (close === undefined || !NAME.test(name ?? '')) {
      throw configError(
        origin,
        keyPath,
        `expected \${NAME} with NAME made of letters, digits and _ (write $\${ for a literal \${), got ${quote(token)}`,
      );
    }
    const value = vars.env[name!];
    if (value === undefined) {
      if (!vars.strict) return '';
      throw configError(
        origin,
        keyPath,
        `environment variable ${name} is not set (referenced as "${token}")`,
      );
    }
    if (value !== '') vars.expanded?.add(value);
    return value;
  });
}
