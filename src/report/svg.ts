// Inline SVG charts for report.html. Pure string building; labels HTML-escaped.
import { formatNumber, plainNumber } from '../format.js';
import * as hdr from 'hdr-histogram-js';
import { html } from './format.js';

export interface Series {
  label: string;
  color: string;
  values: Array<number | null>;
}

const W = 720;
const H = 260;
const PAD = { l: 60, r: 20, t: 30, b: 40 };

/** A line chart of several series over x values; null values break the line. */
export function lineChart(
  title: string,
  unit: string,
  xs: number[],
  series: Series[],
  xLabel = 'second',
): string {
  const all = series.flatMap((s) => s.values).filter((v): v is number => v !== null && Number.isFinite(v));
  const maxY = niceMax(all.length ? Math.max(...all) : 1);
  const minX = xs.length ? xs[0] : 0;
  const maxX = xs.length > 1 ? xs[xs.length - 1] : minX + 1;
  const px = (x: number) => PAD.l + ((x - minX) / (maxX - minX || 1)) * (W - PAD.l - PAD.r);
  const py = (y: number) => H - PAD.b - (y / maxY) * (H - PAD.t - PAD.b);
  const paths = series.map((s) => {
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) return void (pen = false);
      d += `${pen ? 'L' : 'M'}${plainNumber(px(xs[i]), 1)},${plainNumber(py(v), 1)} `;
      pen = true;
    });
    return `<path d="${d.trim()}" fill="none" stroke="${s.color}" stroke-width="1.5"/>`;
  });
  return frame(title, unit, maxY, xLabel, `${formatNumber(minX)}`, `${formatNumber(maxX)}`, paths, series);
}

/**
 * Layers stacked on each other over x values (the first at the bottom), each drawn as a filled band
 * from the layers below it to its own top. An x where any layer has no value breaks every band.
 */
export function stackedChart(
  title: string,
  unit: string,
  xs: number[],
  layers: Series[],
  xLabel = 'second',
): string {
  const ok = xs.map((_, i) => layers.every((l) => isValue(l.values[i])));
  const tops: number[][] = [];
  layers.forEach((l, k) =>
    tops.push(xs.map((_, i) => (ok[i] ? (k ? tops[k - 1][i] : 0) + l.values[i]! : 0))),
  );
  const highest = tops.length ? Math.max(0, ...tops[tops.length - 1]) : 0;
  const maxY = niceMax(highest > 0 ? highest : 1);
  const minX = xs.length ? xs[0] : 0;
  const maxX = xs.length > 1 ? xs[xs.length - 1] : minX + 1;
  const px = (i: number) =>
    plainNumber(PAD.l + ((xs[i] - minX) / (maxX - minX || 1)) * (W - PAD.l - PAD.r), 1);
  const py = (y: number) => plainNumber(H - PAD.b - (y / maxY) * (H - PAD.t - PAD.b), 1);
  const runs: number[][] = [];
  ok.forEach((good, i) => {
    if (!good) return;
    if (i > 0 && ok[i - 1]) runs[runs.length - 1].push(i);
    else runs.push([i]);
  });
  const bands = layers.map((l, k) =>
    runs
      .map((run) => {
        const upper = run.map((i) => `${px(i)},${py(tops[k][i])}`);
        const lower = [...run].reverse().map((i) => `${px(i)},${py(k ? tops[k - 1][i] : 0)}`);
        return `<polygon points="${[...upper, ...lower].join(' ')}" fill="${l.color}" fill-opacity="0.6" stroke="${l.color}"/>`;
      })
      .join(''),
  );
  return frame(title, unit, maxY, xLabel, `${formatNumber(minX)}`, `${formatNumber(maxX)}`, bands, layers);
}

function isValue(v: number | null | undefined): v is number {
  return v !== null && v !== undefined && Number.isFinite(v);
}

/** Latency by percentile (HdrHistogram-style), decoded from the report's compressed histogram. */
export function percentileChart(histogramBase64: string): string {
  const points = percentileDistribution(histogramBase64);
  if (points.length === 0) return '<p class="muted">No latency histogram recorded.</p>';
  const maxY = niceMax(Math.max(...points.map((p) => p.ms)));
  const step = (W - PAD.l - PAD.r) / (points.length - 1 || 1);
  const px = (i: number) => PAD.l + i * step;
  const py = (y: number) => H - PAD.b - (y / maxY) * (H - PAD.t - PAD.b);
  const d = points
    .map((p, i) => `${i ? 'L' : 'M'}${plainNumber(px(i), 1)},${plainNumber(py(p.ms), 1)}`)
    .join(' ');
  const ticks = points
    .map(
      (p, i) =>
        `<text x="${plainNumber(px(i), 1)}" y="${H - PAD.b + 16}" text-anchor="middle">p${p.percentile}</text>`,
    )
    .join('');
  const dots = points
    .map(
      (p, i) =>
        `<circle cx="${plainNumber(px(i), 1)}" cy="${plainNumber(py(p.ms), 1)}" r="3"><title>p${p.percentile}: ${formatNumber(p.ms)} ms</title></circle>`,
    )
    .join('');
  const series = [{ label: 'latency', color: '#1f6feb', values: [] }];
  return frame(
    'Latency distribution by percentile',
    'ms',
    maxY,
    '',
    '',
    '',
    [`<path d="${d}" fill="none" stroke="#1f6feb" stroke-width="1.5"/>`, dots, ticks],
    series,
  );
}

export const DISTRIBUTION_PERCENTILES = [0, 50, 75, 90, 95, 99, 99.9, 99.99, 100];

export function percentileDistribution(histogramBase64: string): Array<{ percentile: number; ms: number }> {
  if (!histogramBase64) return [];
  let h: hdr.Histogram;
  try {
    h = hdr.decodeFromCompressedBase64(histogramBase64, 32, false);
  } catch {
    return [];
  }
  try {
    if (h.totalCount === 0) return [];
    return DISTRIBUTION_PERCENTILES.map((p) => ({ percentile: p, ms: h.getValueAtPercentile(p) / 1000 }));
  } finally {
    h.destroy();
  }
}

function frame(
  title: string,
  unit: string,
  maxY: number,
  xLabel: string,
  x0: string,
  x1: string,
  body: string[],
  series: Series[],
): string {
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => {
      const y = H - PAD.b - f * (H - PAD.t - PAD.b);
      return `<line x1="${PAD.l}" y1="${plainNumber(y, 1)}" x2="${W - PAD.r}" y2="${plainNumber(y, 1)}" stroke="#ddd"/><text x="${PAD.l - 6}" y="${plainNumber(y + 4, 1)}" text-anchor="end">${formatNumber(maxY * f)}</text>`;
    })
    .join('');
  const legend = series
    .filter((s) => s.values.length)
    .map(
      (s, i) =>
        `<text x="${PAD.l + 10 + i * 90}" y="${PAD.t - 10}" style="fill:${s.color}">■ ${html(s.label)}</text>`, // style: the sheet's svg text fill would override a fill attribute
    )
    .join('');
  const xAxis = xLabel
    ? `<text x="${PAD.l}" y="${H - 8}">${html(x0)}</text><text x="${W - PAD.r}" y="${H - 8}" text-anchor="end">${html(x1)}</text><text x="${W / 2}" y="${H - 8}" text-anchor="middle">${html(xLabel)}</text>`
    : '';
  return `<figure><figcaption>${html(title)} (${html(unit)})</figcaption><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${html(title)}">${grid}${legend}${xAxis}${body.join('')}</svg></figure>`;
}

function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const mag = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (v <= m * mag) return m * mag;
  return 10 * mag;
}
