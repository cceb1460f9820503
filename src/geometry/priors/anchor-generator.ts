/**
 * RetinaNet / RPN anchor generator: on every pyramid level, a set of base anchors (each ratio
 * times each scale, centered on one point) repeated over the feature-map grid.
 *
 * Port of mmdetection 3.x `AnchorGenerator` (mmdet/models/task_modules/prior_generators/
 * anchor_generator.py): the same base-anchor order, the same float32 rounding of every
 * intermediate, the same location-major prior layout. This file also holds the pieces the
 * SSD, YOLO and point generators share with it (stride and featmap-size checks, the grid).
 */
import { invalidArgument, type ErrorSource } from '../../errors.js';
import { apiNames, checkArrayLength, checkBoolean, checkKnownKeys, checkNumber, checkObject, denseArray, FLOAT32_MIN_POSITIVE, MAX_ARRAY_LENGTH, MAX_COORDINATE, MIN_STRIDE, optionNamesArgument, type OptionNames, markBoxesChecked } from '../../validate.js';
import type { PriorLevel, PriorSet } from './prior-set.js';

const fround = Math.fround;

/** A level's stride: one number for both axes, or `[strideW, strideH]`, in pixels. */
export type StrideOption = number | readonly [number, number];

/** A feature map size `[height, width]` (rows, columns); both non-negative integers. */
export type FeatmapSize = readonly [number, number];

/** What every grid anchor generator (plain, SSD, YOLO) offers. */
export interface GridAnchorGenerator<Options> {
  readonly kind: 'anchors';
  /** The resolved options: every default filled in, every value checked. */
  readonly options: Options;
  /** Number of pyramid levels. */
  readonly numLevels: number;
  /** Per level `[strideW, strideH]`. */
  readonly strides: readonly (readonly [number, number])[];
  /** Per level number of base anchors (priors per location). */
  readonly numBasePriors: readonly number[];
  /** Per level base anchors, `[numBasePriors[level] * 4]` as `[x1, y1, x2, y2]`, for location (0, 0). */
  readonly baseAnchors: readonly Float32Array[];
  /**
   * The anchors of every level for feature maps of the given sizes.
   * @param featmapSizes per level `[height, width]`, non-negative integers; a level with a zero
   *   dimension has no priors.
   * @returns a prior set of kind `anchors` whose `priors` is `[numPriors * 4]`.
   * @throws {LabelAssignError} when `featmapSizes` does not have one `[h, w]` pair of
   *   non-negative integers per level, or asks for priors beyond ±1e15 or more than
   *   2^31 - 1 prior coordinates.
   */
  gridPriors(featmapSizes: readonly FeatmapSize[]): PriorSet;
}

/** Options of {@link anchorGenerator}; names follow mmdetection's, in camelCase. */
export interface AnchorGeneratorOptions {
  /** Per level stride in pixels: a number, or `[strideW, strideH]`. */
  readonly strides: readonly StrideOption[];
  /** Aspect ratios `h / w` of the base anchors; positive. */
  readonly ratios: readonly number[];
  /** Anchor scales (multiples of the base size). Give these, or `octaveBaseScale` + `scalesPerOctave`. */
  readonly scales?: readonly number[];
  /** RetinaNet style scales: `octaveBaseScale * 2 ** (i / scalesPerOctave)`, `i < scalesPerOctave`. */
  readonly octaveBaseScale?: number;
  /** Number of scales per octave; an integer in [1, 1024]; goes with `octaveBaseScale`. */
  readonly scalesPerOctave?: number;
  /** Per level base size in pixels. Default: the smaller of the level's two strides. */
  readonly baseSizes?: readonly number[];
  /** Base-anchor order: `true` (default) ratio-major (ratio outer, scale inner); `false` scale outer. */
  readonly scaleMajor?: boolean;
  /** Per level center `[x, y]` of the base anchors. Only with `centerOffset` 0. */
  readonly centers?: readonly (readonly [number, number])[];
  /** Base anchor center as a fraction of the base size, in [0, 1]; default 0. */
  readonly centerOffset?: number;
}

