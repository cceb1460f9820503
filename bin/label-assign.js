#!/usr/bin/env node
// Entry point of the `label-assign` command: runs the compiled CLI in dist/.
import { existsSync } from 'node:fs';

// A reader that goes away (`label-assign compare | head`) is not an error of ours: ignore it
// instead of dying on an unhandled EPIPE with a stack trace, and let the command finish: its
// output files are still written (the writing is asynchronous, so exiting here could cut it
// short), and the rest of what it prints goes nowhere.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') return;
    throw error;
  });
}

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('label-assign: dist/ is missing; run `npm run build` (npm ci runs it for you).\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
