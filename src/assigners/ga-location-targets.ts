/**
 * Guided Anchoring location targets (Wang et al., "Region Proposal by Guided Anchoring",
 * CVPR 2019): each ground truth is put on one pyramid level by its size; on that level the
 * center part of the box (`centerRatio` of its width and height) is a positive region for the
 * anchor-location branch, a wider band around it (`ignoreRatio`) is ignored, the same wider
 * band is ignored on the two neighbouring levels, and every other cell is a negative with loss
 * weight 0.1.
 *
 * Port of mmdetection 3.x `GuidedAnchorHead.ga_loc_targets` (mmdet/models/dense_heads/
 * guided_anchor_head.py) and `calc_region` for one image, in the reference's float32
 * arithmetic with `torch.round` (half to even), so region borders fall on the same cells.
 * `assignGaLocation` re-expresses the targets as an `AssignResult` over the cells.
 */
import { invalidArgument, type ErrorSource } from '../errors.js';
import { apiNames, checkArrayLength, checkKnownKeys, checkNumber, checkObject, checkUnitInterval, MAX_COORDINATE, MIN_STRIDE, optionNamesArgument, type BoxesInput, type OptionNames } from '../validate.js';
import { IGNORED, POSITIVE, type AssignResult } from './assign-result.js';
import { cellBoxesUnchecked } from '../geometry/boxes.js';
import { boxArea, roundHalfEven } from '../geometry/float32.js';
import { applyIgnoreCoverage, checkIgnoreCoverageThreshold } from './ignore-regions.js';
import { excludeInvalidPriors, freezeResult, resolveAssignInput, resolveValidFlags, type AssignerInputs } from './inputs.js';

const fround = Math.fround;
/** float32(0.1): the weight of negative cells. */
const NEGATIVE_WEIGHT = fround(0.1);

/** Inputs of {@link gaLocationTargets} and {@link assignGaLocation} (one image). */
export interface GaLocationInput {
  /** Ground-truth boxes `[numGts * 4]` as `[x1, y1, x2, y2]`, in image pixels. */
  readonly gtBoxes: BoxesInput;
  /**
   * Class of each ground truth, `[numGts]` non-negative integers, default all 0. The location
   * branch is class-agnostic: only {@link assignGaLocation} reads them, for `gtLabel`.
   */
  readonly gtLabels?: ArrayLike<number>;
  /** Per level feature map size `[h, w]` (non-negative integers), one per stride. */
  readonly featmapSizes: readonly (readonly [number, number])[];
  /**
   * Ignore regions `[numIgnore * 4]` in image pixels. Only {@link assignGaLocation} takes them
   * (the reference's location targets have none); {@link gaLocationTargets} rejects them.
   */
  readonly ignoreBoxes?: BoxesInput;
  /**
   * `[sum of h * w]` 0/1 per cell (levels concatenated); cells flagged 0 take no part (they come
   * out ignored). Only {@link assignGaLocation} takes them; {@link gaLocationTargets} rejects them.
   */
  readonly validFlags?: ArrayLike<number>;
}

/**
 * What {@link assignGaLocation} takes: no priors (its cells come from `featmapSizes` and the
 * strides), the shared ground truths, ignore boxes and valid flags.
 */
export const GA_LOCATION_INPUTS: AssignerInputs = Object.freeze({ priors: 'cells', extra: Object.freeze(['featmapSizes']) });

/** Options of {@link gaLocationTargets}; the reference's names in camelCase. */
export interface GaLocationOptions {
  /** `octave_base_scale` of the approx anchor generator, > 0 (4 for GA-RetinaNet, 8 for GA-RPN). */
  readonly octaveBaseScale: number;
  /** Per level stride in pixels, > 0; `[sw, sh]` pairs are accepted when `sw === sh` (the reference supports square strides only). */
  readonly strides: readonly (number | readonly [number, number])[];
  /** Fraction of the box (centered) that is positive, in (0, 1]; default 0.2. */
  readonly centerRatio?: number;
  /** Fraction of the box (centered) that is ignored around the positives, in [centerRatio, 1]; default 0.5. */
  readonly ignoreRatio?: number;
  /**
   * IoF threshold of the toolkit's ignore rule (`ignore-regions.ts`) for `input.ignoreBoxes`, in
   * [0, 1]; used only by {@link assignGaLocation} and only when ignore boxes are given. Default 0.5.
   */
  readonly ignoreCoverageThreshold?: number;
}