/** {@link AnchorGeneratorOptions} with defaults filled in and the scales computed. */
export interface ResolvedAnchorGeneratorOptions {
  /** Per level `[strideW, strideH]`. */
  readonly strides: readonly (readonly [number, number])[];
  readonly ratios: readonly number[];
  /** The scales as the reference stores them (float32 values). */
  readonly scales: readonly number[];
  readonly baseSizes: readonly number[];
  readonly scaleMajor: boolean;
  /** Per level `[x, y]`, or `null` for `centerOffset * baseSize`. */
  readonly centers: readonly (readonly [number, number])[] | null;
  readonly centerOffset: number;
}

/** A frozen RetinaNet/RPN anchor generator; see {@link anchorGenerator}. */
export type AnchorGenerator = GridAnchorGenerator<ResolvedAnchorGeneratorOptions>;

const FN = 'anchorGenerator';
/** The API's words for the options: `anchorGenerator: ratios[1] must be ...`. */
const API_NAMES = apiNames(FN);
/** Upper bound of `scalesPerOctave` (configs use 1 to 3): the scales are built eagerly, one per step. */
const MAX_SCALES_PER_OCTAVE = 1024;
const KNOWN_KEYS = [
  'strides',
  'ratios',
  'scales',
  'octaveBaseScale',
  'scalesPerOctave',
  'baseSizes',
  'scaleMajor',
  'centers',
  'centerOffset',
] as const;

/**
 * Checks `options` and fills in the defaults, as mmdetection's `AnchorGenerator.__init__` does.
 * Octave scales are computed in double (`2 ** (i / scalesPerOctave) * octaveBaseScale`) and then
 * rounded to float32, like `torch.Tensor(np.array(...))`.
 * @throws {LabelAssignError} on an unknown key, a non-positive or non-finite stride, ratio,
 *   scale or base size, a stride above 1e15, `scalesPerOctave` not an integer in [1, 1024], a
 *   per-level list whose length differs from `strides`, scales given both ways or neither way,
 *   `centers` with a non-zero `centerOffset`, or `centerOffset` outside [0, 1].
 * @param names the words of the errors: the API's (default), or a config's (the presets name
 *   `prior_generator.ratios[1]` under `presetFromConfig`).
 * @example
 * resolveAnchorGeneratorOptions({ strides: [8, 16], ratios: [1], octaveBaseScale: 4, scalesPerOctave: 2 }).scales
 * // [4, 5.656854152679443]
 */
