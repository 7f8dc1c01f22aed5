// Starting shards: worker threads (default) or in the main thread (workers = 0, for tests/debugging).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ShardInit, ToMain, ToShard } from './messages.js';
import { Shard } from './shard.js';

export interface ShardHandle {
  post(message: ToShard): void;
  /** Resolves when the shard has sent 'done' (and its thread is gone). */
  readonly finished: Promise<void>;
}

const WORKER_BASENAME = 'worker';

/**
 * dist/index.js and dist/cli.js find dist/worker.js next to themselves; from source (tsx, tests)
 * the module is src/engine/run.ts and the worker is worker.ts beside it, loaded through tsx.
 */
export function workerEntry(moduleUrl: string): { url: URL; execArgv: string[] } {
  const ext = moduleUrl.endsWith('.ts') ? '.ts' : '.js';
  const url = new URL(`./${WORKER_BASENAME}${ext}`, moduleUrl);
  if (ext === '.ts') return { url, execArgv: ['--import', 'tsx'] };
  if (!existsSync(fileURLToPath(url))) throw new Error(`load worker not found at ${fileURLToPath(url)}`);
  return { url, execArgv: [] };
}

export function spawnWorker(init: ShardInit, moduleUrl: string, onMessage: (m: ToMain) => void): ShardHandle {
  const { url, execArgv } = workerEntry(moduleUrl);
  const worker = new Worker(url, { workerData: init, execArgv });
  const finished = new Promise<void>((resolve, reject) => {
    let done = false;
    worker.on('message', (m: ToMain) => {
      onMessage(m);
      if (m.type === 'done') {
        done = true;
        void worker.terminate().then(() => resolve());
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) =>
      done ? resolve() : reject(new Error(`load worker ${init.shard} exited with code ${code}`)),
    );
  });
  return { post: (m) => worker.postMessage(m), finished };
}

export function spawnInline(init: ShardInit, onMessage: (m: ToMain) => void): ShardHandle {
  const shard = new Shard(init, onMessage);
  queueMicrotask(() => onMessage({ type: 'ready' }));
  return {
    post: (m) => (m.type === 'start' ? shard.start(m.runStartEpochMs) : shard.stop()),
    finished: shard.done,
  };
}