export interface ResolvedGaLocationOptions {
  readonly octaveBaseScale: number;
  readonly strides: readonly number[];
  readonly centerRatio: number;
  readonly ignoreRatio: number;
  readonly ignoreCoverageThreshold: number;
}

const OPTION_KEYS = ['octaveBaseScale', 'strides', 'centerRatio', 'ignoreRatio', 'ignoreCoverageThreshold'] as const;

/** A region ratio: a number in (0, 1]. */
function checkRatio(fn: ErrorSource, path: string, value: unknown, fallback: number): number {
  return checkUnitInterval(fn, path, value, fallback, { low: true });
}

/**
 * Checks Guided Anchoring location options and fills in the defaults (`centerRatio` 0.2,
 * `ignoreRatio` 0.5, `ignoreCoverageThreshold` 0.5).
 * @returns a frozen object with plain-number strides.
 * @throws {LabelAssignError} on an unknown key, a non-positive `octaveBaseScale` or stride, an
 *   empty `strides`, a non-square stride pair, a ratio outside (0, 1], `centerRatio >
 *   ignoreRatio`, or `ignoreCoverageThreshold` outside [0, 1].
 * @param names the words of the errors: a function name (its API names; default
 *   `resolveGaLocationOptions`), or a config's (`config.train_cfg.center_ratio`).
 * @example
 * resolveGaLocationOptions({ octaveBaseScale: 8, strides: [4, 8, 16, 32, 64] }).centerRatio; // 0.2
 */
export function resolveGaLocationOptions(options: GaLocationOptions, names: OptionNames | string = 'resolveGaLocationOptions'): ResolvedGaLocationOptions {
  const n = optionNamesArgument('resolveGaLocationOptions', names, (name) => apiNames(name), 'resolveGaLocationOptions');
  const at = (key: string): string => n.option(key);
  const record = checkObject(n, n.section, options);
  checkKnownKeys(n, n.section, record, OPTION_KEYS);
  const octaveBaseScale = checkNumber(n, at('octaveBaseScale'), record.octaveBaseScale, { min: 0, exclusiveMin: true, float32: true });
  const list = record.strides;
  if (!Array.isArray(list) || list.length === 0) throw invalidArgument(n, at('strides'), 'a non-empty array of positive strides', list);
  // Every stride divides box coordinates in float32: the prior generators' range [MIN_STRIDE, MAX_COORDINATE].
  const checkStride = (path: string, value: unknown): number => {
    const stride = checkNumber(n, path, value, { min: 0, exclusiveMin: true });
    if (!(stride >= MIN_STRIDE && stride <= MAX_COORDINATE)) {
      throw invalidArgument(n, path, `a stride in [${MIN_STRIDE}, ${MAX_COORDINATE}] pixels (box coordinates are divided by it in float32)`, stride);
    }
    return stride;
  };
  // Array.from, not map: a hole of a sparse array is a missing stride, not a skipped one.
  const strides = Array.from(list as unknown[], (s: unknown, i) => {
    const path = `${at('strides')}[${i}]`;
    if (Array.isArray(s)) {
      if (s.length !== 2) throw invalidArgument(n, path, 'a positive number or a [sw, sh] pair', s);
      const sw = checkStride(`${path}[0]`, s[0]);
      const sh = checkStride(`${path}[1]`, s[1]);
      if (sw !== sh) throw invalidArgument(n, path, 'square (sw === sh), as Guided Anchoring requires', `[${sw}, ${sh}]`);
      return sw;
    }
    return checkStride(path, s);
  });
  // The smallest anchor's side, octaveBaseScale * strides[0], is a float32 whose log2 sets the levels.
  const smallest = fround(octaveBaseScale * strides[0]);
  if (!(smallest > 0 && smallest < Infinity)) {
    throw invalidArgument(n, at('octaveBaseScale'), `a number for which ${n.mention('octaveBaseScale')} * ${n.mention('strides')}[0] is positive and finite in float32 (it is ${smallest})`, octaveBaseScale);
  }
  const centerRatio = checkRatio(n, at('centerRatio'), record.centerRatio, 0.2);
  const ignoreRatio = checkRatio(n, at('ignoreRatio'), record.ignoreRatio, 0.5);
  if (centerRatio > ignoreRatio) {
    throw invalidArgument(n, at('centerRatio'), `<= ${n.mention('ignoreRatio')} (${ignoreRatio}); the positive region lies inside the ignore region`, centerRatio);
  }
  const ignoreCoverageThreshold = checkIgnoreCoverageThreshold(n, at('ignoreCoverageThreshold'), record.ignoreCoverageThreshold);
  return Object.freeze({ octaveBaseScale, strides: Object.freeze(strides), centerRatio, ignoreRatio, ignoreCoverageThreshold });
}