export function resolveAnchorGeneratorOptions(options: AnchorGeneratorOptions, namesArgument: OptionNames | string = API_NAMES): ResolvedAnchorGeneratorOptions {
  const names = optionNamesArgument('resolveAnchorGeneratorOptions', namesArgument, (name) => apiNames(name), FN);
  const at = (key: string): string => names.option(key);
  const say = (key: string): string => names.mention(key);
  const record = checkObject(names, names.section, options);
  checkKnownKeys(names, names.section, record, KNOWN_KEYS);
  const strides = resolveStrides(names, record.strides);
  const numLevels = strides.length;
  const ratios = checkPositiveList(names, at('ratios'), record.ratios, true);

  const hasScales = record.scales !== undefined;
  const hasBase = record.octaveBaseScale !== undefined;
  const hasPerOctave = record.scalesPerOctave !== undefined;
  let scales: number[];
  if (hasScales && (hasBase || hasPerOctave)) {
    throw invalidArgument(
      names,
      at('scales'),
      `left out when ${say('octaveBaseScale')}/${say('scalesPerOctave')} are set (give ${say('scales')}, or ${say('octaveBaseScale')} with ${say('scalesPerOctave')}, not both)`,
    );
  } else if (hasScales) {
    scales = checkPositiveList(names, at('scales'), record.scales, true).map(fround);
    const overflow = scales.findIndex((v) => !Number.isFinite(v));
    if (overflow >= 0) throw invalidArgument(names, `${at('scales')}[${overflow}]`, 'a number finite in float32 (below about 3.4e38)', (record.scales as number[])[overflow]);
  } else if (hasBase && hasPerOctave) {
    const octaveBaseScale = checkPositive(names, at('octaveBaseScale'), record.octaveBaseScale);
    const scalesPerOctave = checkNumber(names, at('scalesPerOctave'), record.scalesPerOctave, { min: 1, integer: true });
    if (scalesPerOctave > MAX_SCALES_PER_OCTAVE) {
      throw invalidArgument(names, at('scalesPerOctave'), `at most ${MAX_SCALES_PER_OCTAVE} (the scales are built one by one; configs use 1 to 3)`, scalesPerOctave);
    }
    scales = [];
    for (let i = 0; i < scalesPerOctave; i++) scales.push(fround(2 ** (i / scalesPerOctave) * octaveBaseScale));
    // The resolved scales are float32: each must stay finite there (the anchors' extent is checked later).
    if (!scales.every(Number.isFinite)) throw invalidArgument(names, at('octaveBaseScale'), 'a number whose octave scales stay finite in float32 (below about 1.7e38)', octaveBaseScale);
  } else if (hasBase || hasPerOctave) {
    const missing = hasBase ? 'scalesPerOctave' : 'octaveBaseScale';
    throw invalidArgument(names, at(missing), `given together with ${say(hasBase ? 'octaveBaseScale' : 'scalesPerOctave')}`);
  } else {
    throw invalidArgument(names, at('scales'), `given, or ${say('octaveBaseScale')} together with ${say('scalesPerOctave')}`);
  }

  let baseSizes: number[];
  if (record.baseSizes === undefined) {
    baseSizes = strides.map(([w, h]) => Math.min(w, h));
  } else {
    baseSizes = checkPositiveList(names, at('baseSizes'), record.baseSizes, true);
    checkLevelCount(names, 'baseSizes', baseSizes, numLevels, 'base sizes');
  }

  const scaleMajor = checkBoolean(names, at('scaleMajor'), record.scaleMajor, true);
  const centerOffset =
    record.centerOffset === undefined ? 0 : checkNumber(names, at('centerOffset'), record.centerOffset, { min: 0, max: 1 });

  let centers: (readonly [number, number])[] | null = null;
  if (record.centers !== undefined) {
    if (centerOffset !== 0) {
      throw invalidArgument(names, at('centerOffset'), `0 when ${say('centers')} are given`, centerOffset);
    }
    const list = denseArray(names, at('centers'), record.centers, 'an array of [x, y] pairs, one per level');
    checkLevelCount(names, 'centers', list, numLevels, '[x, y] pairs');
    centers = list.map((c: unknown, i) => checkPair(names, `${at('centers')}[${i}]`, c, 'an [x, y] pair of finite numbers', false));
  }

  return Object.freeze({
    strides,
    ratios: Object.freeze(ratios),
    scales: Object.freeze(scales),
    baseSizes: Object.freeze(baseSizes),
    scaleMajor,
    centers: centers === null ? null : Object.freeze(centers),
    centerOffset,
  });
}

/**
 * Creates a RetinaNet/RPN anchor generator (mmdetection `AnchorGenerator`).
 *
 * Base anchors of a level: `w = h = baseSize`; center `centers[level]` or
 * `(centerOffset * w, centerOffset * h)`; `hRatio = sqrt(ratio)`, `wRatio = 1 / hRatio`;
 * widths `w * wRatio * scale` (ratio outer, scale inner when `scaleMajor`, else scale outer);
 * each anchor `[xc - ws/2, yc - hs/2, xc + ws/2, yc + hs/2]`, all in float32.
 * @param options see {@link AnchorGeneratorOptions}.
 * @returns a frozen generator; `baseAnchors[level]` is `[numBasePriors[level] * 4]`.
 * @throws {LabelAssignError} as {@link resolveAnchorGeneratorOptions}, or when the sizes, scales
 *   and ratios give base anchors beyond ±1e15.
 * @example
 * const gen = anchorGenerator({ strides: [8, 16, 32, 64, 128], ratios: [0.5, 1, 2], octaveBaseScale: 4, scalesPerOctave: 3 });
 * const set = gen.gridPriors([[100, 152], [50, 76], [25, 38], [13, 19], [7, 10]]);
 * set.priors; // Float32Array [numPriors * 4], 9 anchors per location
 */
export function anchorGenerator(options: AnchorGeneratorOptions): AnchorGenerator {
  return anchorGeneratorWithNames(options, API_NAMES);
}

