/**
 * The statistics engine of `label-assign compare`: runs one image through one preset
 * ({@link analyzeImage}, a compact per-image record) and folds the records of a dataset into
 * per-preset summaries ({@link summarize}). Everything is computed from the presets' own
 * assignment results; nothing here knows how a strategy works.
 */
import { checkAssignResult } from '../assigners/assign-result.js';
import type { Dataset, DatasetImage } from '../datasets/dataset.js';
import { LabelAssignError } from '../errors.js';
import { presetCallsAs, type Preset, type PresetAssignment } from '../presets/preset.js';

/** COCO's size classes, on the box area in ORIGINAL image pixels: small < 32², large >= 96². */
export const SIZE_CLASSES = ['small', 'medium', 'large'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];
export const SMALL_AREA = 32 * 32;
export const LARGE_AREA = 96 * 96;

/**
 * Size class of a box of `area` square pixels, by COCO's thresholds.
 * @example sizeClass(30 * 30); // 'small'
 */
export function sizeClass(area: number): SizeClass {
  return area < SMALL_AREA ? 'small' : area < LARGE_AREA ? 'medium' : 'large';
}

/**
 * Bins of the positives-per-object histogram, `[lo, hi]` inclusive (`hi` null: open).
 * Fine at the low end, where the question "one positive or none?" lives, coarse above.
 */
export const HISTOGRAM_BINS: readonly (readonly [number, number | null])[] = Object.freeze([
  [0, 0], [1, 1], [2, 2], [3, 3], [4, 4], [5, 6], [7, 9], [10, 14], [15, 19], [20, 29], [30, 49], [50, 99], [100, null],
].map((b) => Object.freeze(b) as readonly [number, number | null]));

/**
 * Label of a histogram bin: `0`, `5-6`, `100+`.
 * @example binLabel([100, null]); // '100+'
 */
export function binLabel(bin: readonly [number, number | null]): string {
  const [lo, hi] = bin;
  return hi === null ? `${lo}+` : lo === hi ? String(lo) : `${lo}-${hi}`;
}

/** What one preset gives for one image, compactly. */
export interface ImageRecord {
  /** Index of the image in `Dataset.images`. */
  readonly imageIndex: number;
  readonly imageId: string;
  /** Index of the preset in the compared list. */
  readonly presetIndex: number;
  readonly numPriors: number;
  /** Priors labelled positive (1) when all objects are assigned together. */
  readonly positivePriors: number;
  /** Priors labelled ignored (-1): between the thresholds, or inside an ignore region. */
  readonly ignoredPriors: number;
  /** `[numObjects]`: positive priors of each object (annotation order), all objects together. */
  readonly positivesPerObject: Int32Array;
  /** `[numObjects]`: positive priors of each object when it is assigned alone. */
  readonly positivesAlonePerObject: Int32Array;
  /** `[numLevels]`: positive priors on each pyramid level, all objects together. */
  readonly positivesPerLevel: Int32Array;
  /**
   * Priors positive for two or more objects when each object is assigned alone: the conflicts
   * the assigner had to resolve.
   */
  readonly multiClaimedPriors: number;
}

/**
 * The preset's output, checked: the assigner contract on its result (one shared check for every
 * strategy, see `checkAssignResult`), one level per prior within the preset's levels.
 */
function checkAssignment(preset: Preset, image: DatasetImage, numObjects: number, assignment: PresetAssignment): void {
  const where = `preset '${preset.name}' on image ${image.id}: result`;
  const { result, priorLevel } = assignment;
  checkAssignResult('compare', where, result, { numGts: numObjects });
  const numPriors = result.label.length;
  if (priorLevel.length !== numPriors) {
    throw new LabelAssignError('invalid-argument', 'preset', `compare: preset '${preset.name}' returned ${priorLevel.length} prior levels for ${numPriors} priors on image ${image.id}`);
  }
  for (let i = 0; i < numPriors; i++) {
    if (priorLevel[i] >= preset.levelNames.length) {
      throw new LabelAssignError('invalid-argument', 'preset', `compare: preset '${preset.name}' put prior ${i} on level ${priorLevel[i]}, but has ${preset.levelNames.length} levels`);
    }
  }
}

/**
 * Runs one image through one preset and records what the assignment gives.
 *
 * 1. `preset.prepare(image)`, then `preset.assign(prepared)` with all objects: positives per
 *    object, per level, ignored priors.
 * 2. Each object alone, `preset.assign(prepared, oneBox, oneLabel)`: its positives alone (best
 *    possible recall) and, per prior, how many objects claim it (priors claimed by more than
 *    one object before resolution). With a single object, step 1's result is that object's
 *    result alone (the same call), and is reused.
 *
 * Cost: `numObjects + 1` assignments and `O(numPriors * (numObjects + 1))` counting.
 * @param preset the detector preset.
 * @param image the image, boxes in image pixels.
 * @param imageIndex its index in the dataset (kept in the record for ordering).
 * @param presetIndex the preset's index in the compared list.
 * @returns the image's {@link ImageRecord}.
 * @throws {LabelAssignError} when the preset's output breaks the Preset contract (lengths,
 *   object indices or levels out of range), and whatever the preset throws.
 * @example
 * const record = analyzeImage(PRESETS.retinanet, dataset.images[0], 0, 0);
 * record.positivesPerObject; // Int32Array [numObjects]
 */
