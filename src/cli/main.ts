/**
 * The `label-assign` command line. Each command is a module of its own; this file maps names
 * to them, parses arguments (commander) and turns every `LabelAssignError` into one clear line
 * on stderr and a non-zero exit code, never a stack trace.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { LabelAssignError } from '../errors.js';
import { runEvalCases, type Output } from './eval-cases.js';

export interface Io {
  readonly stdout: Output;
  readonly stderr: Output;
}

const processIo: Io = {
  stdout: { write: (text) => void process.stdout.write(text) },
  stderr: { write: (text) => void process.stderr.write(text) },
};

function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected a non-negative integer, got '${value}'.`);
  return n;
}

function buildProgram(io: Io, setExitCode: (code: number) => void): Command {
  const program = new Command('label-assign')
    .description('Exact, fast label assignment for object detectors (priors, assigners, samplers, losses), matching mmdetection 3.x.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('eval-cases')
    .description(
      'Run reference case files (label-assign-cases/1, mmdetection config dicts) through the toolkit and write, per case, ' +
        'outputs with the same keys and conventions as the case\'s "expected".',
    )
    .argument('<files...>', 'case files, e.g. test/fixtures/conformance/overlaps.json')
    .option('-o, --out <file>', 'write {"results": [...]} JSON here (atomically) instead of to stdout')
    .option('-r, --repeat <n>', 'also time the computation alone, n times per case, and record the median ms', nonNegativeInteger)
    .option('--check', 'compare the outputs with each case\'s "expected" and print a summary; exit 1 on any mismatch')
    .option('--summary', 'print a one-screen summary per family instead of the JSON')
    .action((files: string[], options: { out?: string; repeat?: number; check?: boolean; summary?: boolean }) => {
      setExitCode(runEvalCases(files, options, io.stdout));
    });
  return program;
}

/**
 * Runs the CLI on `argv` (without the node and script entries) and returns the exit code:
 * 0 success, 1 a check failed, 2 bad usage or input.
 */
export function main(argv: readonly string[], io: Io = processIo): number {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    program.parse(argv as string[], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit with 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof LabelAssignError) {
      io.stderr.write(`label-assign: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`label-assign: internal error: ${(error as Error).message}\n(please report this; set LABEL_ASSIGN_DEBUG=1 for the stack)\n`);
    if (process.env.LABEL_ASSIGN_DEBUG) io.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  }
}