/**
 * {@link anchorGenerator} with its errors in `names` (a config's keys).
 * @internal for the presets and the interop layer.
 * @example anchorGeneratorWithNames({ strides: [8], ratios: [1], scales: [4] }, apiNames('anchorGenerator')).numBasePriors; // [1]
 */
export function anchorGeneratorWithNames(options: AnchorGeneratorOptions, names: OptionNames): AnchorGenerator {
  const resolved = resolveAnchorGeneratorOptions(options, names);
  const scales = Float32Array.from(resolved.scales);
  const ratios = Float32Array.from(resolved.ratios);
  const baseAnchors = resolved.baseSizes.map((baseSize, level) => {
    const center = resolved.centers?.[level];
    const xCenter = center ? center[0] : resolved.centerOffset * baseSize;
    const yCenter = center ? center[1] : resolved.centerOffset * baseSize;
    return singleLevelBaseAnchors(baseSize, scales, ratios, resolved.scaleMajor, xCenter, yCenter);
  });
  return makeGridAnchorGenerator(FN, resolved, resolved.strides, baseAnchors, names);
}

/**
 * Base anchors of one level, as mmdetection's `gen_single_level_base_anchors` computes them in
 * float32. Used by the plain and the SSD generator.
 * @param baseSize `w = h` of the anchor before ratio and scale.
 * @param scales the scales, float32 values.
 * @param ratios the ratios `h / w`, float32 values.
 * @param scaleMajor ratio outer (true) or scale outer (false).
 * @param xCenter center x (rounded to float32 here, as torch does with the Python scalar).
 * @param yCenter center y.
 * @returns `[ratios.length * scales.length * 4]`, ratio outer when `scaleMajor`, else scale outer.
 * @throws never; the caller has checked its inputs.
 * @example
 * singleLevelBaseAnchors(8, Float32Array.of(4), Float32Array.of(1), true, 0, 0); // [-16, -16, 16, 16]
 * @internal
 */
export function singleLevelBaseAnchors(
  baseSize: number,
  scales: Float32Array,
  ratios: Float32Array,
  scaleMajor: boolean,
  xCenter: number,
  yCenter: number,
): Float32Array {
  const numScales = scales.length;
  const numRatios = ratios.length;
  const out = new Float32Array(numScales * numRatios * 4);
  const size = fround(baseSize);
  const xc = fround(xCenter);
  const yc = fround(yCenter);
  for (let r = 0; r < numRatios; r++) {
    const hRatio = fround(Math.sqrt(ratios[r]));
    const wRatio = fround(1 / hRatio);
    for (let s = 0; s < numScales; s++) {
      let ws: number;
      let hs: number;
      let o: number;
      if (scaleMajor) {
        // (w * w_ratios[:, None] * scales[None, :]).view(-1): ratio outer, scale inner.
        ws = fround(fround(size * wRatio) * scales[s]);
        hs = fround(fround(size * hRatio) * scales[s]);
        o = (r * numScales + s) * 4;
      } else {
        // (w * scales[:, None] * w_ratios[None, :]).view(-1): scale outer, ratio inner.
        const scaled = fround(size * scales[s]);
        ws = fround(scaled * wRatio);
        hs = fround(scaled * hRatio);
        o = (s * numRatios + r) * 4;
      }
      const halfW = 0.5 * ws;
      const halfH = 0.5 * hs;
      out[o] = xc - halfW;
      out[o + 1] = yc - halfH;
      out[o + 2] = xc + halfW;
      out[o + 3] = yc + halfH;
    }
  }
  return out;
}

/**
 * Wraps resolved options, strides and base anchors into a frozen {@link GridAnchorGenerator}.
 * `fn` names `gridPriors`' errors (`fn.gridPriors`); `names` the options' (default `fn`'s API names).
 * @internal
 * @throws {LabelAssignError} when a base anchor coordinate is not within ±{@link MAX_COORDINATE}
 *   (sizes, scales or ratios so large that float32 overflows).
 * @example
 * makeGridAnchorGenerator('myGenerator', {}, [[8, 8]], [Float32Array.of(-4, -4, 4, 4)]);
 */