export function analyzeImage(preset: Preset, image: DatasetImage, imageIndex: number, presetIndex: number): ImageRecord {
  const numObjects = image.labels.length;
  const numLevels = preset.levelNames.length;
  // The preset's errors start with `compare` and name the image (see presetCallsAs).
  const calls = presetCallsAs('compare', preset);
  const prepared = calls.prepare(image);
  const joint = calls.assign(prepared);
  const { label, gtIndex } = joint.result;
  const numPriors = label.length;
  checkAssignment(preset, image, numObjects, joint);

  const positivesPerObject = new Int32Array(numObjects);
  const positivesPerLevel = new Int32Array(numLevels);
  let positivePriors = 0;
  let ignoredPriors = 0;
  for (let i = 0; i < numPriors; i++) {
    const l = label[i];
    if (l === 1) {
      positivePriors++;
      positivesPerObject[gtIndex[i]]++;
      positivesPerLevel[joint.priorLevel[i]]++;
    } else if (l === -1) {
      ignoredPriors++;
    }
  }

  const positivesAlonePerObject = new Int32Array(numObjects);
  let multiClaimedPriors = 0;
  if (numObjects === 1) {
    positivesAlonePerObject[0] = positivePriors;
  } else if (numObjects > 1) {
    const claims = new Uint8Array(numPriors);
    const labels = prepared.image.labels;
    for (let j = 0; j < numObjects; j++) {
      const alone = calls.assign(prepared, prepared.gtBoxes.subarray(4 * j, 4 * j + 4), labels.subarray(j, j + 1));
      const aloneLabel = alone.result.label;
      if (aloneLabel.length !== numPriors) {
        throw new LabelAssignError('invalid-argument', 'preset', `compare: preset '${preset.name}' gave ${aloneLabel.length} priors for one object of image ${image.id}, ${numPriors} for all`);
      }
      let count = 0;
      for (let i = 0; i < numPriors; i++) {
        if (aloneLabel[i] === 1) {
          count++;
          if (claims[i] === 1) multiClaimedPriors++;
          if (claims[i] < 2) claims[i]++;
        }
      }
      positivesAlonePerObject[j] = count;
    }
  }
  return {
    imageIndex,
    imageId: image.id,
    presetIndex,
    numPriors,
    positivePriors,
    ignoredPriors,
    positivesPerObject,
    positivesAlonePerObject,
    positivesPerLevel,
    multiClaimedPriors,
  };
}

/** count, mean, median, p10, p90 and max of a sample; all null for an empty sample. */
export interface Distribution {
  readonly count: number;
  readonly mean: number | null;
  readonly median: number | null;
  readonly p10: number | null;
  readonly p90: number | null;
  readonly max: number | null;
}

/**
 * The `p` quantile of ascending `sorted` values, interpolating linearly between the two
 * closest ranks (numpy's default): rank `h = (n - 1) p`.
 * @example quantile([1, 2, 3, 4], 0.5); // 2.5
 */
