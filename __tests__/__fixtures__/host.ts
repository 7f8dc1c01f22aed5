// A Host for executeGate that records what the gate logged and wrote, instead of printing it.
import type { Host } from '../../src/gate.js';

export interface RecordingHost extends Host {
  lines: { info: string[]; warning: string[]; notice: string[]; progress: string[] };
  summaries: string[];
}

export function recordingHost(
  env: Record<string, string> = {},
  overrides: Partial<Host> = {},
): RecordingHost {
  const lines = {
    info: [] as string[],
    warning: [] as string[],
    notice: [] as string[],
    progress: [] as string[],
  };
  const summaries: string[] = [];
  return {
    env: { ...env },
    now: () => new Date(),
    log: {
      info: (m) => lines.info.push(m),
      warning: (m) => lines.warning.push(m),
      notice: (m) => lines.notice.push(m),
    },
    summary: {
      write: async (markdown) => {
        summaries.push(markdown);
      },
    },
    progress: (line) => lines.progress.push(line),
    lines,
    summaries,
    ...overrides,
  };
}
