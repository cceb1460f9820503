/**
 * SSD anchor generator (SSD300 / SSD512): per level a square of the level's min size, a square
 * of `sqrt(minSize * maxSize)` and one pair of `1/r`, `r` boxes per extra aspect ratio, centered
 * in the first cell, repeated over the grid.
 *
 * Port of mmdetection 3.x `SSDAnchorGenerator` (mmdet/models/task_modules/prior_generators/
 * anchor_generator.py), including its hard-coded min/max sizes for SSD300 (COCO, VOC) and
 * SSD512 (COCO, VOC) and its reordering of the base anchors.
 */
import { invalidArgument } from '../../errors.js';
import { apiNames, checkBoolean, checkKnownKeys, checkNumber, checkObject, denseArray, optionNamesArgument, type OptionNames } from '../../validate.js';
import {
  checkLevelCount,
  checkPositive,
  checkPositiveList,
  makeGridAnchorGenerator,
  resolveStrides,
  singleLevelBaseAnchors,
  type GridAnchorGenerator,
  type StrideOption,
} from './anchor-generator.js';

const fround = Math.fround;

/** Options of {@link ssdAnchorGenerator}; names follow mmdetection's, in camelCase. */
export interface SSDAnchorGeneratorOptions {
  /** Per level stride in pixels: a number, or `[strideW, strideH]`. */
  readonly strides: readonly StrideOption[];
  /** Per level extra aspect ratios (each adds `1/r` and `r`), e.g. `[[2], [2, 3], ...]`. */
  readonly ratios: readonly (readonly number[])[];
  /** Per level min sizes in pixels; give with `maxSizes`, or neither (then derived). */
  readonly minSizes?: readonly number[];
  /** Per level max sizes in pixels; give with `minSizes`, or neither. */
  readonly maxSizes?: readonly number[];
  /** `[low, high]` base size ratios used to derive the sizes; default `[0.15, 0.9]`. */
  readonly basesizeRatioRange?: readonly [number, number];
  /** Network input size used to derive the sizes: 300 (default) or 512. */
  readonly inputSize?: number;
  /** Base-anchor order before SSD's reordering; default `true` (mmdetection's SSD configs use `false`). */
  readonly scaleMajor?: boolean;
}

/** {@link SSDAnchorGeneratorOptions} with defaults filled in and the sizes derived. */
export interface ResolvedSSDAnchorGeneratorOptions {
  /** Per level `[strideW, strideH]`. */
  readonly strides: readonly (readonly [number, number])[];
  readonly ratios: readonly (readonly number[])[];
  readonly minSizes: readonly number[];
  readonly maxSizes: readonly number[];
  readonly basesizeRatioRange: readonly [number, number];
  readonly inputSize: number;
  readonly scaleMajor: boolean;
  /** Per level base anchor center `[strideW / 2, strideH / 2]`. */
  readonly centers: readonly (readonly [number, number])[];
}

/** A frozen SSD anchor generator; see {@link ssdAnchorGenerator}. */
export type SSDAnchorGenerator = GridAnchorGenerator<ResolvedSSDAnchorGeneratorOptions>;

const FN = 'ssdAnchorGenerator';
const API_NAMES = apiNames(FN);
const KNOWN_KEYS = ['strides', 'ratios', 'minSizes', 'maxSizes', 'basesizeRatioRange', 'inputSize', 'scaleMajor'] as const;

/**
 * Checks `options`, fills in the defaults and, when `minSizes`/`maxSizes` are not given,
 * derives them as mmdetection does: `minRatio = int(r0 * 100)`, `maxRatio = int(r1 * 100)`,
 * `step = int(floor(maxRatio - minRatio) / (numLevels - 2))`; for each `ratio` in
 * `range(minRatio, maxRatio + 1, step)`: `int(inputSize * ratio / 100)` and
 * `int(inputSize * (ratio + step) / 100)`; then a first level of
 * 7%/15% (300, r0 0.15), 10%/20% (300, r0 0.2), 4%/10% (512, r0 0.1) or 7%/15% (512, r0 0.15).
 * @throws {LabelAssignError} on an unknown key, a bad stride/ratio/size, `ratios` (or the
 *   sizes) with a length other than `strides`, only one of `minSizes`/`maxSizes`, an
 *   `inputSize` other than 300 or 512 (or an unsupported `basesizeRatioRange[0]`) without
 *   explicit sizes, or derived sizes whose count differs from the number of levels.
 * @param names the words of the errors: the API's (default) or a config's.
 * @example
 * resolveSSDAnchorGeneratorOptions({ strides: [8, 16, 32, 64, 100, 300], ratios: [[2], [2, 3], [2, 3], [2, 3], [2], [2]] }).minSizes;
 * // [21, 45, 99, 153, 207, 261]
 */