export function makeGridAnchorGenerator<Options>(
  fn: string,
  options: Options,
  strides: readonly (readonly [number, number])[],
  baseAnchors: readonly Float32Array[],
  names: OptionNames = apiNames(fn),
): GridAnchorGenerator<Options> {
  baseAnchors.forEach((base, l) => {
    const extent = maxAbs(base);
    if (!(extent <= MAX_COORDINATE)) {
      throw invalidArgument(names, names.section, `sizes, scales and ratios giving base anchors within ±${MAX_COORDINATE} (level ${l} reaches ${extent}; larger boxes overflow float32 areas)`);
    }
  });
  const frozenBase = Object.freeze(baseAnchors.slice());
  const gridFn = `${fn}.gridPriors`;
  return Object.freeze({
    kind: 'anchors' as const,
    options,
    numLevels: strides.length,
    strides,
    numBasePriors: Object.freeze(baseAnchors.map((b) => b.length / 4)),
    baseAnchors: frozenBase,
    gridPriors(featmapSizes: readonly FeatmapSize[]): PriorSet {
      return anchorGridPriors(gridFn, strides, frozenBase, featmapSizes);
    },
  });
}

/**
 * Shifts each level's base anchors over its grid: prior `(row, col, k)` is
 * `baseAnchors[level][k] + (col * strideW, row * strideH)`, rows outer, then columns, then `k`,
 * levels concatenated. Shifts are float32 (`arange(w).float() * stride`), sums float32.
 * @returns a prior set of kind `anchors`, `priors` `[numPriors * 4]`.
 * @throws {LabelAssignError} on featmap sizes that are not one `[h, w]` pair of non-negative
 *   integers per level, that put priors beyond ±{@link MAX_COORDINATE}, or that ask for more
 *   than {@link MAX_ARRAY_LENGTH} prior coordinates.
 * @example
 * anchorGridPriors('demo', [[8, 8]], [Float32Array.of(-4, -4, 4, 4)], [[2, 3]]).numPriors; // 6
 * @internal
 */
export function anchorGridPriors(
  fn: string,
  strides: readonly (readonly [number, number])[],
  baseAnchors: readonly Float32Array[],
  featmapSizes: readonly FeatmapSize[],
): PriorSet {
  checkFeatmapSizes(fn, featmapSizes, strides.length);
  let total = 0;
  for (let l = 0; l < strides.length; l++) {
    const [h, w] = featmapSizes[l];
    // A level with a zero dimension has no priors, whatever the other dimension (no extent to check).
    if (h * w > 0) checkGridExtent(fn, l, maxAbs(baseAnchors[l]), h, w, strides[l]);
    total += h * w * (baseAnchors[l].length / 4);
  }
  checkArrayLength(fn, 'featmapSizes', total * 4, 'prior coordinates');
  const priors = new Float32Array(total * 4);
  const levels: PriorLevel[] = [];
  let start = 0;
  for (let l = 0; l < strides.length; l++) {
    const [featHeight, featWidth] = featmapSizes[l];
    const [strideX, strideY] = strides[l];
    const base = baseAnchors[l];
    const numBase = base.length / 4;
    const count = featHeight * featWidth * numBase;
    const sxF = fround(strideX);
    const syF = fround(strideY);
    let o = start * 4;
    // count === 0 (a zero dimension): no row is visited, so a height of 1e14 with width 0 costs nothing.
    for (let row = 0; count > 0 && row < featHeight; row++) {
      const shiftY = fround(row * syF);
      for (let col = 0; col < featWidth; col++) {
        const shiftX = fround(col * sxF);
        for (let b = 0; b < numBase * 4; b += 4) {
          priors[o++] = base[b] + shiftX;
          priors[o++] = base[b + 1] + shiftY;
          priors[o++] = base[b + 2] + shiftX;
          priors[o++] = base[b + 3] + shiftY;
        }
      }
    }
    levels.push(
      Object.freeze({
        featHeight,
        featWidth,
        strideX,
        strideY,
        numBasePriors: numBase,
        baseAnchors: base,
        pointOffset: 0,
        start,
        count,
      }),
    );
    start += count;
  }
  // Generated priors are finite and float32-safe (the grid's extent was checked): marked so an
  // assigner does not check them again; a hand-made set has no mark and is checked.
  return Object.freeze(markBoxesChecked({ kind: 'anchors' as const, priors, numPriors: total, levels: Object.freeze(levels) }));
}