/** What {@link gaLocationTargets} returns. Cell ranges are inclusive `[x1, y1, x2, y2]` (columns, rows). */
export interface GaLocationTargets {
  readonly numGts: number;
  readonly numLevels: number;
  /** Per level `[h, w]`, as given. */
  readonly featmapSizes: readonly (readonly [number, number])[];
  /** Per level `[h * w]` row-major: 1 inside the center region of a ground truth of that level, else 0. */
  readonly locTargets: readonly Float32Array[];
  /** Per level `[h * w]` row-major: 1 positive, 0 ignored, float32(0.1) negative. */
  readonly locWeights: readonly Float32Array[];
  /** `sum over levels of h * w / 200` (the reference's loss normaliser for one image). */
  readonly locAvgFactor: number;
  /** `[numGts]`: the level of each ground truth. */
  readonly targetLevels: Int32Array;
  /**
   * `[numGts * 4]`: each ground truth's center region on its level, inclusive cell ranges,
   * clipped to the feature map; empty when `x1 > x2` or `y1 > y2`.
   */
  readonly centerRegions: Int32Array;
  /** `[numGts * 4]`: each ground truth's ignore region on its level, same convention. */
  readonly ignoreRegions: Int32Array;
}

interface ResolvedGaInput {
  readonly gtBoxes: Float32Array;
  readonly gtLabels: Int32Array;
  readonly numGts: number;
  readonly featmapSizes: readonly (readonly [number, number])[];
  readonly ignoreBoxes: Float32Array;
  /** `[numCells]`, or null. */
  readonly validFlags: Uint8Array | null;
}

function resolveGaInput(fn: string, input: GaLocationInput, numLevels: number, assignment: boolean): ResolvedGaInput {
  if (!assignment) {
    // The reference's location targets know nothing of ignore regions or excluded cells.
    for (const key of ['ignoreBoxes', 'validFlags'] as const) {
      const value = (input as unknown as Partial<Record<string, unknown>> | null)?.[key];
      if (value !== undefined) throw invalidArgument(fn, `input.${key}`, `absent (the reference location targets have no ${key === 'ignoreBoxes' ? 'ignore boxes' : 'excluded cells'}; use assignGaLocation)`, value);
    }
  }
  const base = resolveAssignInput(fn, input, GA_LOCATION_INPUTS);
  const sizes = base.extra.featmapSizes;
  if (!Array.isArray(sizes) || sizes.length !== numLevels) {
    throw invalidArgument(fn, 'input.featmapSizes', `one [h, w] pair per stride (${numLevels})`, sizes);
  }
  const featmapSizes = Array.from(sizes as unknown[], (s: unknown, l) => {
    if (!Array.isArray(s) || s.length !== 2) throw invalidArgument(fn, `input.featmapSizes[${l}]`, 'an [h, w] pair of non-negative integers', s);
    // Bounded through h * w (the cells checked below); a level with a zero dimension has no cell to visit.
    const h = checkNumber(fn, `input.featmapSizes[${l}][0]`, s[0], { min: 0, integer: true });
    const w = checkNumber(fn, `input.featmapSizes[${l}][1]`, s[1], { min: 0, integer: true });
    return Object.freeze([h, w] as const);
  });
  let cells = 0;
  for (const [h, w] of featmapSizes) cells += h * w;
  checkArrayLength(fn, 'input.featmapSizes', cells, 'cells (the sum of h * w over the levels)');
  const { gtBoxes, gtLabels, numGts, ignoreBoxes } = base;
  const validFlags = base.extra.validFlags === undefined ? null : resolveValidFlags(fn, base.extra.validFlags, cells);
  return { gtBoxes, gtLabels, numGts, featmapSizes: Object.freeze(featmapSizes), ignoreBoxes, validFlags };
}

