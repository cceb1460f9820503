/**
 * `label-assign compare [dataset] --presets retinanet,atss,fcos`: runs every image of a
 * dataset through every chosen detector preset and reports, per preset, how many positives
 * each object gets, on which pyramid level, by object size and class, which objects get none,
 * and the best possible recall. Prints a one-screen table; `--json`, `--csv` and `--html` write
 * the full results (atomically). Without a dataset it runs on the embedded synthetic
 * COCO-like set and says so in every output.
 */
import { statSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { parseJson, readText, type LoaderNames } from '../datasets/common.js';
import { detectDatasetFormat, syntheticCocoLike, type Dataset, type LoadDatasetOptions } from '../datasets/index.js';
import { loadDatasetAs } from '../datasets/load.js';
import { LabelAssignError } from '../errors.js';
import { presetFromConfigAs } from '../presets/from-config.js';
import { PRESET_NAMES, PRESETS, type Preset } from '../presets/index.js';
import { renderCsv } from '../report/csv.js';
import { renderHtml } from '../report/html.js';
import { renderJson } from '../report/json.js';
import { compareDataset, type PresetSource } from '../report/run.js';
import { renderTable } from '../report/table.js';
import { printable } from '../report/text.js';
import { checkOutputPaths, writeFilesAtomic, type CliInputs } from './atomic-write.js';
import type { Output } from './output.js';

export { checkOutputPaths, type CliInputs };

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
  if (path === '') throw usage(fn, 'dataset', 'the dataset path is empty; give a COCO .json file, a VOC folder or a YOLO folder, or leave it out for the embedded data');
  const load: { -readonly [K in keyof LoadDatasetOptions]: LoadDatasetOptions[K] } = {};
  if (options.format !== undefined) {
    if (!['coco', 'voc', 'yolo'].includes(options.format)) throw usage(fn, 'format', `--format must be coco, voc or yolo, but was '${printable(options.format)}'`);
    load.format = options.format as LoadDatasetOptions['format'];
  }
  if (options.imageSize !== undefined) {
    // Image sizes are whole pixels: the presets' resize rules need integers.
    const m = /^(\d+)x(\d+)$/i.exec(options.imageSize);
    const [w, h] = m === null ? [0, 0] : [Number(m[1]), Number(m[2])];
    if (!(Number.isSafeInteger(w) && w > 0 && Number.isSafeInteger(h) && h > 0)) {
      throw usage(fn, 'imageSize', `--image-size must be WIDTHxHEIGHT in whole pixels, e.g. 640x480, but was '${printable(options.imageSize)}'`);
    }
    load.imageSize = [w, h];
  }
  if (options.imageSizes !== undefined) {
    if (options.imageSizes === '') throw usage(fn, 'imageSizes', '--image-sizes needs a file name (a JSON file of stem -> [width, height])');
    if (options.imageSize !== undefined) throw usage(fn, 'imageSizes', '--image-size and --image-sizes cannot be used together: give one size for every image or a file of sizes');
    load.imageSizes = options.imageSizes;
  }
  if (options.unknownSize !== undefined) {
    if (options.unknownSize !== 'error' && options.unknownSize !== 'skip') throw usage(fn, 'unknownSize', `--unknown-size must be error or skip, but was '${printable(options.unknownSize)}'`);
    load.unknownSize = options.unknownSize;
  }
  if (options.keepDifficult) load.difficultAsIgnore = false;
  // The loaders write their messages in the command line's words: `compare: ...`, its flags.
  const names = cliLoaderNames(fn);
  // Format-specific flags are checked here, in the command line's own words.
  const format = load.format ?? detectDatasetFormat(path, names);
  const yoloFlags = (['imageSize', 'imageSizes', 'unknownSize'] as const).filter((k) => load[k] !== undefined);
  if (format !== 'yolo' && yoloFlags.length > 0) {
    throw usage(fn, yoloFlags[0], `${yoloFlags.map((k) => CLI_FLAG[k]).join(' and ')} only ${yoloFlags.length === 1 ? 'applies' : 'apply'} to YOLO label folders, and ${printable(path)} is ${FORMAT_LABEL[format]}`);
  }
  if (format !== 'voc' && options.keepDifficult) {
    throw usage(fn, 'keepDifficult', `--keep-difficult only applies to Pascal VOC folders, and ${printable(path)} is ${FORMAT_LABEL[format]}`);
  }
  return loadDatasetAs(names, path, { ...load, format });
}

/** The command line's flag for each loader option it sets. */
const CLI_FLAG: Readonly<Record<string, string>> = {
  format: '--format',
  imageSize: '--image-size',
  imageSizes: '--image-sizes',
  unknownSize: '--unknown-size',
};
/** A flag with the form of its value, as a hint shows it. */
const CLI_EXAMPLE: Readonly<Record<string, string>> = { imageSize: '--image-size WxH', imageSizes: '--image-sizes FILE' };
const FORMAT_LABEL = { coco: 'a COCO JSON file', voc: 'a Pascal VOC XML folder', yolo: 'a YOLO label folder' } as const;

