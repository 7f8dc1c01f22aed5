// What the hot loop produces: one small record per request. Units are in the names.

/** Why a request did not produce a usable response. 0 = none (a response arrived). */
export const ErrorKind = {
  None: 0,
  Timeout: 1,
  ConnectionRefused: 2,
  ConnectionReset: 3,
  Dns: 4,
  Tls: 5,
  BodyTooLarge: 6,
  Protocol: 7,
  Other: 8,
  /** Open model: the request could not be sent before the run ended (generator saturated). */
  NotSent: 9,
  /** The generator ran out of local resources (file descriptors, ports, buffers, memory). */
  Generator: 10,
} as const;
export type ErrorKind = (typeof ErrorKind)[keyof typeof ErrorKind];

export const ERROR_KIND_NAMES: Record<ErrorKind, string> = {
  0: 'none',
  1: 'timeout',
  2: 'connection_refused',
  3: 'connection_reset',
  4: 'dns',
  5: 'tls',
  6: 'body_too_large',
  7: 'protocol',
  8: 'other',
  9: 'not_sent',
  10: 'generator_resources',
};

export interface ResultRecord {
  /** Index into the plan's endpoints. */
  endpoint: number;
  /** HTTP status, 0 when no response arrived. */
  status: number;
  errorKind: ErrorKind;
  /** Intended send time, µs since the run's start (open model: from the pacer; closed: actual send). */
  intendedStartUs: number;
  /** From the intended send time to the last body byte, µs (includes any queueing in the generator). */
  latencyUs: number;
  /** From the actual send to the last body byte, µs. */
  serviceUs: number;
  bytes: number;
}