/**
 * mmdetection's `calc_region` on `gt / stride` followed by the slicing `[y1:y2 + 1, x1:x2 + 1]`:
 * writes inclusive cell ranges `[x1, y1, x2, y2]` to `out[o..o + 3]` (empty when x1 > x2 or
 * y1 > y2). `ratio` is the Python float `(1 - regionRatio) / 2`.
 */
function calcRegion(
  gt: Float32Array,
  g: number,
  stride: number,
  ratio: number,
  h: number,
  w: number,
  out: Int32Array,
  o: number,
): void {
  const s = fround(stride);
  const bx1 = fround(gt[g] / s);
  const by1 = fround(gt[g + 1] / s);
  const bx2 = fround(gt[g + 2] / s);
  const by2 = fround(gt[g + 3] / s);
  const a = fround(1 - ratio);
  const r = fround(ratio);
  const x1 = roundHalfEven(fround(fround(a * bx1) + fround(r * bx2)));
  const y1 = roundHalfEven(fround(fround(a * by1) + fround(r * by2)));
  const x2 = roundHalfEven(fround(fround(r * bx1) + fround(a * bx2)));
  const y2 = roundHalfEven(fround(fround(r * by1) + fround(a * by2)));
  // clamp(0, size), then the slice end x2 + 1 is cut at the map's edge.
  out[o] = Math.min(Math.max(x1, 0), w);
  out[o + 1] = Math.min(Math.max(y1, 0), h);
  out[o + 2] = Math.min(Math.max(x2, 0), w, w - 1);
  out[o + 3] = Math.min(Math.max(y2, 0), h, h - 1);
}

/** Fills `value` into the inclusive cell range of `region[o..o + 3]` of a `w`-wide map. */
function fillRegion(map: Float32Array | Uint8Array, w: number, region: Int32Array, o: number, value: number): void {
  const x1 = region[o];
  const x2 = region[o + 2];
  if (x1 > x2) return;
  for (let y = region[o + 1]; y <= region[o + 3]; y++) map.fill(value, y * w + x1, y * w + x2 + 1);
}

/** The level of each gt: clamp(floor(log2(sqrt(w h)) - log2(octaveBaseScale * stride0) + 0.5), 0, L - 1), float32. */
function targetLevelsOf(gtBoxes: Float32Array, numGts: number, octaveBaseScale: number, stride0: number, numLevels: number): Int32Array {
  const out = new Int32Array(numGts);
  const logMin = fround(Math.log2(fround(octaveBaseScale * stride0)));
  for (let j = 0; j < numGts; j++) {
    const o = j * 4;
    const area = boxArea(gtBoxes, o);
    const scale = fround(Math.sqrt(area));
    const lvl = Math.floor(fround(fround(fround(Math.log2(scale)) - logMin) + 0.5));
    out[j] = Math.min(Math.max(lvl, 0), numLevels - 1);
  }
  return out;
}

