#!/usr/bin/env node
// Entry point of the `label-assign` command: runs the compiled CLI in dist/.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('label-assign: dist/ is missing; run `npm run build` (npm ci runs it for you).\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = main(process.argv.slice(2));
