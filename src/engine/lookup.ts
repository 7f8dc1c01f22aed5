// Host name lookup for the load's connections. Names under `.invalid` never resolve (RFC 6761
// §6.4 asks resolution libraries to answer them negatively at once): they fail here as ENOTFOUND
// without a query, which the system resolver would otherwise send to its name server.
import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';

const INVALID_TLD = /(^|\.)invalid\.?$/i;

export const lookupHost: LookupFunction = (hostname, options, callback) => {
  if (INVALID_TLD.test(hostname)) {
    const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
    error.code = 'ENOTFOUND';
    error.syscall = 'getaddrinfo';
    process.nextTick(callback, error, '', 0);
    return;
  }
  dnsLookup(hostname, options, callback);
};