export function resolveSSDAnchorGeneratorOptions(options: SSDAnchorGeneratorOptions, namesArgument: OptionNames | string = API_NAMES): ResolvedSSDAnchorGeneratorOptions {
  const names = optionNamesArgument('resolveSSDAnchorGeneratorOptions', namesArgument, (name) => apiNames(name), FN);
  const at = (key: string): string => names.option(key);
  const say = (key: string): string => names.mention(key);
  const record = checkObject(names, names.section, options);
  checkKnownKeys(names, names.section, record, KNOWN_KEYS);
  const strides = resolveStrides(names, record.strides);
  const numLevels = strides.length;

  const ratioLists = denseArray(names, at('ratios'), record.ratios, 'an array with one list of aspect ratios per level');
  checkLevelCount(names, 'ratios', ratioLists, numLevels, 'lists of ratios');
  const ratios = ratioLists.map((list: unknown, i) => Object.freeze(checkPositiveList(names, `${at('ratios')}[${i}]`, list, false)));

  let basesizeRatioRange: readonly [number, number] = [0.15, 0.9];
  if (record.basesizeRatioRange !== undefined) {
    const range = record.basesizeRatioRange;
    if (!Array.isArray(range) || range.length !== 2) {
      throw invalidArgument(names, at('basesizeRatioRange'), 'a [low, high] pair of ratios', range);
    }
    const low = checkPositive(names, `${at('basesizeRatioRange')}[0]`, range[0]);
    const high = checkNumber(names, `${at('basesizeRatioRange')}[1]`, range[1], { min: low, exclusiveMin: true, float32: true });
    basesizeRatioRange = [low, high];
  }
  const inputSize = record.inputSize === undefined ? 300 : checkPositive(names, at('inputSize'), record.inputSize);
  const scaleMajor = checkBoolean(names, at('scaleMajor'), record.scaleMajor, true);

  let minSizes: number[];
  let maxSizes: number[];
  if (record.minSizes !== undefined || record.maxSizes !== undefined) {
    if (record.minSizes === undefined) throw invalidArgument(names, at('minSizes'), `given together with ${say('maxSizes')}`);
    if (record.maxSizes === undefined) throw invalidArgument(names, at('maxSizes'), `given together with ${say('minSizes')}`);
    minSizes = checkPositiveList(names, at('minSizes'), record.minSizes, true);
    maxSizes = checkPositiveList(names, at('maxSizes'), record.maxSizes, true);
    checkLevelCount(names, 'minSizes', minSizes, numLevels, 'sizes');
    checkLevelCount(names, 'maxSizes', maxSizes, numLevels, 'sizes');
  } else {
    [minSizes, maxSizes] = deriveSizes(names, numLevels, basesizeRatioRange, inputSize);
  }

  return Object.freeze({
    strides,
    ratios: Object.freeze(ratios),
    minSizes: Object.freeze(minSizes),
    maxSizes: Object.freeze(maxSizes),
    basesizeRatioRange: Object.freeze(basesizeRatioRange),
    inputSize,
    scaleMajor,
    centers: Object.freeze(strides.map(([w, h]) => Object.freeze([w / 2, h / 2] as const))),
  });
}

function deriveSizes(names: OptionNames, numLevels: number, range: readonly [number, number], inputSize: number): [number[], number[]] {
  const at = (key: string): string => names.option(key);
  const say = (key: string): string => names.mention(key);
  const sizesGiven = `${say('minSizes')} and ${say('maxSizes')}`;
  const [low, high] = range;
  // The hard-coded first level: decided up front so that the error names the real problem.
  let first: readonly [number, number];
  if (inputSize === 300) {
    if (low === 0.15) first = [7, 15];
    else if (low === 0.2) first = [10, 20];
    else throw invalidArgument(names, `${at('basesizeRatioRange')}[0]`, `0.15 (SSD300 COCO) or 0.2 (SSD300 VOC) when ${sizesGiven} are not given`, low);
  } else if (inputSize === 512) {
    if (low === 0.1) first = [4, 10];
    else if (low === 0.15) first = [7, 15];
    else throw invalidArgument(names, `${at('basesizeRatioRange')}[0]`, `0.1 (SSD512 COCO) or 0.15 (SSD512 VOC) when ${sizesGiven} are not given`, low);
  } else {
    throw invalidArgument(names, at('inputSize'), `300 or 512 when ${sizesGiven} are not given (set ${sizesGiven} for other input sizes)`, inputSize);
  }
  const minRatio = Math.trunc(low * 100);
  const maxRatio = Math.trunc(high * 100);
  const step = numLevels > 2 ? Math.trunc(Math.floor(maxRatio - minRatio) / (numLevels - 2)) : 0;
  if (step <= 0) {
    throw invalidArgument(
      names,
      at('strides'),
      `an array of at least 3 levels, few enough that ${say('basesizeRatioRange')} [${low}, ${high}] gives a step of at least 1% (set ${sizesGiven} otherwise)`,
      `an array of length ${numLevels}`,
    );
  }
  const minSizes = [Math.trunc((inputSize * first[0]) / 100)];
  const maxSizes = [Math.trunc((inputSize * first[1]) / 100)];
  for (let ratio = minRatio; ratio <= maxRatio; ratio += step) {
    minSizes.push(Math.trunc((inputSize * ratio) / 100));
    maxSizes.push(Math.trunc((inputSize * (ratio + step)) / 100));
  }
  if (minSizes.length !== numLevels) {
    throw invalidArgument(
      names,
      at('strides'),
      `an array of ${minSizes.length} levels to match the sizes derived from ${say('basesizeRatioRange')} [${low}, ${high}] (min sizes ${minSizes.join(', ')}); set ${sizesGiven} otherwise`,
      `an array of length ${numLevels}`,
    );
  }
  return [minSizes, maxSizes];
}