/**
 * The words of the dataset loaders' errors on the command line of `fn` (`compare`, `inspect`):
 * each option as its flag, hints as flags to type (`give --image-size WxH`, `pass --format voc
 * or --format yolo`).
 * @example cliLoaderNames('compare').setting('unknownSize', ['skip']); // '--unknown-size skip'
 */
export function cliLoaderNames(fn: string): LoaderNames {
  const flag = (key: string): string => CLI_FLAG[key] ?? key;
  return {
    fn,
    code: 'invalid-argument',
    section: 'options',
    option: flag,
    mention: flag,
    example: (key) => CLI_EXAMPLE[key] ?? flag(key),
    setting: (key, values) => values.map((v) => `${flag(key)} ${v}`).join(' or '),
  };
}

/** Most bytes a preset config file may have (a built-in preset's config is about 1 KiB). */
export const MAX_PRESET_CONFIG_BYTES = 1024 * 1024;

/**
 * Parses a comma-separated list of presets: built-in names, or JSON config files (`*.json`,
 * read with `presetFromConfig`).
 * @returns the presets and, for the worker threads, how to rebuild each.
 * @throws {LabelAssignError} on an empty list or entry, an unknown name (listing the known
 *   ones), a name given twice, a config file that cannot be read or is invalid.
 * @example parsePresetList('compare', 'presets', 'retinanet,my-atss.json').presets.length; // 2
 */
export function parsePresetList(fn: string, option: string, list: string): { presets: Preset[]; specs: PresetSource[] } {
  const entries = list.split(',').map((s) => s.trim());
  if (entries.some((e) => e === '')) throw usage(fn, option, `--${option} must be a comma-separated list of preset names, but was '${printable(list)}' (known presets: ${PRESET_NAMES.join(', ')})`);
  const presets: Preset[] = [];
  const specs: PresetSource[] = [];
  for (const entry of entries) {
    if (entry.toLowerCase().endsWith('.json')) {
      // Read and parse errors name the file (and line and column); config errors name the file
      // and the key: `compare: preset config my.json: assigner.pos_iou_thr must be ...`.
      const json = parseJson(fn, entry, readText(fn, entry, { maxBytes: MAX_PRESET_CONFIG_BYTES, what: 'a preset config' }));
      const preset = presetFromConfigAs(`${fn}: preset config ${printable(entry)}`, json);
      presets.push(preset);
      specs.push({ name: preset.name, config: json });
    } else {
      if (!Object.prototype.hasOwnProperty.call(PRESETS, entry)) {
        throw usage(fn, option, `unknown preset '${printable(entry)}'; known presets: ${PRESET_NAMES.join(', ')} (or a JSON config file, *.json)`);
      }
      presets.push(PRESETS[entry as keyof typeof PRESETS]);
      specs.push({ name: entry });
    }
  }
  const seen = new Set<string>();
  for (const p of presets) {
    if (seen.has(p.name)) throw usage(fn, option, `preset '${printable(p.name)}' is given twice in --${option}`);
    seen.add(p.name);
  }
  return { presets, specs };
}

/**
 * The inputs of a `compare` or `inspect` run, for {@link checkOutputPaths}.
 * @example cliInputs('VOC2007', 'retinanet,my.json', {}); // { files: ['my.json'], folder: 'VOC2007' }
 */
export function cliInputs(datasetPath: string | undefined, presetList: string, options: DatasetCliOptions): CliInputs {
  const files = presetList
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e.toLowerCase().endsWith('.json'));
  if (options.imageSizes !== undefined) files.push(options.imageSizes);
  let folder: string | undefined;
  if (datasetPath !== undefined && datasetPath !== '') {
    if (statSync(datasetPath, { throwIfNoEntry: false })?.isDirectory()) folder = datasetPath;
    else files.push(datasetPath);
  }
  return { files, folder };
}

/** Below this many image-preset pairs no progress bar is drawn. */
const PROGRESS_MIN_WORK = 50;

/**
 * Runs `compare`: reads the dataset and presets, computes, prints the table to `stdout`,
 * writes the requested files. Everything up to the writing is synchronous; the writing
 * yields to the event loop so that an interrupt is handled cleanly (see `atomic-write.ts`).
 * @returns the exit code (0).
 * @throws {LabelAssignError} for bad arguments or files (the CLI prints one line and exits 2);
 *   nothing is written then.
 * @example await runCompare(undefined, { presets: 'retinanet,fcos', html: 'report.html' }, stdout, stderr);
 */
export async function runCompare(datasetPath: string | undefined, options: CompareCliOptions, stdout: Output, stderr: Output): Promise<number> {
  const fn = 'compare';
  const presetList = options.presets ?? PRESET_NAMES.join(',');
  const { presets, specs } = parsePresetList(fn, 'presets', presetList);
  checkOutputPaths(
    fn,
    [
      ['json', options.json],
      ['csv', options.csv],
      ['html', options.html],
    ],
    cliInputs(datasetPath, presetList, options),
  );
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
      presetSources: specs,
      workers: options.workers,
      onProgress: bar === null ? undefined : (done) => bar.update(done),
      onFallback: (reason) => stderr.write(`label-assign: ${printable(reason)}; continuing in this thread.\n`),
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
  await writeFilesAtomic(fn, files, { stderr });
  for (const [path] of files) stdout.write(`wrote ${printable(path)}\n`);
  return 0;
}