function computeGaTargets(r: ResolvedGaInput, o: ResolvedGaLocationOptions): GaLocationTargets {
  const { gtBoxes, numGts, featmapSizes } = r;
  const strides = o.strides;
  const numLevels = strides.length;
  const r1 = (1 - o.centerRatio) / 2;
  const r2 = (1 - o.ignoreRatio) / 2;
  const locTargets = featmapSizes.map(([h, w]) => new Float32Array(h * w));
  const locWeights = featmapSizes.map(([h, w]) => new Float32Array(h * w).fill(-1));
  const ignoreMaps = featmapSizes.map(([h, w]) => new Uint8Array(h * w));
  const targetLevels = targetLevelsOf(gtBoxes, numGts, o.octaveBaseScale, strides[0], numLevels);
  const centerRegions = new Int32Array(numGts * 4);
  const ignoreRegions = new Int32Array(numGts * 4);
  const scratch = new Int32Array(4);
  for (let j = 0; j < numGts; j++) {
    const lvl = targetLevels[j];
    const [h, w] = featmapSizes[lvl];
    const g = j * 4;
    // 1. on the gt's level, in gt order: ignore region -> weight 0, then center region -> target 1, weight 1.
    calcRegion(gtBoxes, g, strides[lvl], r2, h, w, ignoreRegions, g);
    calcRegion(gtBoxes, g, strides[lvl], r1, h, w, centerRegions, g);
    fillRegion(locTargets[lvl], w, centerRegions, g, 1);
    fillRegion(locWeights[lvl], w, ignoreRegions, g, 0);
    fillRegion(locWeights[lvl], w, centerRegions, g, 1);
    // 2. the ignore region on the level below and the level above, in the ignore maps.
    for (let adjacent = lvl - 1; adjacent <= lvl + 1; adjacent += 2) {
      if (adjacent < 0 || adjacent >= numLevels) continue;
      const [ah, aw] = featmapSizes[adjacent];
      calcRegion(gtBoxes, g, strides[adjacent], r2, ah, aw, scratch, 0);
      fillRegion(ignoreMaps[adjacent], aw, scratch, 0, 1);
    }
  }
  // 3. untouched cells: 0 where an adjacent-level ignore region covers them, else 0.1.
  let cells = 0;
  for (let l = 0; l < numLevels; l++) {
    const weights = locWeights[l];
    const ignore = ignoreMaps[l];
    for (let i = 0; i < weights.length; i++) if (weights[i] < 0) weights[i] = ignore[i] > 0 ? 0 : NEGATIVE_WEIGHT;
    cells += weights.length;
  }
  return Object.freeze({
    numGts,
    numLevels,
    featmapSizes,
    locTargets: Object.freeze(locTargets),
    locWeights: Object.freeze(locWeights),
    locAvgFactor: cells / 200,
    targetLevels,
    centerRegions,
    ignoreRegions,
  });
}

/**
 * Guided Anchoring location targets of one image, exactly as mmdetection's
 * `GuidedAnchorHead.ga_loc_targets` (batch of one).
 *
 * 1. Level of each ground truth (float32): `clamp(floor(log2(sqrt(w * h)) -
 *    log2(octaveBaseScale * strides[0]) + 0.5), 0, L - 1)`; an empty box goes to level 0.
 * 2. Region of a box for a ratio `q` on a level of stride `s` (`calc_region`): with
 *    `r = (1 - q) / 2` and `b = gt / s`, `x1 = round((1 - r) b.x1 + r b.x2)`, `x2 = round(r b.x1 +
 *    (1 - r) b.x2)` (float32, `torch.round` half to even), likewise y; clamped to `[0, w]` /
 *    `[0, h]`; the cells `x1..x2`, `y1..y2` that lie on the map.
 * 3. For each ground truth in order, on its level: weights of its ignore region (`ignoreRatio`)
 *    set to 0, then its center region (`centerRatio`) gets target 1 and weight 1. A later
 *    ground truth's ignore region therefore zeroes the weight of an earlier one's center cells
 *    (their target stays 1), as in the reference. Its ignore region on the adjacent levels
 *    (`lvl - 1`, `lvl + 1`) is recorded in an ignore map.
 * 4. Cells no ground truth of their level touched get weight 0 when the ignore map covers
 *    them, else 0.1.
 *
 * A center region is empty (the ground truth has no positive cell) exactly when its rounded
 * left edge is >= `w` or its top edge >= `h`: a box whose center part lies within half a cell
 * of the right or bottom border of its level's map, or beyond it (`calc_region` clamps the edges
 * to the map size, not size - 1). Otherwise it holds at least one cell. No ground truths: all
 * targets 0 and all weights 0.1.
 * @param input boxes in image pixels and per level `[h, w]`; no `ignoreBoxes`.
 * @param options see {@link GaLocationOptions}.
 * @returns per level typed arrays (row-major `[h * w]`), the average factor, each ground
 *   truth's level and regions; see {@link GaLocationTargets}.
 * @throws {LabelAssignError} on bad options (see {@link resolveGaLocationOptions}), boxes that are
 *   not finite or inverted, `featmapSizes` not one `[h, w]` pair of non-negative integers per
 *   stride (or more cells than the array limit), or `ignoreBoxes` given.
 * @example
 * const t = gaLocationTargets({ gtBoxes: [[0, 0, 32, 32]], featmapSizes: [[8, 8], [4, 4]] }, { octaveBaseScale: 4, strides: [8, 16] });
 * t.targetLevels[0]; // 0 (sqrt area 32 = 4 * 8)
 * t.locTargets[0][2 * 8 + 2]; // 1 (center region: row 2, column 2 of the box's cells 0..4)
 */
