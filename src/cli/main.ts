/**
 * The `label-assign` command line. Each command is a module of its own; this file maps names
 * to them, parses arguments (commander) and turns every `LabelAssignError` into one clear line
 * on stderr and a non-zero exit code, never a stack trace.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { LabelAssignError } from '../errors.js';
import { runCompare, type CompareCliOptions } from './compare.js';
import { runEvalCases, type Output } from './eval-cases.js';
import { runInspect, type InspectCliOptions } from './inspect.js';

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

  const datasetOptions = (command: Command): Command =>
    command
      .option('--format <format>', 'read the dataset as coco, voc or yolo instead of detecting it')
      .option('--image-size <WxH>', 'YOLO: one image size for every image, e.g. 640x480')
      .option('--image-sizes <file>', 'YOLO: a JSON file of image sizes (stem -> [width, height]); default: image_sizes.json near the labels')
      .option('--unknown-size <mode>', 'YOLO: error (default) or skip (and report) label files whose image size is unknown')
      .option('--keep-difficult', 'VOC: count difficult objects as ordinary objects (default: ignore regions)');

  datasetOptions(
    program
      .command('compare')
      .description(
        'Run every image of a dataset through detector presets and report, per preset, positives per image and per object, ' +
          'objects without positives by size and class, positives per pyramid level, ignored and doubly claimed priors, and ' +
          'the best possible recall. Without a dataset: the embedded synthetic COCO-like set.',
      )
      .argument('[dataset]', 'a COCO instances .json file, a Pascal VOC folder or a YOLO label folder (default: embedded synthetic data)'),
  )
    .option('-p, --presets <list>', 'comma-separated preset names or JSON config files (default: every built-in preset)')
    .option('--json <file>', 'write per-image rows, positives per object and the summary as JSON (atomically)')
    .option('--csv <file>', 'write per-image rows as CSV (atomically)')
    .option('--html <file>', 'write a self-contained HTML report with tables and plots (atomically)')
    .option('--limit <n>', 'only the first n images', nonNegativeInteger)
    .option('--workers <n>', 'worker threads (0: in this thread; default: every core for large runs)', nonNegativeInteger)
    .option('--no-progress', 'no progress bar')
    .action((dataset: string | undefined, options: CompareCliOptions) => {
      setExitCode(runCompare(dataset, options, io.stdout, io.stderr));
    });

  datasetOptions(
    program
      .command('inspect')
      .description("Draw one image's ground truths and the positive priors each preset gives them, per pyramid level, as an SVG.")
      .argument('[dataset]', 'a COCO instances .json file, a Pascal VOC folder or a YOLO label folder (default: embedded synthetic data)'),
  )
    .requiredOption('--image <id>', 'the image id (COCO id, VOC/YOLO file stem; 1..200 for the embedded set)')
    .requiredOption('--preset <list>', 'comma-separated preset names or JSON config files, e.g. retinanet,fcos')
    .requiredOption('-o, --out <file>', 'the SVG file to write (atomically)')
    .action((dataset: string | undefined, options: InspectCliOptions) => {
      setExitCode(runInspect(dataset, options, io.stdout, io.stderr));
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
