/**
 * Point generator for anchor-free heads (FCOS, ATSS-free variants, RTMDet, ...): one point per
 * feature-map location, at `((col + offset) * strideW, (row + offset) * strideH)`.
 *
 * Port of mmdetection 3.x `MlvlPointGenerator` (mmdet/models/task_modules/prior_generators/
 * point_generator.py): same float32 rounding and the same row-major layout; its
 * `with_stride=True` layout `[x, y, strideW, strideH]` is {@link pointsWithStride}.
 */
import { invalidArgument } from '../../errors.js';
import { apiNames, checkArrayLength, checkCoordinates, markBoxesChecked, checkKnownKeys, checkNumber, checkObject, MAX_COORDINATE, optionNamesArgument, type OptionNames } from '../../validate.js';
import { checkFeatmapSizes, checkGridExtent, resolveStrides, type FeatmapSize, type StrideOption } from './anchor-generator.js';
import { checkPriorSet, type PriorLevel, type PriorSet } from './prior-set.js';

const fround = Math.fround;

/** Options of {@link pointGenerator}. */
export interface PointGeneratorOptions {
  /** Per level stride in pixels: a number, or `[strideW, strideH]`. */
  readonly strides: readonly StrideOption[];
  /** Offset of a point within its cell, in strides; default 0.5 (the cell center). */
  readonly offset?: number;
}

/** {@link PointGeneratorOptions}, checked, with the default filled in. */
export interface ResolvedPointGeneratorOptions {
  /** Per level `[strideW, strideH]`. */
  readonly strides: readonly (readonly [number, number])[];
  readonly offset: number;
}

/** A frozen multi-level point generator; see {@link pointGenerator}. */
export interface PointGenerator {
  readonly kind: 'points';
  readonly options: ResolvedPointGeneratorOptions;
  readonly numLevels: number;
  /** Per level `[strideW, strideH]`. */
  readonly strides: readonly (readonly [number, number])[];
  /** Per level priors per location: always 1. */
  readonly numBasePriors: readonly number[];
  /**
   * The points of every level for feature maps of the given sizes.
   * @param featmapSizes per level `[height, width]`, non-negative integers.
   * @returns a prior set of kind `points` whose `priors` is `[numPriors * 2]` as `[x, y]`.
   * @throws {LabelAssignError} when `featmapSizes` does not have one `[h, w]` pair of
   *   non-negative integers per level, or asks for points beyond ±1e15 or more than
   *   2^31 - 1 point coordinates.
   */
  gridPriors(featmapSizes: readonly FeatmapSize[]): PriorSet;
}

const FN = 'pointGenerator';
const API_NAMES = apiNames(FN);

/**
 * Checks `options` and fills in the default offset.
 * @throws {LabelAssignError} on an unknown key, a non-positive or non-finite stride, or a
 *   non-finite offset.
 * @param names the words of the errors: the API's (default) or a config's.
 * @example resolvePointGeneratorOptions({ strides: [8, 16] }).offset; // 0.5
 */
export function resolvePointGeneratorOptions(options: PointGeneratorOptions, namesArgument: OptionNames | string = API_NAMES): ResolvedPointGeneratorOptions {
  const names = optionNamesArgument('resolvePointGeneratorOptions', namesArgument, (name) => apiNames(name), FN);
  const record = checkObject(names, names.section, options);
  checkKnownKeys(names, names.section, record, ['strides', 'offset']);
  const strides = resolveStrides(names, record.strides);
  const offset = record.offset === undefined ? 0.5 : checkNumber(names, names.option('offset'), record.offset);
  // The first point of a level is offset * stride: an offset that puts it beyond the coordinate
  // range is the offset's fault, not the feature map's.
  strides.forEach(([w, h], l) => {
    if (!(Math.abs(offset) * Math.max(w, h) <= MAX_COORDINATE)) {
      throw invalidArgument(
        names,
        names.option('offset'),
        `a number whose points stay within ±${MAX_COORDINATE} (|offset| * ${names.mention('strides')}[${l}] <= ${MAX_COORDINATE}; offsets are in strides, 0.5 is the cell center)`,
        offset,
      );
    }
  });
  return Object.freeze({ strides, offset });
}

