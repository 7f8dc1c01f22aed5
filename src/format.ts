// The one display formatter: every number a person reads — the judge's explanations, the plan log,
// the engine's warnings, the CLI and every report — goes through these functions, so one number
// reads the same everywhere. en-US, no locale from the machine. A leaf module: imports nothing.

/** Shown for a value that was not measured (null, NaN, ±Infinity). */
export const DASH = '–';

const grouped = new Map<number, Intl.NumberFormat>();
const plain = new Map<number, Intl.NumberFormat>();

function formatter(cache: Map<number, Intl.NumberFormat>, digits: number, useGrouping: boolean) {
  let f = cache.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, useGrouping });
    cache.set(digits, f);
  }
  return f;
}

function render(f: Intl.NumberFormat, n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  const s = f.format(n);
  return s === '-0' ? '0' : s;
}

/**
 * 1,204.3: at most `digits` decimals (trailing zeros trimmed, rounded half away from zero:
 * 0.245 → "0.25", where toFixed gives "0.24"), thousands grouped, never "-0"; – when not measured.
 */
export function formatNumber(n: number | null | undefined, digits = 2): string {
  return render(formatter(grouped, digits, true), n);
}

/** A whole count: 60,000. */
export function formatCount(n: number | null | undefined): string {
  return formatNumber(n, 0);
}

/** A number with its unit: "1.5%" (percent is written against the number), "312.45 ms", "1,000 req/s". */
export function formatValue(n: number | null | undefined, unit: string, digits = 2): string {
  const s = formatNumber(n, digits);
  if (s === DASH) return s;
  return unit === '%' ? `${s}%` : `${s} ${unit}`;
}

/** Seconds as the config writes them: "30s", "1.5s". */
export function formatSeconds(seconds: number): string {
  return `${formatNumber(seconds)}s`;
}

/**
 * The same rounding without grouping, for numbers a machine reads inside a render: chart data
 * (Mermaid, SVG coordinates), XML attributes.
 */
export function plainNumber(n: number | null | undefined, digits = 2): string {
  return render(formatter(plain, digits, false), n);
}

/**
 * The request beside an endpoint's name ("GET /users"), or '' when the name is that request
 * already (an endpoint without a name of its own is named after it): never "GET / GET /".
 */
export function requestBesideName(name: string, method: string, path: string): string {
  const request = `${method} ${path}`;
  return name === request ? '' : request;
}
