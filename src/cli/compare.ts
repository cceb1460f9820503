/**
 * `label-assign compare [dataset] --presets retinanet,atss,fcos`: runs every image of a
 * dataset through every chosen detector preset and reports, per preset, how many positives
 * each object gets, on which pyramid level, by object size and class, which objects get none,
 * and the best possible recall. Prints a one-screen table; `--json`, `--csv` and `--html` write
 * the full results (atomically). Without a dataset it runs on the embedded synthetic
 * COCO-like set and says so in every output.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { loadDataset, syntheticCocoLike, type Dataset, type LoadDatasetOptions } from '../datasets/index.js';
import { LabelAssignError } from '../errors.js';
import { PRESET_NAMES, PRESETS, presetFromConfig, type Preset } from '../presets/index.js';
import { renderCsv } from '../report/csv.js';
import { renderHtml } from '../report/html.js';
import { renderJson } from '../report/json.js';
import { compareDataset, type PresetSpec } from '../report/run.js';
import { renderTable } from '../report/table.js';
import { writeFileAtomic } from './atomic-write.js';
import type { Output } from './eval-cases.js';

/** The embedded dataset: `syntheticCocoLike` with these options. */
export const EMBEDDED_DATASET = Object.freeze({ seed: 0, numImages: 200 });

/** Options shared by `compare` and `inspect` to read a dataset. */
export interface DatasetCliOptions {
  /** Force the dataset format instead of detecting it. */
  readonly format?: string;
  /** YOLO: one `WxH` size for every image. */
  readonly imageSize?: string;
  /** YOLO: the sidecar JSON of image sizes. */
  readonly imageSizes?: string;
  /** YOLO: `error` (default) or `skip` (reported) for a label file whose image size is unknown. */
  readonly unknownSize?: string;
  /** VOC: keep difficult objects as ordinary objects (default: ignore regions). */
  readonly keepDifficult?: boolean;
}

export interface CompareCliOptions extends DatasetCliOptions {
  readonly presets?: string;
  readonly json?: string;
  readonly csv?: string;
  readonly html?: string;
  /** Only the first n images. */
  readonly limit?: number;
  /** Worker threads; 0 in-process. */
  readonly workers?: number;
  /** commander's `--no-progress` sets this to false. */
  readonly progress?: boolean;
}

function usage(fn: string, path: string, message: string): LabelAssignError {
  return new LabelAssignError('invalid-argument', path, `${fn}: ${message}`);
}

/**
 * Reads the dataset argument: a path (COCO JSON, VOC folder, YOLO folder) or, when absent,
 * the embedded synthetic set.
 * @throws {LabelAssignError} for a bad path, a malformed file or a bad option.
 * @example readDataset('compare', 'instances_val2017.json', {}).images.length; // 5000
 */
export function readDataset(fn: string, path: string | undefined, options: DatasetCliOptions): Dataset {
  if (path === undefined) {
    if (options.format !== undefined || options.imageSize !== undefined || options.imageSizes !== undefined || options.unknownSize !== undefined || options.keepDifficult) {
      throw usage(fn, 'dataset', '--format, --image-size, --image-sizes, --unknown-size and --keep-difficult need a dataset path');
    }
    return syntheticCocoLike(EMBEDDED_DATASET);
  }
  const load: { -readonly [K in keyof LoadDatasetOptions]: LoadDatasetOptions[K] } = {};
  if (options.format !== undefined) {
    if (!['coco', 'voc', 'yolo'].includes(options.format)) throw usage(fn, 'format', `--format must be coco, voc or yolo, but was '${options.format}'`);
    load.format = options.format as LoadDatasetOptions['format'];
  }
  if (options.imageSize !== undefined) {
    const m = /^(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)$/.exec(options.imageSize);
    if (m === null || Number(m[1]) <= 0 || Number(m[2]) <= 0) throw usage(fn, 'imageSize', `--image-size must be WIDTHxHEIGHT, e.g. 640x480, but was '${options.imageSize}'`);
    load.imageSize = [Number(m[1]), Number(m[2])];
  }
  if (options.imageSizes !== undefined) load.imageSizes = options.imageSizes;
  if (options.unknownSize !== undefined) {
    if (options.unknownSize !== 'error' && options.unknownSize !== 'skip') throw usage(fn, 'unknownSize', `--unknown-size must be error or skip, but was '${options.unknownSize}'`);
    load.unknownSize = options.unknownSize;
  }
  if (options.keepDifficult) load.difficultAsIgnore = false;
  return loadDataset(path, load);
}

/**
 * Parses a comma-separated list of presets: built-in names, or JSON config files (`*.json`,
 * read with `presetFromConfig`).
 * @returns the presets and, for the worker threads, how to rebuild each.
 * @throws {LabelAssignError} on an empty list or entry, an unknown name (listing the known
 *   ones), a name given twice, a config file that cannot be read or is invalid.
 * @example parsePresetList('compare', 'presets', 'retinanet,my-atss.json').presets.length; // 2
 */