/**
 * Creates a multi-level point generator (mmdetection `MlvlPointGenerator`). Point `(row, col)`
 * of a level is `(fround(col + offset) * strideW, fround(row + offset) * strideH)` in float32.
 * @returns a frozen generator.
 * @throws {LabelAssignError} as {@link resolvePointGeneratorOptions}.
 * @example
 * const points = pointGenerator({ strides: [8, 16, 32, 64, 128] }).gridPriors([[8, 12], [4, 6], [2, 3], [1, 2], [1, 1]]);
 * points.priors.subarray(0, 4); // [4, 4, 12, 4]
 */
export function pointGenerator(options: PointGeneratorOptions): PointGenerator {
  return pointGeneratorWithNames(options, API_NAMES);
}

/**
 * {@link pointGenerator} with its errors in `names` (a config's keys).
 * @internal for the presets and the interop layer.
 * @example pointGeneratorWithNames({ strides: [8] }, apiNames('pointGenerator')).numBasePriors; // [1]
 */
export function pointGeneratorWithNames(options: PointGeneratorOptions, names: OptionNames): PointGenerator {
  const resolved = resolvePointGeneratorOptions(options, names);
  const { strides, offset } = resolved;
  const gridFn = `${FN}.gridPriors`;
  return Object.freeze({
    kind: 'points' as const,
    options: resolved,
    numLevels: strides.length,
    strides,
    numBasePriors: Object.freeze(strides.map(() => 1)),
    gridPriors(featmapSizes: readonly FeatmapSize[]): PriorSet {
      checkFeatmapSizes(gridFn, featmapSizes, strides.length);
      let total = 0;
      for (let l = 0; l < strides.length; l++) {
        const [h, w] = featmapSizes[l];
        // A level with a zero dimension has no points, whatever the other dimension.
        if (h * w > 0) checkGridExtent(gridFn, l, 0, h + Math.abs(offset), w + Math.abs(offset), strides[l]);
        total += h * w;
      }
      checkArrayLength(gridFn, 'featmapSizes', total * 2, 'point coordinates');
      const priors = new Float32Array(total * 2);
      const levels: PriorLevel[] = [];
      const noBaseAnchors = new Float32Array(0);
      let start = 0;
      for (let l = 0; l < strides.length; l++) {
        const [featHeight, featWidth] = featmapSizes[l];
        const [strideX, strideY] = strides[l];
        const sxF = fround(strideX);
        const syF = fround(strideY);
        const offsetF = fround(offset);
        let o = start * 2;
        // A level without points (a zero dimension) visits no row.
        for (let row = 0; featWidth > 0 && row < featHeight; row++) {
          const y = fround(fround(row + offsetF) * syF);
          for (let col = 0; col < featWidth; col++) {
            priors[o++] = fround(col + offsetF) * sxF;
            priors[o++] = y;
          }
        }
        const count = featHeight * featWidth;
        levels.push(
          Object.freeze({
            featHeight,
            featWidth,
            strideX,
            strideY,
            numBasePriors: 1,
            baseAnchors: noBaseAnchors,
            pointOffset: offset,
            start,
            count,
          }),
        );
        start += count;
      }
      return Object.freeze(markBoxesChecked({ kind: 'points' as const, priors, numPriors: total, levels: Object.freeze(levels) }));
    },
  });
}

/**
 * The reference's `grid_priors(..., with_stride=True)` layout: each point followed by its
 * level's strides (float32).
 * @param set a prior set of kind `points`.
 * @returns `[numPriors * 4]` as `[x, y, strideW, strideH]`.
 * @throws {LabelAssignError} when `set` is not a point set.
 * @example
 * pointsWithStride(pointGenerator({ strides: [8] }).gridPriors([[1, 2]])); // [4, 4, 8, 8, 12, 4, 8, 8]
 */
export function pointsWithStride(set: PriorSet): Float32Array {
  checkPriorSet('pointsWithStride', 'set', set);
  if (set.kind !== 'points') throw invalidArgument('pointsWithStride', 'set', "a point prior set (kind 'points')", set.kind);
  const points = set.priors;
  // A hand-made set may hold any number: its points must be coordinates like a generator's.
  checkCoordinates('pointsWithStride', points, (i) => `set.priors[${i >> 1}]`);
  const out = new Float32Array(set.numPriors * 4);
  for (const level of set.levels) {
    const sx = fround(level.strideX);
    const sy = fround(level.strideY);
    for (let i = level.start; i < level.start + level.count; i++) {
      out[i * 4] = points[i * 2];
      out[i * 4 + 1] = points[i * 2 + 1];
      out[i * 4 + 2] = sx;
      out[i * 4 + 3] = sy;
    }
  }
  return out;
}
