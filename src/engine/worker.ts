// Worker-thread entry (bundled to dist/worker.js): runs one load shard and reports to the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { messageOf } from '../errors.js';
import type { ShardInit, ToMain, ToShard } from './messages.js';
import { Shard } from './shard.js';

const port = parentPort;
if (port) {
  const post = (message: ToMain): void => port.postMessage(message);
  try {
    const shard = new Shard(workerData as ShardInit, post);
    port.on('message', (message: ToShard) => {
      try {
        if (message.type === 'start') shard.start(message.runStartEpochMs);
        else shard.stop();
      } catch (error) {
        post({ type: 'error', message: messageOf(error) });
      }
    });
    post({ type: 'ready' });
  } catch (error) {
    post({ type: 'error', message: messageOf(error) });
  }
}
