// `npm run demo`: starts the demo backend on loopback and gates it with
// examples/performance_config.yml through the real CLI core. Exits with the gate's code:
// 0 for the healthy backend; `npm run demo -- --degraded` shows a breach and exits 1.
import { runCli } from '../../src/cli/main.js';
import { startDemoBackend } from './backend.js';

const degraded = process.argv.includes('--degraded');
const backend = await startDemoBackend({ degraded });
process.stderr.write(`Demo backend (${degraded ? 'degraded' : 'healthy'}) listening on ${backend.url}\n`);
try {
  process.exitCode = await runCli(
    [
      'run',
      '--target',
      backend.url,
      '--config',
      'examples/performance_config.yml',
      '--results',
      'loadtest-results/demo',
    ],
    // The config's order endpoint sends `Authorization: Bearer ${DEMO_API_TOKEN}`.
    { ...process.env, DEMO_API_TOKEN: process.env.DEMO_API_TOKEN ?? 'demo-token' },
  );
} finally {
  await backend.close();
}