export function gaLocationTargets(input: GaLocationInput, options: GaLocationOptions): GaLocationTargets {
  const fn = 'gaLocationTargets';
  const resolved = resolveGaLocationOptions(options, fn);
  const r = resolveGaInput(fn, input, resolved.strides.length, false);
  return computeGaTargets(r, resolved);
}

/**
 * What {@link assignGaLocation} returns: an assignment over every level's cells, plus the
 * targets it was read from, flattened over the levels (`numCells = sum of h * w`).
 */
export interface GaLocationAssignResult extends AssignResult {
  /** `[numLevels]`: cells per level (`h * w`); the levels are concatenated in order. */
  readonly numLevelCells: Int32Array;
  /** `[numCells]`: the reference's location targets (`loc_targets`), levels concatenated. */
  readonly locTarget: Float32Array;
  /** `[numCells]`: the reference's location weights (`loc_weights`): 1, 0 or float32(0.1). */
  readonly locWeight: Float32Array;
  /** As {@link GaLocationTargets.locAvgFactor}. */
  readonly locAvgFactor: number;
  /** `[numGts]`: as {@link GaLocationTargets.targetLevels}. */
  readonly targetLevels: Int32Array;
  /** `[numGts * 4]`: as {@link GaLocationTargets.centerRegions}. */
  readonly centerRegions: Int32Array;
  /** `[numGts * 4]`: as {@link GaLocationTargets.ignoreRegions}. */
  readonly ignoreRegions: Int32Array;
}

/**
 * Guided Anchoring's location targets as an `AssignResult` over the cells of every level
 * (levels concatenated, each row-major: cell `(l, row, col)` is `start(l) + row * w + col`).
 *
 * 1. Compute {@link gaLocationTargets}.
 * 2. Label: positive (1) inside the center region of a ground truth of that level (location
 *    target 1); otherwise ignored (-1) where the loss weight is 0 (an ignore region of a ground
 *    truth of that level or of an adjacent level); otherwise negative (0, weight 0.1). This
 *    view does not depend on the order of the ground truths. The reference's weights do, at one
 *    kind of cell: a center cell of one ground truth inside the ignore region of a later one of
 *    the same level keeps target 1 but gets weight 0 (`locWeight` has it); here it is
 *    positive.
 * 3. A positive cell is assigned to the ground truth of that level whose center region covers it;
 *    when several do, the smallest one (float32 `w * h`), ties to the lowest index.
 * 4. `gtLabel` is that ground truth's `gtLabels` entry (default 0). `maxOverlap` is the
 *    location target: 1 inside a center region of that level, else 0.
 * 5. With `input.ignoreBoxes`, the toolkit's ignore rule (`ignore-regions.ts`) turns negative
 *    cells ignored when their box `[col * s, row * s, (col + 1) * s, (row + 1) * s]` has IoF >
 *    `ignoreCoverageThreshold` with an ignore box. Positives stay positive.
 *
 * No ground truths: every cell negative. No cells: empty arrays.
 * @param input as {@link gaLocationTargets}, plus optional `ignoreBoxes`.
 * @param options see {@link GaLocationOptions}.
 * @returns arrays of length `numCells = sum of h * w` (assignment and flattened targets), and
 *   the per ground truth fields; see {@link GaLocationAssignResult}.
 * @throws {LabelAssignError} as {@link gaLocationTargets} (except that `ignoreBoxes` are allowed).
 * @example
 * const r = assignGaLocation({ gtBoxes: [[0, 0, 32, 32]], featmapSizes: [[8, 8], [4, 4]] }, { octaveBaseScale: 4, strides: [8, 16] });
 * r.label[2 * 8 + 2]; // 1
 * r.label[64 + 0]; // -1 (ignore region on the level above)
 */
