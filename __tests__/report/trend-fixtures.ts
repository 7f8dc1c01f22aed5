// Five earlier runs (987601 … 987605, a day apart, p95 101.5 → 112 ms), committed results.json files
// of the same target, environment and config as passReport.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TREND_FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '__fixtures__', 'trend');