export function quantile(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * {@link Distribution} of `values` (not mutated); percentiles as {@link quantile}.
 * @example distribution([3, 1, 2]); // { count: 3, mean: 2, median: 2, p10: 1.2, p90: 2.8, max: 3 }
 */
export function distribution(values: ArrayLike<number>): Distribution {
  const n = values.length;
  if (n === 0) return { count: 0, mean: null, median: null, p10: null, p90: null, max: null };
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  return { count: n, mean: sum / n, median: quantile(sorted, 0.5), p10: quantile(sorted, 0.1), p90: quantile(sorted, 0.9), max: sorted[n - 1] };
}

/** Objects, how many of them got no positive prior, and the share (null when no objects). */
export interface ZeroShare {
  readonly objects: number;
  readonly withoutPositives: number;
  readonly share: number | null;
}

/** {@link ZeroShare} of one class. */
export interface ClassZeroShare extends ZeroShare {
  /** Index into `Dataset.categories`. */
  readonly category: number;
  readonly id: number;
  readonly name: string;
}

/** Positive priors on one pyramid level. */
export interface LevelCount {
  readonly level: string;
  readonly positives: number;
  /** Share of all positive priors of the preset (null when there are none). */
  readonly share: number | null;
}

/** One bin of the positives-per-object histogram (see {@link HISTOGRAM_BINS}). */
export interface HistogramBin {
  readonly bin: string;
  readonly lo: number;
  readonly hi: number | null;
  readonly objects: number;
  readonly share: number | null;
}

/** Everything `compare` reports for one preset on one dataset. */
export interface PresetSummary {
  readonly preset: string;
  readonly description: string;
  readonly reference: string;
  readonly levelNames: readonly string[];
  readonly images: number;
  readonly objects: number;
  readonly priorsPerImage: Distribution;
  readonly positivesPerImage: Distribution;
  readonly positivesPerObject: Distribution;
  readonly positivesPerObjectHistogram: readonly HistogramBin[];
  readonly withoutPositives: ZeroShare;
  readonly withoutPositivesBySize: { readonly small: ZeroShare; readonly medium: ZeroShare; readonly large: ZeroShare };
  /** Every category with at least one object, in the dataset's category order. */
  readonly withoutPositivesByClass: readonly ClassZeroShare[];
  readonly positivesPerLevel: readonly LevelCount[];
  readonly ignoredPriors: { readonly total: number; readonly perImage: Distribution };
  readonly multiClaimedPriors: { readonly total: number; readonly perImage: Distribution };
  /** Objects that get at least one positive when assigned alone, and their share. */
  readonly bestPossibleRecall: { readonly objects: number; readonly matchable: number; readonly share: number | null };
}

/** The dataset's side of a report. */
export interface DatasetSummary {
  readonly name: string;
  readonly format: Dataset['format'];
  readonly synthetic: boolean;
  readonly images: number;
  readonly objects: number;
  readonly ignoreRegions: number;
  readonly objectsBySize: { readonly small: number; readonly medium: number; readonly large: number };
  readonly categories: number;
  readonly skippedBoxes: number;
}

/** What a report says about each preset. */
export interface PresetInfo {
  readonly name: string;
  readonly description: string;
  readonly reference: string;
  readonly levelNames: readonly string[];
}

/** A whole comparison: the dataset, the presets, per-preset summaries, per-image records. */
export interface CompareReport {
  readonly dataset: DatasetSummary;
  readonly presets: readonly PresetInfo[];
  readonly summaries: readonly PresetSummary[];
  /** Image-major, preset-minor: `records[image * presets.length + preset]`. */
  readonly records: readonly ImageRecord[];
  /** The dataset's category names, by index. */
  readonly categoryNames: readonly string[];
  /** Size class of every object, image by image (annotation order), from original pixels. */
  readonly objectSizes: readonly (readonly SizeClass[])[];
}

function zeroShare(objects: number, withoutPositives: number): ZeroShare {
  return { objects, withoutPositives, share: objects === 0 ? null : withoutPositives / objects };
}

/**
 * Size classes of an image's objects, from their area in original image pixels.
 * @example objectSizeClasses(image); // ['small', 'large', ...], annotation order
 */
export function objectSizeClasses(image: DatasetImage): SizeClass[] {
  const out: SizeClass[] = [];
  const b = image.boxes;
  for (let i = 0; i < b.length; i += 4) out.push(sizeClass((b[i + 2] - b[i]) * (b[i + 3] - b[i + 1])));
  return out;
}

/**
 * Summary of the dataset itself: counts of images, objects by size, ignore regions, skipped boxes.
 * @example summarizeDataset(dataset).objectsBySize.small;
 */
export function summarizeDataset(dataset: Dataset): DatasetSummary {
  const bySize = { small: 0, medium: 0, large: 0 };
  let objects = 0;
  let ignoreRegions = 0;
  for (const image of dataset.images) {
    objects += image.labels.length;
    ignoreRegions += image.ignoreBoxes.length / 4;
    for (const s of objectSizeClasses(image)) bySize[s]++;
  }
  return {
    name: dataset.name,
    format: dataset.format,
    synthetic: dataset.synthetic,
    images: dataset.images.length,
    objects,
    ignoreRegions,
    objectsBySize: bySize,
    categories: dataset.categories.length,
    skippedBoxes: dataset.skipped.length,
  };
}

/**
 * Folds the per-image records of every preset into the report.
 * @param dataset the dataset the records come from.
 * @param presets the compared presets, in order.
 * @param records one record per (image, preset), in any order.
 * @returns the {@link CompareReport}, records sorted image-major, preset-minor.
 * @throws {LabelAssignError} when a (image, preset) record is missing or doubled.
 * @example
 * const report = summarize(dataset, presets, dataset.images.flatMap((im, i) => presets.map((p, k) => analyzeImage(p, im, i, k))));
 */
export function summarize(dataset: Dataset, presets: readonly Preset[], records: readonly ImageRecord[]): CompareReport {
  const numImages = dataset.images.length;
  const numPresets = presets.length;
  const ordered: ImageRecord[] = new Array(numImages * numPresets);
  for (const r of records) {
    const slot = r.imageIndex * numPresets + r.presetIndex;
    if (ordered[slot] !== undefined) throw new LabelAssignError('invalid-argument', 'records', `compare: two records for image ${r.imageId}, preset ${r.presetIndex}`);
    ordered[slot] = r;
  }
  for (let s = 0; s < ordered.length; s++) {
    if (ordered[s] === undefined) {
      throw new LabelAssignError('invalid-argument', 'records', `compare: no record for image ${dataset.images[Math.floor(s / numPresets)].id}, preset '${presets[s % numPresets].name}'`);
    }
  }
  const objectSizes = dataset.images.map(objectSizeClasses);
  const summaries = presets.map((preset, p) => summarizePreset(dataset, preset, objectSizes, (i) => ordered[i * numPresets + p]));
  return {
    dataset: summarizeDataset(dataset),
    presets: presets.map((p) => ({ name: p.name, description: p.description, reference: p.reference, levelNames: [...p.levelNames] })),
    summaries,
    records: ordered,
    categoryNames: dataset.categories.map((c) => c.name),
    objectSizes,
  };
}

function summarizePreset(dataset: Dataset, preset: Preset, objectSizes: readonly (readonly SizeClass[])[], recordOf: (image: number) => ImageRecord): PresetSummary {
  const numImages = dataset.images.length;
  const numLevels = preset.levelNames.length;
  const numCategories = dataset.categories.length;
  const priors = new Float64Array(numImages);
  const positives = new Float64Array(numImages);
  const ignored = new Float64Array(numImages);
  const multi = new Float64Array(numImages);
  const perObject: number[] = [];
  const perLevel = new Float64Array(numLevels);
  const bySize = { small: [0, 0], medium: [0, 0], large: [0, 0] };
  const byClass = Array.from({ length: numCategories }, () => [0, 0]);
  const histogram = new Float64Array(HISTOGRAM_BINS.length);
  let zero = 0;
  let matchable = 0;
  for (let i = 0; i < numImages; i++) {
    const r = recordOf(i);
    const image = dataset.images[i];
    priors[i] = r.numPriors;
    positives[i] = r.positivePriors;
    ignored[i] = r.ignoredPriors;
    multi[i] = r.multiClaimedPriors;
    for (let l = 0; l < numLevels; l++) perLevel[l] += r.positivesPerLevel[l];
    for (let j = 0; j < r.positivesPerObject.length; j++) {
      const n = r.positivesPerObject[j];
      perObject.push(n);
      const none = n === 0 ? 1 : 0;
      zero += none;
      const size = bySize[objectSizes[i][j]];
      size[0]++;
      size[1] += none;
      const cls = byClass[image.labels[j]];
      if (cls !== undefined) {
        cls[0]++;
        cls[1] += none;
      }
      const bin = HISTOGRAM_BINS.findIndex(([lo, hi]) => n >= lo && (hi === null || n <= hi));
      histogram[bin]++;
      if (r.positivesAlonePerObject[j] > 0) matchable++;
    }
  }
  const objects = perObject.length;
  const totalPositives = positives.reduce((a, b) => a + b, 0);
  return {
    preset: preset.name,
    description: preset.description,
    reference: preset.reference,
    levelNames: [...preset.levelNames],
    images: numImages,
    objects,
    priorsPerImage: distribution(priors),
    positivesPerImage: distribution(positives),
    positivesPerObject: distribution(perObject),
    positivesPerObjectHistogram: HISTOGRAM_BINS.map((bin, b) => ({
      bin: binLabel(bin),
      lo: bin[0],
      hi: bin[1],
      objects: histogram[b],
      share: objects === 0 ? null : histogram[b] / objects,
    })),
    withoutPositives: zeroShare(objects, zero),
    withoutPositivesBySize: {
      small: zeroShare(bySize.small[0], bySize.small[1]),
      medium: zeroShare(bySize.medium[0], bySize.medium[1]),
      large: zeroShare(bySize.large[0], bySize.large[1]),
    },
    withoutPositivesByClass: byClass.flatMap(([n, z], c) =>
      n === 0 ? [] : [{ category: c, id: dataset.categories[c].id, name: dataset.categories[c].name, ...zeroShare(n, z) }],
    ),
    positivesPerLevel: preset.levelNames.map((level, l) => ({ level, positives: perLevel[l], share: totalPositives === 0 ? null : perLevel[l] / totalPositives })),
    ignoredPriors: { total: ignored.reduce((a, b) => a + b, 0), perImage: distribution(ignored) },
    multiClaimedPriors: { total: multi.reduce((a, b) => a + b, 0), perImage: distribution(multi) },
    bestPossibleRecall: { objects, matchable, share: objects === 0 ? null : matchable / objects },
  };
}
