// junit.xml: one testsuite, one testcase per SLO (failure = breach, skipped = not judged).
import { formatValue, plainNumber } from '../format.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { transportNotes } from './transport-notes.js';
import type { RunReport } from './types.js';
import { ReportFiles } from './names.js';
import { xml } from './format.js';

export function renderJunit(report: RunReport): string {
  const failures = report.slos.filter((s) => s.passed === false).length;
  const skipped = report.slos.filter((s) => s.passed === null).length;
  const verdictFails = !report.passed;
  const cls = xml(`slo.${report.environment}`);
  const cases = report.slos.map((s) => {
    const head = `  <testcase classname="${cls}" name="${xml(s.name)}" time="0">`;
    if (s.passed === true) return `${head}</testcase>`;
    if (s.passed === null) return `${head}\n    <skipped message="${xml(s.explanation)}"/>\n  </testcase>`;
    const msg = `actual ${formatValue(s.actual, s.unit)} vs limit ${s.bound === 'max' ? '≤' : '≥'} ${formatValue(s.limit, s.unit)}`;
    return `${head}\n    <failure type="SLOBreach" message="${xml(msg)}">${xml(s.explanation)}</failure>\n  </testcase>`;
  });
  const verdictCase = verdictFails
    ? `  <testcase classname="${cls}" name="verdict" time="0">\n    <failure type="${xml(report.verdict)}" message="${xml(report.reason)}">${xml(report.reason)}</failure>\n  </testcase>`
    : `  <testcase classname="${cls}" name="verdict" time="0"></testcase>`;
  const props = [
    ['verdict', report.verdict],
    ['target', report.target],
    ['environment', report.environment],
    ['stage', report.stage ?? ''],
    ['rollback', String(report.rollback)],
    ...transportNotes(report).map((note) => ['transport', note]),
  ]
    .map(([k, v]) => `    <property name="${k}" value="${xml(v)}"/>`)
    .join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="${xml(`slo-loadtest ${report.target}`)}" tests="${report.slos.length + 1}" failures="${failures + (verdictFails ? 1 : 0)}" errors="0" skipped="${skipped}" time="${plainNumber(report.totals.durationSeconds, 3)}" timestamp="${xml(report.startedAt)}">`,
    '  <properties>',
    props,
    '  </properties>',
    ...cases,
    verdictCase,
    '</testsuite>',
    '',
  ].join('\n');
}

export async function writeJunit(report: RunReport, outputDir: string): Promise<string> {
  const path = join(outputDir, ReportFiles.Junit);
  await mkdir(outputDir, { recursive: true });
  await writeFile(path, renderJunit(report));
  return path;
}