export function parsePresetList(fn: string, option: string, list: string): { presets: Preset[]; specs: PresetSpec[] } {
  const entries = list.split(',').map((s) => s.trim());
  if (entries.some((e) => e === '')) throw usage(fn, option, `--${option} must be a comma-separated list of preset names, but was '${list}' (known presets: ${PRESET_NAMES.join(', ')})`);
  const presets: Preset[] = [];
  const specs: PresetSpec[] = [];
  for (const entry of entries) {
    if (entry.toLowerCase().endsWith('.json')) {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(entry, 'utf8'));
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        throw new LabelAssignError('io', option, `${fn}: cannot read the preset config ${entry}: ${reason}`);
      }
      const preset = presetFromConfig(json);
      presets.push(preset);
      specs.push({ name: preset.name, config: json });
    } else {
      if (!Object.prototype.hasOwnProperty.call(PRESETS, entry)) {
        throw usage(fn, option, `unknown preset '${entry}'; known presets: ${PRESET_NAMES.join(', ')} (or a JSON config file, *.json)`);
      }
      presets.push(PRESETS[entry as keyof typeof PRESETS]);
      specs.push({ name: entry });
    }
  }
  const seen = new Set<string>();
  for (const p of presets) {
    if (seen.has(p.name)) throw usage(fn, option, `preset '${p.name}' is given twice in --${option}`);
    seen.add(p.name);
  }
  return { presets, specs };
}

/**
 * Checks, before any work, that each output path can be written: its folder exists, it is
 * not a folder itself, and no two outputs share a path.
 * @throws {LabelAssignError} `io` naming the path.
 * @example checkOutputPaths('compare', [['json', 'out/report.json']]);
 */
export function checkOutputPaths(fn: string, outputs: readonly (readonly [string, string | undefined])[]): void {
  const seen = new Map<string, string>();
  for (const [option, path] of outputs) {
    if (path === undefined) continue;
    if (path === '') throw usage(fn, option, `--${option} needs a file name`);
    const full = resolve(path);
    const other = seen.get(full);
    if (other !== undefined) throw usage(fn, option, `--${option} and --${other} both write ${path}`);
    seen.set(full, option);
    let folderOk = false;
    try {
      folderOk = statSync(dirname(full)).isDirectory();
    } catch {
      folderOk = false;
    }
    if (!folderOk) throw new LabelAssignError('io', option, `${fn}: cannot write ${path}: the folder ${dirname(path)} does not exist`);
    try {
      if (statSync(full).isDirectory()) throw new LabelAssignError('io', option, `${fn}: cannot write ${path}: it is a folder`);
    } catch (error) {
      if (error instanceof LabelAssignError) throw error;
    }
  }
}

/** Below this many image-preset pairs no progress bar is drawn. */
const PROGRESS_MIN_WORK = 50;

/**
 * Runs `compare`: reads the dataset and presets, computes, prints the table to `stdout`,
 * writes the requested files.
 * @returns the exit code (0).
 * @throws {LabelAssignError} for bad arguments or files (the CLI prints one line and exits 2);
 *   nothing is written then.
 * @example runCompare(undefined, { presets: 'retinanet,fcos', html: 'report.html' }, stdout, stderr);
 */
export function runCompare(datasetPath: string | undefined, options: CompareCliOptions, stdout: Output, stderr: Output): number {
  const fn = 'compare';
  const { presets, specs } = parsePresetList(fn, 'presets', options.presets ?? PRESET_NAMES.join(','));
  checkOutputPaths(fn, [
    ['json', options.json],
    ['csv', options.csv],
    ['html', options.html],
  ]);
  if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 1)) {
    throw usage(fn, 'limit', `--limit must be a positive integer, but was ${options.limit}`);
  }
  let dataset = readDataset(fn, datasetPath, options);
  if (options.limit !== undefined && options.limit < dataset.images.length) {
    const kept = new Set(dataset.images.slice(0, options.limit).map((im) => im.id));
    dataset = {
      ...dataset,
      name: `${dataset.name}, first ${options.limit} images`,
      images: dataset.images.slice(0, options.limit),
      skipped: dataset.skipped.filter((s) => kept.has(s.imageId)),
    };
  }
  if (datasetPath === undefined) {
    stderr.write(
      `label-assign: no dataset given, so this runs on the embedded SYNTHETIC dataset (${dataset.images.length} images); ` +
        'pass a COCO .json file, a VOC folder or a YOLO folder to compare on your data.\n',
    );
  }

  const total = dataset.images.length;
  const showProgress = options.progress !== false && process.stderr.isTTY === true && total * presets.length >= PROGRESS_MIN_WORK;
  const bar = showProgress
    ? new cliProgress.SingleBar(
        { stream: process.stderr, format: 'compare |{bar}| {percentage}% | {value}/{total} images | {duration_formatted} (ETA {eta_formatted})', clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(total, 0);
  let report;
  try {
    report = compareDataset(dataset, presets, {
      presetSpecs: specs,
      workers: options.workers,
      onProgress: bar === null ? undefined : (done) => bar.update(done),
      onFallback: (reason) => stderr.write(`label-assign: ${reason}; continuing in this thread.\n`),
    });
  } finally {
    bar?.stop();
  }

  // Render everything first, then write: a rendering failure leaves no file behind.
  const files: [string, string][] = [];
  if (options.json !== undefined) files.push([options.json, renderJson(report, dataset.skipped)]);
  if (options.csv !== undefined) files.push([options.csv, renderCsv(report)]);
  if (options.html !== undefined) files.push([options.html, renderHtml(report, dataset.skipped)]);
  stdout.write(renderTable(report));
  for (const [path, text] of files) {
    writeFileAtomic(path, text);
    stdout.write(`wrote ${path}\n`);
  }
  return 0;
}