// ---- checks shared by the prior generators (internal; not re-exported from index.ts) ----

/**
 * Throws unless `value` is a number > 0 that stays positive as a float32 (every size, ratio and
 * scale meets float32 tensors, where 1e-300 would be 0); returns it. Values too large for float32
 * are left to the base anchors' extent check.
 * @throws {LabelAssignError} `fn: path must be a positive number, but was -8`, or
 *   `... a positive number once rounded to float32 (at least 1.401298464324817e-45), but was 1e-300`.
 * @example checkPositive('anchorGenerator', 'strides[2]', 8); // 8
 * @internal
 */
export function checkPositive(fn: ErrorSource, path: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalidArgument(fn, path, 'a positive number', value);
  }
  // Too large a value (even one that is Infinity in float32) is caught where it matters, by the
  // base anchors' extent check, whose message names the real limit (±1e15).
  if (fround(value) === 0) throw invalidArgument(fn, path, `a positive number once rounded to float32 (at least ${FLOAT32_MIN_POSITIVE})`, value);
  return value;
}

/**
 * Checks a list of positive numbers (optionally non-empty; holes of a sparse array are
 * elements too) and returns a copy.
 * @throws {LabelAssignError} naming the list or the element.
 * @example checkPositiveList('anchorGenerator', 'ratios', [0.5, 1, 2], true); // [0.5, 1, 2]
 * @internal
 */
export function checkPositiveList(fn: ErrorSource, path: string, value: unknown, nonEmpty: boolean): number[] {
  if (!Array.isArray(value) || (nonEmpty && value.length === 0)) {
    throw invalidArgument(fn, path, `${nonEmpty ? 'a non-empty' : 'an'} array of positive numbers`, value);
  }
  return Array.from(value as unknown[], (v, i) => checkPositive(fn, `${path}[${i}]`, v));
}

/**
 * Reads `value` as a `[a, b]` pair of finite numbers (positive ones when `positive`), valid
 * as float32 values.
 * @throws {LabelAssignError} naming `path` or the bad element.
 * @example checkPair('anchorGenerator', 'centers[0]', [4, 6], 'an [x, y] pair', false); // [4, 6]
 * @internal
 */
export function checkPair(fn: ErrorSource, path: string, value: unknown, expected: string, positive: boolean): readonly [number, number] {
  if (!Array.isArray(value) || value.length !== 2) throw invalidArgument(fn, path, expected, value);
  const a = positive ? checkPositive(fn, `${path}[0]`, value[0]) : checkNumber(fn, `${path}[0]`, value[0], { float32: true });
  const b = positive ? checkPositive(fn, `${path}[1]`, value[1]) : checkNumber(fn, `${path}[1]`, value[1], { float32: true });
  return Object.freeze([a, b] as const);
}

/**
 * Throws unless the per-level list of option `key` has one entry per level.
 * @throws {LabelAssignError} `fn: centers must be an array of 5 [x, y] pairs (one per level of strides), but was an array of length 3`.
 * @example checkLevelCount(apiNames('anchorGenerator'), 'baseSizes', [8, 16], 2, 'base sizes');
 * @internal
 */
export function checkLevelCount(names: OptionNames, key: string, list: readonly unknown[], numLevels: number, items: string): void {
  if (list.length !== numLevels) {
    throw invalidArgument(names, names.option(key), `an array of ${numLevels} ${items} (one per level of ${names.mention('strides')})`, list);
  }
}

/**
 * Reads per-level strides (`number` or `[strideW, strideH]`, both positive) as `[w, h]` pairs.
 * @throws {LabelAssignError} `fn: strides[2] must be a positive number, but was -8`, or on an
 *   empty or non-array `strides`.
 * @example resolveStrides(apiNames('anchorGenerator'), [8, [16, 32]]); // [[8, 8], [16, 32]]
 * @internal
 */
