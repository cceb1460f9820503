/** Running the command line in-process: an `Io` that records what the CLI writes. */
import type { Io } from '../../src/cli/main.js';

/** An `Io` whose stdout and stderr are collected; `out()` / `err()` return all written so far. */
export function capture(): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => void (out += t) },
    stderr: { write: (t: string) => void (err += t) },
    out: () => out,
    err: () => err,
  };
}
