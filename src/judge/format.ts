// Number formatting shared by the judge's explanations and the CLI table.

/** 312.4 ms, 0.52 %, 1,204.3 req/s. */
export function formatValue(value: number, unit: 'ms' | '%' | 'req/s'): string {
  if (!Number.isFinite(value)) return `– ${unit}`;
  const digits = unit === '%' ? 2 : Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${unit}`;
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
