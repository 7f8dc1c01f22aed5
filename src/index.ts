// Entry point of the action (dist/index.js). No logic here: see main.ts.
import { run } from './main.js';

await run();