export function assignGaLocation(input: GaLocationInput, options: GaLocationOptions): GaLocationAssignResult {
  const fn = 'assignGaLocation';
  const resolved = resolveGaLocationOptions(options, fn);
  const r = resolveGaInput(fn, input, resolved.strides.length, true);
  const targets = computeGaTargets(r, resolved);
  const numLevels = targets.numLevels;
  const numLevelCells = Int32Array.from(targets.locWeights, (w) => w.length);
  const starts = new Int32Array(numLevels);
  let total = 0;
  for (let l = 0; l < numLevels; l++) {
    starts[l] = total;
    total += numLevelCells[l];
  }
  const gtIndex = new Int32Array(total).fill(-1);
  const label = new Int8Array(total);
  const gtLabel = new Int32Array(total).fill(-1);
  const maxOverlap = new Float32Array(total);
  // Owner of each center cell: write the gts largest first, so the smallest (then the lowest
  // index) writes last. Cost: the center regions' area plus a sort of the gts.
  const { numGts, centerRegions, targetLevels } = targets;
  const areas = new Float32Array(numGts);
  const boxes = r.gtBoxes;
  for (let j = 0; j < numGts; j++) {
    const o = j * 4;
    areas[j] = boxArea(boxes, o);
  }
  const order = Int32Array.from({ length: numGts }, (_, j) => j).sort((a, b) => areas[b] - areas[a] || b - a);
  for (let k = 0; k < numGts; k++) {
    const j = order[k];
    const lvl = targetLevels[j];
    const w = targets.featmapSizes[lvl][1];
    const o = j * 4;
    const x1 = centerRegions[o];
    const x2 = centerRegions[o + 2];
    if (x1 > x2) continue;
    for (let y = centerRegions[o + 1]; y <= centerRegions[o + 3]; y++) gtIndex.fill(j, starts[lvl] + y * w + x1, starts[lvl] + y * w + x2 + 1);
  }
  const labels = r.gtLabels;
  const locTarget = new Float32Array(total);
  const locWeight = new Float32Array(total);
  for (let l = 0; l < numLevels; l++) {
    const weights = targets.locWeights[l];
    const locTargets = targets.locTargets[l];
    locTarget.set(locTargets, starts[l]);
    locWeight.set(weights, starts[l]);
    const n = weights.length;
    for (let i = 0, p = starts[l]; i < n; i++, p++) {
      if (locTargets[i] === 1) {
        label[p] = POSITIVE;
        gtLabel[p] = labels[gtIndex[p]];
      } else if (weights[i] === 0) {
        label[p] = IGNORED;
      }
    }
  }
  maxOverlap.set(locTarget);
  excludeInvalidPriors(r.validFlags, label, gtIndex, gtLabel, maxOverlap, 0);
  if (r.ignoreBoxes.length > 0 && total > 0) {
    const cells = new Float32Array(total * 4);
    for (let l = 0; l < numLevels; l++) {
      const [h, w] = targets.featmapSizes[l];
      cells.set(cellBoxesUnchecked(h, w, resolved.strides[l], resolved.strides[l]), starts[l] * 4);
    }
    applyIgnoreCoverage(cells, false, r.ignoreBoxes, resolved.ignoreCoverageThreshold, label, gtIndex, gtLabel);
  }
  return freezeResult({
    numGts,
    gtIndex,
    label,
    gtLabel,
    maxOverlap,
    numLevelCells,
    locTarget,
    locWeight,
    locAvgFactor: targets.locAvgFactor,
    targetLevels,
    centerRegions,
    ignoreRegions: targets.ignoreRegions,
  });
}

/** @deprecated Use {@link assignGaLocation}: every assigner is named `assign…`. */
export const gaLocationAssign = assignGaLocation;
