// The judge's answer. Computed before any reporter runs; reporters never change it.

export type Verdict = 'pass' | 'fail' | 'inconclusive' | 'error' | 'marginal';

export interface SloResult {
  name: string;
  endpoint: string | null;
  /** ms, %, or req/s. */
  unit: 'ms' | '%' | 'req/s';
  bound: 'max' | 'min';
  limit: number;
  /** null when there was no (or not enough) data. */
  actual: number | null;
  /** null = not judged (no data / too few samples): never a pass. */
  passed: boolean | null;
  /** Samples the SLO was judged on, and how many it needed. */
  samples: number;
  samplesNeeded: number;
  /** One line: why it passed, failed or was not judged. */
  explanation: string;
}

export interface Judgement {
  verdict: Verdict;
  /** One line, shown in the log, the summary banner and setFailed. */
  reason: string;
  slos: readonly SloResult[];
}
