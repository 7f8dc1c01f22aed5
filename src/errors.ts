// Errors that carry their exit code. Anything else that escapes is an internal error (exit 3).
import { ExitCode } from './constants.js';

/**
 * Bad input or config: nothing was sent. The message is complete and user-facing
 * (file, line, key, what was expected); it is printed as-is, never with a stack trace.
 */
export class InputError extends Error {
  readonly exitCode = ExitCode.InvalidInput;
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** The message of anything thrown, Error or not (principle 1: one catch, fail closed). */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
