// Host name lookup for the load's connections. Names under `.invalid` never resolve (RFC 6761
// §6.4 asks resolution libraries to answer them negatively at once): they fail here as ENOTFOUND
// without a query, which the system resolver would otherwise send to its name server.
import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';

/** `invalid` itself or a name under it (a trailing dot allowed). */
export const INVALID_NAME = /(^|\.)invalid\.?$/i;

/** The error the system resolver gives for a name that does not exist. */
export function invalidNameError(hostname: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
  error.code = 'ENOTFOUND';
  error.syscall = 'getaddrinfo';
  return error;
}

export const lookupHost: LookupFunction = (hostname, options, callback) => {
  if (INVALID_NAME.test(hostname)) {
    process.nextTick(callback, invalidNameError(hostname), '', 0);
    return;
  }
  dnsLookup(hostname, options, callback);
};
