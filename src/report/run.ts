/**
 * Runs every image of a dataset through every chosen preset, in-process or on all cores with
 * worker threads, and summarises the results. Either way the records are the same (the
 * workers run the same compiled code) and ordered by image, then preset.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Dataset, DatasetImage } from '../datasets/dataset.js';
import { invalidArgument } from '../errors.js';
import type { Preset } from '../presets/preset.js';
import { runPool } from './pool.js';
import { analyzeImage, summarize, type CompareReport, type ImageRecord } from './stats.js';

/**
 * How a worker thread rebuilds a preset: a built-in by name, or an mmdetection-style JSON
 * config (given to `presetFromConfig`).
 */
export interface PresetSource {
  readonly name: string;
  readonly config?: unknown;
}

/** A chunk of consecutive images handed to a worker. */
export interface ImageJob {
  readonly start: number;
  readonly images: readonly DatasetImage[];
}

/** What the worker threads need to know once. */
export interface WorkerInit {
  readonly presets: readonly PresetSource[];
}

/** Below this many (image, preset) pairs, starting threads costs more than it saves. */
export const PARALLEL_MIN_WORK = 400;

export interface CompareRunOptions {
  /**
   * Worker threads: 0 runs in-process; a positive number uses that many threads, but never
   * more than the machine's cores (`os.availableParallelism()`) or the images; default
   * (undefined): one per core when the work is large (at least {@link PARALLEL_MIN_WORK}
   * image-preset pairs), the machine has more than one core and the compiled worker exists.
   */
  readonly workers?: number;
  /** How the workers rebuild each preset, in the same order; without it everything runs in-process. */
  readonly presetSources?: readonly PresetSource[];
  /** Called after each image (all presets), with the images done so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Called once, when worker threads could not be used and the run fell back to in-process. */
  readonly onFallback?: (reason: string) => void;
  /** Called once before the work starts with the number of worker threads used (0: in-process). */
  readonly onPlan?: (workers: number) => void;
  /** The worker module; default {@link defaultWorkerUrl}. */
  readonly workerUrl?: URL | null;
}

/**
 * The compiled worker module: `dist/report/worker.js` beside this file when running from
 * `dist/`, or the project's `dist/` when running from sources (tests); null when not built.
 * @example defaultWorkerUrl()?.href; // 'file:///…/dist/report/worker.js'
 */
export function defaultWorkerUrl(): URL | null {
  const here = import.meta.url;
  const candidates = here.endsWith('.js') ? [new URL('./worker.js', here)] : [new URL('../../dist/report/worker.js', here)];
  for (const url of candidates) if (existsSync(fileURLToPath(url))) return url;
  return null;
}

/**
 * Records of consecutive images `start..start + images.length` for every preset, image-major.
 * @throws {LabelAssignError} as {@link analyzeImage}.
 * @example analyzeImages([PRESETS.fcos], dataset.images.slice(0, 8), 0);
 */
export function analyzeImages(presets: readonly Preset[], images: readonly DatasetImage[], start: number, onImage?: () => void): ImageRecord[] {
  const out: ImageRecord[] = [];
  images.forEach((image, k) => {
    presets.forEach((preset, p) => out.push(analyzeImage(preset, image, start + k, p)));
    onImage?.();
  });
  return out;
}

/**
 * Number of worker threads a run would use (0: in-process).
 * @throws {LabelAssignError} when `options.workers` is not a non-negative integer.
 * @example plannedWorkers(dataset, presets, { workers: 0 }, defaultWorkerUrl()); // 0
 */
export function plannedWorkers(dataset: Dataset, presets: readonly Preset[], options: CompareRunOptions, workerUrl: URL | null): number {
  const images = dataset.images.length;
  if (options.workers !== undefined) {
    if (!Number.isInteger(options.workers) || options.workers < 0) {
      throw invalidArgument('compare', 'workers', 'a non-negative integer', options.workers);
    }
    if (options.workers === 0 || workerUrl === null || options.presetSources === undefined || images < 2) return 0;
    // More threads than cores only cost memory (each holds its presets' priors) and time.
    return Math.min(options.workers, images, availableParallelism());
  }
  if (workerUrl === null || options.presetSources === undefined) return 0;
  const cores = availableParallelism();
  if (cores < 2 || images * presets.length < PARALLEL_MIN_WORK) return 0;
  return Math.min(cores, images);
}

/**
 * Runs `dataset` through `presets` and returns the full report.
 * @param dataset the images and their objects.
 * @param presets the presets to compare, in report order.
 * @param options parallelism and progress; see {@link CompareRunOptions}.
 * @returns the {@link CompareReport} (records ordered by image, then preset).
 * @throws {LabelAssignError} on bad options, on `presetSources` of another length than `presets`,
 *   and whatever a preset throws on an image.
 * @example
 * const report = compareDataset(syntheticCocoLike({ seed: 1, numImages: 50 }), [PRESETS.retinanet, PRESETS.fcos]);
 * report.summaries[0].bestPossibleRecall.share;
 */
export function compareDataset(dataset: Dataset, presets: readonly Preset[], options: CompareRunOptions = {}): CompareReport {
  if (presets.length === 0) throw invalidArgument('compare', 'presets', 'at least one preset', presets);
  if (options.presetSources !== undefined && options.presetSources.length !== presets.length) {
    throw invalidArgument('compare', 'presetSources', `one spec per preset (${presets.length})`, options.presetSources);
  }
  const images = dataset.images;
  const total = images.length;
  let done = 0;
  const tick = (count = 1): void => {
    done += count;
    options.onProgress?.(done, total);
  };
  const workerUrl = options.workerUrl === undefined ? defaultWorkerUrl() : options.workerUrl;
  const workers = plannedWorkers(dataset, presets, options, workerUrl);
  options.onPlan?.(workers);
  const chunks: (ImageRecord[] | undefined)[] = [];
  let jobs: ImageJob[] = [];
  if (workers > 0 && workerUrl !== null) {
    const size = Math.max(1, Math.min(64, Math.ceil(total / (workers * 8))));
    for (let start = 0; start < total; start += size) jobs.push({ start, images: images.slice(start, start + size) });
    const outcome = runPool<ImageJob, ImageRecord[]>({
      workerUrl,
      workers,
      init: { presets: options.presetSources ?? [] } satisfies WorkerInit,
      jobs,
      onResult: (job, records) => {
        chunks[job] = records;
      },
      onProgress: tick,
    });
    if (outcome.reason !== null) {
      options.onFallback?.(outcome.reason);
      // Images of unfinished jobs may have been partly counted; recount from the finished ones.
      done = chunks.reduce((n, c, j) => n + (c === undefined ? 0 : jobs[j].images.length), 0);
      for (const j of outcome.unfinished) chunks[j] = analyzeImages(presets, jobs[j].images, jobs[j].start, () => tick());
    }
  } else {
    jobs = [{ start: 0, images }];
    chunks[0] = analyzeImages(presets, images, 0, () => tick());
  }
  const records = chunks.flatMap((c) => c ?? []);
  return summarize(dataset, presets, records);
}
