// Number formatting shared by the judge's explanations and the CLI table.

/**
 * 312.45 ms, 0.5 %, 1,204.3 req/s: at most two decimals, rounded as the reports round them, so
 * a number reads the same in the explanation and in the table beside it.
 */
export function formatValue(value: number, unit: 'ms' | '%' | 'req/s'): string {
  return `${formatNumber(value)} ${unit}`;
}

/** The number part of formatValue: at most two decimals, thousands grouped; – when not finite. */
export function formatNumber(value: number): string {
  return Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: 2 }) : '–';
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
