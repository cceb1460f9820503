/**
 * The `label-assign` command line. Each command is a module of its own; this file maps names
 * to them, parses arguments (commander) and turns every `LabelAssignError` into one clear line
 * on stderr and a non-zero exit code, never a stack trace. A message quotes file names, ids and
 * names from the user's data; its control characters are escaped ({@link printable}), so it
 * stays one line and cannot send escape codes to the terminal.
 *
 * The commands compute synchronously and write their files asynchronously (so that an
 * interrupt during the writing is handled, see `atomic-write.ts`): {@link main} returns a
 * promise of the exit code.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { LabelAssignError } from '../errors.js';
import { PRESET_NAMES } from '../presets/index.js';
import { printable } from '../report/text.js';
import { runCompare, type CompareCliOptions } from './compare.js';
import { runEvalCases } from './eval-cases.js';
import { runInspect, type InspectCliOptions } from './inspect.js';
import type { Output } from './output.js';

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
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a non-negative integer, e.g. 0, 1, 8');
  return n;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer, e.g. 1, 10, 500');
  return n;
}

/** Commander's own codes for help and version output: nothing to report then. */
const HELP_CODES = new Set(['commander.help', 'commander.helpDisplayed', 'commander.version']);

const PRESET_LIST = PRESET_NAMES.join(', ');

const DATASET_ARGUMENT =
  'a COCO instances .json file (or compact-boxes-v1 .json), a Pascal VOC folder of .xml files (or one holding Annotations/), ' +
  'or a YOLO label folder of .txt files (or one holding labels/); default: the embedded synthetic data';

function buildProgram(io: Io, setExitCode: (code: number) => void): Command {
  const program = new Command('label-assign')
    .description('Exact, fast label assignment for object detectors (priors, assigners, samplers, losses), matching mmdetection 3.x.')
    .version('0.1.0')
    .exitOverride()
    // Usage errors are printed by main() as one line; help goes to stdout (stderr when asked for by mistake).
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s), outputError: () => undefined });

  program
    .command('eval-cases')
    .description(
      'Run reference case files (label-assign-cases/1, mmdetection config dicts) through the toolkit and write, per case, ' +
        'outputs with the same keys and conventions as the case\'s "expected".',
    )
    .argument('<files...>', 'case files, e.g. test/fixtures/conformance/overlaps.json')
    .option('-o, --out <file>', 'write {"results": [...]} JSON here (atomically) instead of to stdout')
    .option('-r, --repeat <n>', 'also time the computation alone, n times per case (at most 1000), and record the median ms', nonNegativeInteger)
    .option('--check', 'compare the outputs with each case\'s "expected" and print a summary; exit 1 on any mismatch')
    .option('--summary', 'print a one-screen summary per family instead of the JSON')
    .action(async (files: string[], options: { out?: string; repeat?: number; check?: boolean; summary?: boolean }) => {
      setExitCode(await runEvalCases(files, options, io.stdout, io.stderr));
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
      .argument('[dataset]', DATASET_ARGUMENT),
  )
    .option('-p, --presets <list>', `comma-separated preset names (${PRESET_LIST}) or preset JSON config files (*.json); default: every built-in preset`)
    .option('--json <file>', 'write per-image rows, positives per object and the summary as JSON (atomically)')
    .option('--csv <file>', 'write per-image rows as CSV (atomically)')
    .option('--html <file>', 'write a self-contained HTML report with tables and plots (atomically)')
    .option('--limit <n>', 'only the first n images (n >= 1)', positiveInteger)
    .option('--workers <n>', 'worker threads, at most one per core (0: in this thread; default: every core for large runs)', nonNegativeInteger)
    .option('--no-progress', 'no progress bar')
    .addHelpText(
      'after',
      '\nPrints a one-screen table; exit code 0 on success, 2 on a bad argument or input file (one line on stderr;\n' +
        'no output file is written then).\n\nExamples:\n' +
        '  label-assign compare                                   # every preset on the embedded SYNTHETIC set\n' +
        '  label-assign compare instances_val2017.json -p retinanet,atss,fcos --html report.html\n' +
        '  label-assign compare VOCdevkit/VOC2007 --keep-difficult --csv voc.csv\n' +
        '  label-assign compare coco128/labels/train2017 --image-size 640x640 -p yolov5,my-yolov5.json\n',
    )
    .action(async (dataset: string | undefined, options: CompareCliOptions) => {
      setExitCode(await runCompare(dataset, options, io.stdout, io.stderr));
    });

  datasetOptions(
    program
      .command('inspect')
      .description(
        "Draw one image's ground truths and the positive priors each preset gives them, per pyramid level, as an SVG, " +
          'and print the positives of each object per preset.',
      )
      .argument('[dataset]', DATASET_ARGUMENT),
  )
    .requiredOption('--image <id>', 'the image id (COCO image id, VOC/YOLO file stem; 1..200 for the embedded set)')
    .requiredOption('--preset <list>', `comma-separated preset names (${PRESET_LIST}) or preset JSON config files (*.json)`)
    .requiredOption('-o, --out <file>', 'the SVG file to write (atomically)')
    .addHelpText(
      'after',
      '\nExit code 0 on success, 2 on a bad argument or input file (one line on stderr; no SVG is written then).\n\n' +
        'Example:\n  label-assign inspect instances_val2017.json --image 1818 --preset retinanet,fcos -o image-1818.svg\n',
    )
    .action(async (dataset: string | undefined, options: InspectCliOptions) => {
      setExitCode(await runInspect(dataset, options, io.stdout, io.stderr));
    });
  return program;
}

/**
 * Runs the CLI on `argv` (without the node and script entries) and resolves to the exit code:
 * 0 success, 1 a check failed, 2 bad usage or input. (An interrupt while files are written
 * ends the process by its signal; see `atomic-write.ts`.)
 * @example process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit with 0 (help asked for by mistake, e.g. no command, with 2);
      // a usage error becomes one line, naming the command and where its help is.
      if (HELP_CODES.has(error.code)) return error.exitCode === 0 ? 0 : 2;
      const command = program.commands.find((c) => c.name() === argv[0]);
      const where = command === undefined ? '' : `${command.name()}: `;
      const message = error.message.replace(/^error: /, '').replace(/ is invalid\. /, ' is invalid: ').replace(/\.$/, '').replace(/\s*\n\s*/g, ' ');
      io.stderr.write(`label-assign: ${where}${printable(message)} (see label-assign ${command === undefined ? '' : `${command.name()} `}--help)\n`);
      return 2;
    }
    if (error instanceof LabelAssignError) {
      io.stderr.write(`label-assign: ${printable(error.message)}\n`);
      return 2;
    }
    io.stderr.write(`label-assign: internal error: ${printable(String((error as Error)?.message ?? error))}\n(please report this; set LABEL_ASSIGN_DEBUG=1 for the stack)\n`);
    if (process.env.LABEL_ASSIGN_DEBUG) io.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  }
}