export function resolveStrides(names: OptionNames, value: unknown): readonly (readonly [number, number])[] {
  const path = names.option('strides');
  if (!Array.isArray(value) || value.length === 0) {
    throw invalidArgument(names, path, 'a non-empty array with one stride per level (a number, or [strideW, strideH])', value);
  }
  const strides = Array.from(value as unknown[], (stride: unknown, i): readonly [number, number] => {
    if (Array.isArray(stride)) {
      if (stride.length !== 2) throw invalidArgument(names, `${path}[${i}]`, 'a positive number or a [strideW, strideH] pair', stride);
      return Object.freeze([checkStride(names, `${path}[${i}][0]`, stride[0]), checkStride(names, `${path}[${i}][1]`, stride[1])] as const);
    }
    const s = checkStride(names, `${path}[${i}]`, stride);
    return Object.freeze([s, s] as const);
  });
  return Object.freeze(strides);
}

/**
 * One stride: a positive number in [{@link MIN_STRIDE}, {@link MAX_COORDINATE}] pixels (so a
 * float32 one too: never 0, never Infinity).
 * @throws {LabelAssignError} `fn: strides[2] must be a positive number, but was -8`, or `... at most 1e15 pixels ...`.
 */
function checkStride(names: OptionNames, path: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw invalidArgument(names, path, 'a positive number', value);
  if (value > MAX_COORDINATE) throw invalidArgument(names, path, `at most ${MAX_COORDINATE} pixels (larger grids overflow float32 areas)`, value);
  if (value < MIN_STRIDE) throw invalidArgument(names, path, `at least ${MIN_STRIDE} pixels (distances divided by a smaller stride overflow float32)`, value);
  return value;
}

/**
 * Throws unless `featmapSizes` holds one `[h, w]` pair of non-negative integers per level.
 * @throws {LabelAssignError} `fn: featmapSizes[1][0] must be an integer >= 0, but was -1`.
 * @example checkFeatmapSizes('anchorGenerator.gridPriors', [[8, 12]], 1);
 * @internal
 */
export function checkFeatmapSizes(fn: string, featmapSizes: unknown, numLevels: number): asserts featmapSizes is readonly FeatmapSize[] {
  if (!Array.isArray(featmapSizes) || featmapSizes.length !== numLevels) {
    throw invalidArgument(fn, 'featmapSizes', `an array of ${numLevels} [height, width] pairs (one per level)`, featmapSizes);
  }
  for (let i = 0; i < numLevels; i++) {
    const size: unknown = featmapSizes[i];
    if (!Array.isArray(size) || size.length !== 2) {
      throw invalidArgument(fn, `featmapSizes[${i}]`, 'a [height, width] pair of non-negative integers', size);
    }
    // No bound of their own: a level with a zero dimension has no priors and no loop visits
    // its rows or columns (1e14 x 0 is an empty level); otherwise h * w is bounded by the
    // number of prior coordinates the grid may have.
    checkNumber(fn, `featmapSizes[${i}][0]`, size[0], { min: 0, integer: true });
    checkNumber(fn, `featmapSizes[${i}][1]`, size[1], { min: 0, integer: true });
  }
}

/** Largest magnitude in `values` (NaN when one is NaN). @internal */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (!(a <= m)) m = a;
  }
  return m;
}

/**
 * Throws unless the priors of level `level` (base extent `baseExtent`, an `h x w` grid of the
 * given stride) stay within ±{@link MAX_COORDINATE}, where float32 areas cannot overflow.
 * @throws {LabelAssignError} `fn: featmapSizes[level] must ...`.
 * @example checkGridExtent('anchorGenerator.gridPriors', 0, 16, 100, 152, [8, 8]);
 * @internal
 */
export function checkGridExtent(fn: string, level: number, baseExtent: number, h: number, w: number, stride: readonly [number, number]): void {
  const extent = baseExtent + Math.max(w * stride[0], h * stride[1]);
  if (!(extent <= MAX_COORDINATE)) {
    throw invalidArgument(fn, `featmapSizes[${level}]`, `a grid whose priors stay within ±${MAX_COORDINATE} (they would reach ${extent}; larger boxes overflow float32 areas)`, [h, w]);
  }
}