/**
 * Creates an SSD anchor generator (mmdetection `SSDAnchorGenerator`).
 *
 * Level `k`: scales `[1, sqrt(maxSizes[k] / minSizes[k])]`, ratios `[1, 1/r0, r0, 1/r1, r1, ...]`
 * (float32), base size `minSizes[k]`, center `(strideW / 2, strideH / 2)`; the `2 * R` base
 * anchors (R ratios) are generated as by {@link anchorGenerator} and then reduced to `R + 1` by
 * the reference's index list `[0, R, 1, 2, ..., R - 1]`: with `scaleMajor: false` that is the
 * small square, the large square, then the small rectangles (4 or 6 per location).
 * @returns a frozen generator; `baseAnchors[level]` is `[numBasePriors[level] * 4]`.
 * @throws {LabelAssignError} as {@link resolveSSDAnchorGeneratorOptions}.
 * @example
 * const ssd = ssdAnchorGenerator({
 *   strides: [8, 16, 32, 64, 100, 300], ratios: [[2], [2, 3], [2, 3], [2, 3], [2], [2]], scaleMajor: false,
 * });
 * ssd.gridPriors([[38, 38], [19, 19], [10, 10], [5, 5], [3, 3], [1, 1]]).numPriors; // 8732
 */
export function ssdAnchorGenerator(options: SSDAnchorGeneratorOptions): SSDAnchorGenerator {
  return ssdAnchorGeneratorWithNames(options, API_NAMES);
}

/**
 * {@link ssdAnchorGenerator} with its errors in `names` (a config's keys).
 * @internal for the presets and the interop layer.
 * @example ssdAnchorGeneratorWithNames({ strides: [8, 16, 32], ratios: [[2], [2], [2]] }, apiNames('ssdAnchorGenerator')).numBasePriors; // [4, 4, 4]
 */
export function ssdAnchorGeneratorWithNames(options: SSDAnchorGeneratorOptions, names: OptionNames): SSDAnchorGenerator {
  const resolved = resolveSSDAnchorGeneratorOptions(options, names);
  const baseAnchors = resolved.strides.map((_, k) => {
    const minSize = resolved.minSizes[k];
    const scales = Float32Array.of(1, fround(Math.sqrt(resolved.maxSizes[k] / minSize)));
    const levelRatios = resolved.ratios[k];
    const anchorRatios = new Float32Array(1 + 2 * levelRatios.length);
    anchorRatios[0] = 1;
    levelRatios.forEach((r, j) => {
      anchorRatios[1 + 2 * j] = 1 / r;
      anchorRatios[2 + 2 * j] = r;
    });
    const [xCenter, yCenter] = resolved.centers[k];
    const all = singleLevelBaseAnchors(minSize, scales, anchorRatios, resolved.scaleMajor, xCenter, yCenter);
    // indices = list(range(len(ratios))); indices.insert(1, len(indices))
    const numRatios = anchorRatios.length;
    const selected = new Float32Array((numRatios + 1) * 4);
    for (let i = 0; i <= numRatios; i++) {
      const source = i === 0 ? 0 : i === 1 ? numRatios : i - 1;
      selected.set(all.subarray(source * 4, source * 4 + 4), i * 4);
    }
    return selected;
  });
  return makeGridAnchorGenerator(FN, resolved, resolved.strides, baseAnchors, names);
}
