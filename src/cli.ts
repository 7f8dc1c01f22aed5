#!/usr/bin/env node
// Entry point of the CLI (dist/cli.js, `slo-loadtest`). No logic here: see cli/main.ts.
import { runCli } from './cli/main.js';

process.exitCode = await runCli(process.argv.slice(2), process.env);
