/**
 * CenterNet training targets (Zhou et al., "Objects as Points", 2019): one class heatmap with a
 * gaussian peak at each object's center cell, plus width/height and sub-cell offset targets at
 * the center cells. The gaussian radius is CornerNet's (Law & Deng, ECCV 2018): the largest
 * corner displacement that keeps IoU >= `minOverlap`, the minimum of three quadratic roots.
 *
 * Port of mmdetection 3.x `gaussian_radius` / `gen_gaussian_target` (mmdet/models/utils/
 * gaussian_target.py) and `CenterNetHead.get_targets` for one image, with the reference's
 * float32 arithmetic (every step rounded with `Math.fround`) so the integer radii and center
 * cells fall exactly where mmdetection puts them. `assignCenterNet` re-expresses the targets as
 * an `AssignResult` over the feature-map cells, for the toolkit's comparison tools.
 */
import { invalidArgument, type ErrorSource } from '../errors.js';
import { apiNames, checkArrayLength, checkKnownKeys, checkNumber, checkObject, checkUnitInterval, optionNamesArgument, type BoxesInput, type OptionNames } from '../validate.js';
import { NEGATIVE, POSITIVE, type AssignResult } from './assign-result.js';
import { cellBoxesUnchecked } from '../geometry/boxes.js';
import { applyIgnoreCoverage, checkIgnoreCoverageThreshold } from './ignore-regions.js';
import { excludeInvalidPriors, freezeResult, resolveAssignInput, resolveValidFlags, type AssignerInputs } from './inputs.js';

const fround = Math.fround;
/** `torch.finfo(torch.float32).eps`. */
const FLOAT32_EPS = 2 ** -23;
const INT32_MAX = 2 ** 31 - 1;

// ---------------------------------------------------------------------------------------------
// gaussian radius

/**
 * CornerNet's minimum IoU: a number in the open interval (0, 1). With `float32` (the targets,
 * whose radius is computed in float32), also once rounded to float32: 1e-300 would make the
 * radius 0 / 0.
 */
function checkMinOverlap(fn: ErrorSource, path: string, value: unknown, float32 = false): number {
  const mo = checkUnitInterval(fn, path, value, undefined, { low: true, high: true });
  if (float32) checkNumber(fn, path, mo, { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true, float32: true });
  return mo;
}

/**
 * CornerNet's gaussian radius of a box of `height` x `width`: the minimum of the three roots
 * `r1` (one corner inside, one outside), `r2` (both inside) and `r3` (both outside) of the
 * quadratics that keep the IoU of a corner-shifted box with the original >= `minOverlap`.
 * Computed in float64, like mmdetection's `gaussian_radius` on Python floats.
 * @param height box height (any unit; >= 0).
 * @param width box width (>= 0).
 * @param minOverlap minimum IoU, in (0, 1); CornerNet uses 0.7, CenterNet 0.3.
 * @returns the radius, a real number >= 0 (callers truncate it with `Math.trunc`); 0 for an
 *   empty box. Sizes whose squares would overflow (above about 1e150) or underflow (both below
 *   about 1e-150) are computed on a copy scaled by a power of two, so the radius stays finite
 *   where the reference's would be NaN, and positive where its rounding would make it negative;
 *   a cancellation that leaves a hair below 0 gives 0.
 * @throws {LabelAssignError} when `height` or `width` is negative or not finite, or
 *   `minOverlap` is outside (0, 1).
 * @example
 * gaussianRadius(10, 10, 0.3); // 2.2613872...
 */
export function gaussianRadius(height: number, width: number, minOverlap: number): number {
  const fn = 'gaussianRadius';
  checkNumber(fn, 'height', height, { min: 0 });
  checkNumber(fn, 'width', width, { min: 0 });
  checkMinOverlap(fn, 'minOverlap', minOverlap);
  // The squares below overflow float64 for sizes beyond about 1e150: the radius is linear in the
  // size, so compute it on the size scaled by a power of two (exact) and scale back.
  if (height > 2 ** 500 || width > 2 ** 500) return gaussianRadius(height * 2 ** -600, width * 2 ** -600, minOverlap) * 2 ** 600;
  // Likewise sizes whose squares underflow (both below about 1e-150): scaled up, exactly.
  if (height < 2 ** -500 && width < 2 ** -500 && (height > 0 || width > 0)) {
    return gaussianRadius(height * 2 ** 600, width * 2 ** 600, minOverlap) * 2 ** -600;
  }
  const mo = minOverlap;
  const b1 = height + width;
  const c1 = (width * height * (1 - mo)) / (1 + mo);
  const r1 = (b1 - Math.sqrt(b1 * b1 - 4 * c1)) / 2;
  const b2 = 2 * (height + width);
  const c2 = (1 - mo) * width * height;
  const r2 = (b2 - Math.sqrt(b2 * b2 - 16 * c2)) / 8;
  const a3 = 4 * mo;
  const b3 = -2 * mo * (height + width);
  const c3 = (mo - 1) * width * height;
  const r3 = (b3 + Math.sqrt(b3 * b3 - 4 * a3 * c3)) / (2 * a3);
  // r3's b3 + sqrt(b3^2 + ...) cancels: when a side is tiny next to the other, rounding can
  // leave it a hair below 0. A radius is never negative.
  return Math.max(0, Math.min(r1, r2, r3));
}

/**
 * {@link gaussianRadius} as `CenterNetHead.get_targets` evaluates it: `height` and `width` are
 * float32 tensors, so every tensor step is rounded to float32 (Python scalars are rounded to
 * float32 before they meet a tensor) and only the square roots run in float64 (`math.sqrt`).
 * @param height float32 box height in feature pixels, >= 0.
 * @param width float32 box width, >= 0.
 * @param minOverlap in (0, 1), unchecked.
 * @returns the float32 radius.
 * @throws never; the caller has checked its inputs.
 * @example
 * gaussianRadiusFloat32(2.5, 2.5, 0.3); // 0.5653...
 * @internal
 */
export function gaussianRadiusFloat32(height: number, width: number, minOverlap: number): number {
  const mo = minOverlap;
  const h = fround(height);
  const w = fround(width);
  const sum = fround(h + w);
  const wh = fround(w * h);
  // r1: a = 1, b = h + w, c = w * h * (1 - mo) / (1 + mo)
  const c1 = fround(fround(wh * fround(1 - mo)) / fround(1 + mo));
  const sq1 = Math.sqrt(fround(fround(sum * sum) - fround(4 * c1)));
  const r1 = fround(fround(sum - fround(sq1)) / 2);
  // r2: a = 4, b = 2 (h + w), c = (1 - mo) * w * h
  const b2 = fround(2 * sum);
  const c2 = fround(fround(fround(1 - mo) * w) * h);
  const sq2 = Math.sqrt(fround(fround(b2 * b2) - fround(16 * c2)));
  const r2 = fround(fround(b2 - fround(sq2)) / 8);
  // r3: a = 4 mo, b = -2 mo (h + w), c = (mo - 1) * w * h
  const a3 = 4 * mo;
  const b3 = fround(fround(-2 * mo) * sum);
  const c3 = fround(fround(fround(mo - 1) * w) * h);
  const sq3 = Math.sqrt(fround(fround(b3 * b3) - fround(fround(4 * a3) * c3)));
  const r3 = fround(fround(b3 + fround(sq3)) / fround(2 * a3));
  return Math.min(r1, r2, r3);
}

// ---------------------------------------------------------------------------------------------
// gaussian drawing

/**
 * Draws into `heatmap` (row-major, `height` rows of `width`) the window of a gaussian kernel
 * centered on the cell (`cx`, `cy`): `heatmap = max(heatmap, k * kernel)` there. Unchecked.
 * @internal
 * @throws never.
 * @example
 * drawGaussianInto(new Float32Array(9), 0, 3, 3, 1, 1, 1, 1); // 1 at the center
 */
export function drawGaussianInto(
  heatmap: Float32Array,
  offset: number,
  height: number,
  width: number,
  cx: number,
  cy: number,
  radius: number,
  k: number,
): void {
  const sigma = (2 * radius + 1) / 6;
  // -(x^2 + y^2) / (2 sigma^2): the divisor is a Python float, rounded to float32 by torch.
  const divisor = fround(2 * sigma * sigma);
  const kF = fround(k);
  const x0 = Math.max(0, cx - radius);
  const x1 = Math.min(width - 1, cx + radius);
  const y0 = Math.max(0, cy - radius);
  const y1 = Math.min(height - 1, cy + radius);
  for (let y = y0; y <= y1; y++) {
    const dy = y - cy;
    const row = offset + y * width;
    for (let x = x0; x <= x1; x++) {
      const dx = x - cx;
      let g = fround(Math.exp(fround(-(dx * dx + dy * dy) / divisor)));
      // h[h < eps * h.max()] = 0; the kernel's max is exp(0) = 1.
      if (g < FLOAT32_EPS) g = 0;
      const v = fround(g * kF);
      const i = row + x;
      if (v > heatmap[i]) heatmap[i] = v;
    }
  }
}

/**
 * Draws a gaussian peak into a heatmap, in place, as mmdetection's `gen_gaussian_target`:
 * inside the `(2 radius + 1)^2` window centered on cell (`cx`, `cy`), each cell becomes
 * `max(cell, k * exp(-(dx^2 + dy^2) / (2 sigma^2)))` with `sigma = (2 radius + 1) / 6`; kernel
 * values below float32 eps (times the kernel's max, 1) are zeroed first. All float32.
 *
 * The window is clipped to the heatmap. For a center inside the heatmap this is exactly the
 * reference; a center outside it (which the reference does not handle) draws only the part of
 * the window that falls inside, possibly nothing.
 * @param heatmap `[height * width]` row-major float32 buffer; modified in place.
 * @param height rows, a non-negative integer.
 * @param width columns, a non-negative integer.
 * @param cx center column, an integer (may lie outside the heatmap).
 * @param cy center row, an integer.
 * @param radius a non-negative integer.
 * @param k peak multiplier, a finite number; default 1.
 * @returns `heatmap`.
 * @throws {LabelAssignError} when `heatmap` is not a Float32Array of length `height * width`,
 *   a size or the center is not an integer, `radius` is negative or not an integer, or `k` is
 *   not finite.
 * @example
 * const map = new Float32Array(5 * 5);
 * drawGaussian(map, 5, 5, 2, 2, 1); // map[12] === 1; map[7] === Math.fround(Math.exp(-2)) (sigma 0.5)
 */
export function drawGaussian(heatmap: Float32Array, height: number, width: number, cx: number, cy: number, radius: number, k = 1): Float32Array {
  const fn = 'drawGaussian';
  checkNumber(fn, 'height', height, { min: 0, integer: true });
  checkNumber(fn, 'width', width, { min: 0, integer: true });
  if (!(heatmap instanceof Float32Array) || heatmap.length !== height * width) {
    throw invalidArgument(fn, 'heatmap', `a Float32Array of length height * width (${height * width})`, heatmap);
  }
  checkNumber(fn, 'cx', cx, { integer: true });
  checkNumber(fn, 'cy', cy, { integer: true });
  checkNumber(fn, 'radius', radius, { min: 0, integer: true });
  // The peak is a float32 multiplier: finite once rounded (1e39 would draw Infinity).
  checkNumber(fn, 'k', k, { float32: true });
  drawGaussianInto(heatmap, 0, height, width, cx, cy, radius, k);
  return heatmap;
}

// ---------------------------------------------------------------------------------------------
// CenterNet targets

/** Inputs of {@link centerNetTargets} and {@link assignCenterNet} (one image). */
export interface CenterNetInput {
  /** Ground-truth boxes `[numGts * 4]` as `[x1, y1, x2, y2]`, in image pixels. */
  readonly gtBoxes: BoxesInput;
  /** Class of each ground truth, `[numGts]` integers in `[0, numClasses)`. Default: all 0. */
  readonly gtLabels?: ArrayLike<number>;
  /** Output feature map size `[featH, featW]`, non-negative integers. */
  readonly featmapSize: readonly [number, number];
  /** Input image size `[imgH, imgW]` in pixels, positive. */
  readonly imageShape: readonly [number, number];
  /**
   * Ignore regions `[numIgnore * 4]` in image pixels. Only {@link assignCenterNet} takes them
   * (the reference's targets have no ignore regions); {@link centerNetTargets} rejects them.
   */
  readonly ignoreBoxes?: BoxesInput;
  /**
   * `[featH * featW]` 0/1 per cell; cells flagged 0 take no part (they come out ignored). Only
   * {@link assignCenterNet} takes them; {@link centerNetTargets} rejects them.
   */
  readonly validFlags?: ArrayLike<number>;
}

/**
 * What {@link assignCenterNet} takes: no priors (its cells come from `featmapSize` over
 * `imageShape`), the shared ground truths, ignore boxes and valid flags.
 */
export const CENTERNET_INPUTS: AssignerInputs = Object.freeze({ priors: 'cells', extra: Object.freeze(['featmapSize', 'imageShape']) });

/** Options of {@link centerNetTargets} and {@link assignCenterNet}. */
export interface CenterNetOptions {
  /** Number of heatmap channels (classes), a positive integer. */
  readonly numClasses: number;
  /** Minimum IoU of the gaussian radius, in (0, 1). Default 0.3, as `CenterNetHead`. */
  readonly minOverlap?: number;
  /**
   * IoF threshold of the toolkit's ignore rule (see `ignore-regions.ts`), in [0, 1]; used only by
   * {@link assignCenterNet} and only when ignore boxes are given. Default 0.5.
   */
  readonly ignoreCoverageThreshold?: number;
}

export interface ResolvedCenterNetOptions {
  readonly numClasses: number;
  readonly minOverlap: number;
  readonly ignoreCoverageThreshold: number;
}

const OPTION_KEYS = ['numClasses', 'minOverlap', 'ignoreCoverageThreshold'] as const;

/**
 * Checks CenterNet options and fills in the defaults (`minOverlap` 0.3, `ignoreCoverageThreshold` 0.5).
 * @returns a frozen object.
 * @throws {LabelAssignError} on an unknown key, `numClasses` not a positive integer,
 *   `minOverlap` outside (0, 1) or `ignoreCoverageThreshold` outside [0, 1].
 * @param names the words of the errors: a function name (its API names; default
 *   `resolveCenterNetOptions`), or a config's (`assigner.min_overlap`).
 * @example
 * resolveCenterNetOptions({ numClasses: 80 }); // { numClasses: 80, minOverlap: 0.3, ignoreCoverageThreshold: 0.5 }
 */
export function resolveCenterNetOptions(options: CenterNetOptions, names: OptionNames | string = 'resolveCenterNetOptions'): ResolvedCenterNetOptions {
  const n = optionNamesArgument('resolveCenterNetOptions', names, (name) => apiNames(name), 'resolveCenterNetOptions');
  const record = checkObject(n, n.section, options);
  checkKnownKeys(n, n.section, record, OPTION_KEYS);
  // Class ids are int32; the heatmap's size (numClasses * featH * featW) is checked per image.
  const numClasses = checkNumber(n, n.option('numClasses'), record.numClasses, { min: 1, integer: true, limit: { max: INT32_MAX, why: 'class ids are int32' } });
  const minOverlap = record.minOverlap === undefined ? 0.3 : checkMinOverlap(n, n.option('minOverlap'), record.minOverlap, true);
  const ignoreCoverageThreshold = checkIgnoreCoverageThreshold(n, n.option('ignoreCoverageThreshold'), record.ignoreCoverageThreshold);
  return Object.freeze({ numClasses, minOverlap, ignoreCoverageThreshold });
}

/** What {@link centerNetTargets} returns; `h = featH`, `w = featW`. */
export interface CenterNetTargets {
  readonly numGts: number;
  readonly numClasses: number;
  readonly featHeight: number;
  readonly featWidth: number;
  /** `[numClasses * h * w]` (channel, row, column): the max of the gaussians of each class. */
  readonly centerHeatmap: Float32Array;
  /** `[2 * h * w]`: channel 0 box width, channel 1 box height, in feature pixels, at center cells. */
  readonly whTarget: Float32Array;
  /** `[2 * h * w]`: channel 0 `cx - floor(cx)`, channel 1 `cy - floor(cy)` at center cells. */
  readonly offsetTarget: Float32Array;
  /** `[2 * h * w]`: 1 at center cells (both channels), 0 elsewhere. */
  readonly whOffsetWeight: Float32Array;
  /** `max(1, number of heatmap values equal to 1)` (all channels), as the reference. */
  readonly avgFactor: number;
  /** `[numGts]`: each ground truth's center cell, `row * w + col` (-1 on an empty feature map). */
  readonly centerCell: Int32Array;
  /** `[numGts]`: each ground truth's gaussian radius in cells, `max(0, trunc(radius))` (at most 2^31 - 1). */
  readonly radius: Int32Array;
}

/** Checked inputs of CenterNet (one image). @internal */
export interface ResolvedCenterNetInput {
  readonly gtBoxes: Float32Array;
  readonly gtLabels: Int32Array;
  readonly numGts: number;
  readonly featH: number;
  readonly featW: number;
  readonly imgH: number;
  readonly imgW: number;
  readonly ignoreBoxes: Float32Array;
  /** `[featH * featW]`, or null. */
  readonly validFlags: Uint8Array | null;
}

function checkPairOf(fn: string, path: string, value: unknown, expected: string, positive: boolean): [number, number] {
  if (!Array.isArray(value) || value.length !== 2) throw invalidArgument(fn, path, expected, value);
  // An image size meets float32 tensors (as featmapSize / imageShape): positive and finite there.
  const range = positive ? { min: 0, exclusiveMin: true, float32: true } : { min: 0, integer: true };
  return [checkNumber(fn, `${path}[0]`, value[0], range), checkNumber(fn, `${path}[1]`, value[1], range)];
}

function resolveCenterNetInput(fn: string, input: CenterNetInput, numClasses: number, assignment: boolean): ResolvedCenterNetInput {
  if (!assignment) {
    // The reference's targets know nothing of ignore regions or excluded cells.
    for (const key of ['ignoreBoxes', 'validFlags'] as const) {
      const value = (input as unknown as Partial<Record<string, unknown>> | null)?.[key];
      if (value !== undefined) throw invalidArgument(fn, `input.${key}`, `absent (the reference targets have no ${key === 'ignoreBoxes' ? 'ignore regions' : 'excluded cells'}; use assignCenterNet)`, value);
    }
  }
  const base = resolveAssignInput(fn, input, CENTERNET_INPUTS);
  const [featH, featW] = checkPairOf(fn, 'input.featmapSize', base.extra.featmapSize, 'a [featH, featW] pair of non-negative integers', false);
  const [imgH, imgW] = checkPairOf(fn, 'input.imageShape', base.extra.imageShape, 'an [imgH, imgW] pair of positive numbers', true);
  const { gtBoxes, numGts, gtLabels, ignoreBoxes } = base;
  for (let j = 0; j < numGts; j++) {
    if (gtLabels[j] >= numClasses) throw invalidArgument(fn, `input.gtLabels[${j}]`, `an integer class id in [0, numClasses = ${numClasses})`, gtLabels[j]);
  }
  const validFlags = base.extra.validFlags === undefined ? null : resolveValidFlags(fn, base.extra.validFlags, featH * featW);
  return { gtBoxes, gtLabels, numGts, featH, featW, imgH, imgW, ignoreBoxes, validFlags };
}

function computeTargets(fn: string, r: ResolvedCenterNetInput, numClasses: number, minOverlap: number): CenterNetTargets {
  const { gtBoxes, gtLabels, numGts, featH, featW } = r;
  const hw = featH * featW;
  checkArrayLength(fn, 'input.featmapSize', numClasses * hw, 'heatmap values (numClasses * featH * featW)');
  const centerHeatmap = new Float32Array(numClasses * hw);
  const whTarget = new Float32Array(2 * hw);
  const offsetTarget = new Float32Array(2 * hw);
  const whOffsetWeight = new Float32Array(2 * hw);
  const centerCell = new Int32Array(numGts);
  const radii = new Int32Array(numGts);
  // float(feat_w / img_w): a Python float, rounded to float32 when it multiplies a tensor.
  const widthRatio = fround(featW / r.imgW);
  const heightRatio = fround(featH / r.imgH);
  if (!Number.isFinite(widthRatio) || !Number.isFinite(heightRatio)) {
    throw invalidArgument(fn, 'input.imageShape', `a size for which featmapSize / imageShape is finite in float32 (it overflows for ${r.imgH} x ${r.imgW})`);
  }
  // A ratio that underflows to 0 would put every center in cell (0, 0) with size 0.
  if ((featW > 0 && widthRatio === 0) || (featH > 0 && heightRatio === 0)) {
    throw invalidArgument(fn, 'input.imageShape', `a size for which featmapSize / imageShape is positive in float32 (it underflows to 0 for ${r.imgH} x ${r.imgW})`);
  }
  for (let j = 0; j < numGts; j++) {
    const o = j * 4;
    const x1 = gtBoxes[o];
    const y1 = gtBoxes[o + 1];
    const x2 = gtBoxes[o + 2];
    const y2 = gtBoxes[o + 3];
    // 1. center in feature pixels, (x1 + x2) * ratio / 2 in float32; cell = .int() (truncation).
    const ctx = fround(fround(fround(x1 + x2) * widthRatio) / 2);
    const cty = fround(fround(fround(y1 + y2) * heightRatio) / 2);
    const col = Math.trunc(ctx);
    const row = Math.trunc(cty);
    // 2. box size in feature pixels and the gaussian radius (float32, truncated, >= 0).
    const boxH = fround(fround(y2 - y1) * heightRatio);
    const boxW = fround(fround(x2 - x1) * widthRatio);
    const exactRadius = gaussianRadiusFloat32(boxH, boxW, minOverlap);
    if (!Number.isFinite(exactRadius)) {
      // The reference's float32 radius is NaN here too (its int() then raises).
      throw invalidArgument(fn, `input.gtBoxes[${j}]`, 'a box whose size in feature pixels keeps its float32 gaussian radius finite (w + h below about 1.8e19)', `a box of ${boxW} x ${boxH} feature pixels`);
    }
    const radius = Math.max(0, Math.trunc(exactRadius));
    radii[j] = Math.min(radius, INT32_MAX);
    if (hw === 0) {
      centerCell[j] = -1;
      continue;
    }
    // Negated so that a NaN center (0 * an infinite ratio) is rejected too.
    if (!(col >= 0 && col < featW && row >= 0 && row < featH)) {
      throw invalidArgument(
        fn,
        `input.gtBoxes[${j}]`,
        `a box whose center cell lies on the ${featH} x ${featW} feature map (the reference indexes outside it)`,
        `a box with center cell (row ${row}, column ${col})`,
      );
    }
    // 3. the gaussian on the ground truth's class channel (max with what is there).
    drawGaussianInto(centerHeatmap, gtLabels[j] * hw, featH, featW, col, row, radius, 1);
    // 4. wh / offset / weight at the center cell; a later ground truth overwrites an earlier one.
    const cell = row * featW + col;
    centerCell[j] = cell;
    whTarget[cell] = boxW;
    whTarget[hw + cell] = boxH;
    offsetTarget[cell] = ctx - col;
    offsetTarget[hw + cell] = cty - row;
    whOffsetWeight[cell] = 1;
    whOffsetWeight[hw + cell] = 1;
  }
  let ones = 0;
  for (let i = 0; i < centerHeatmap.length; i++) if (centerHeatmap[i] === 1) ones++;
  return freezeTargets({
    numGts,
    numClasses,
    featHeight: featH,
    featWidth: featW,
    centerHeatmap,
    whTarget,
    offsetTarget,
    whOffsetWeight,
    avgFactor: Math.max(1, ones),
    centerCell,
    radius: radii,
  });
}

function freezeTargets(t: CenterNetTargets): CenterNetTargets {
  return Object.freeze(t);
}

/**
 * CenterNet targets of one image, exactly as mmdetection's `CenterNetHead.get_targets`.
 *
 * With `widthRatio = float32(featW / imgW)` and `heightRatio = float32(featH / imgH)`, for each
 * ground truth `j` in order (all float32):
 * 1. center `cx = (x1 + x2) * widthRatio / 2`, `cy` likewise; center cell
 *    `(trunc(cy), trunc(cx))`;
 * 2. box size `w = (x2 - x1) * widthRatio`, `h = (y2 - y1) * heightRatio`; radius
 *    `max(0, trunc(gaussianRadius(h, w, minOverlap)))` (float32 evaluation);
 * 3. {@link drawGaussian} on channel `gtLabels[j]` of the heatmap at the center cell;
 * 4. at the center cell: `whTarget = (w, h)`, `offsetTarget = (cx - col, cy - row)`,
 *    `whOffsetWeight = 1`. Ground truths sharing a center cell: the later one's wh and offset
 *    win (the heatmap keeps the max of all gaussians).
 *
 * `avgFactor = max(1, number of heatmap values equal to 1)`. No ground truths: all-zero targets
 * and `avgFactor` 1. An empty feature map (a zero size): empty arrays, `centerCell` -1.
 * @param input boxes in image pixels, labels, `featmapSize` `[featH, featW]`, `imageShape`
 *   `[imgH, imgW]`; no `ignoreBoxes`.
 * @param options `numClasses`, `minOverlap` (default 0.3); see {@link CenterNetOptions}.
 * @returns fresh typed arrays; see {@link CenterNetTargets} for their shapes.
 * @throws {LabelAssignError} on bad options (see {@link resolveCenterNetOptions}), boxes that are
 *   not finite or inverted, a label outside `[0, numClasses)` or a label count that differs from
 *   the box count, bad sizes, `ignoreBoxes` given, a box whose center cell falls outside a
 *   non-empty feature map (where the reference writes out of bounds or wraps around), an
 *   `imageShape` so small that `featmapSize / imageShape` overflows float32, a box so large in
 *   feature pixels that its float32 radius overflows, or a heatmap beyond the array limit.
 * @example
 * const t = centerNetTargets(
 *   { gtBoxes: [[8, 8, 24, 24]], gtLabels: [1], featmapSize: [8, 8], imageShape: [32, 32] },
 *   { numClasses: 2 },
 * );
 * t.centerCell[0]; // 4 * 8 + 4: center (4, 4) in feature pixels
 * t.centerHeatmap[64 + 36]; // 1
 * t.whTarget[36]; // 4
 */
export function centerNetTargets(input: CenterNetInput, options: CenterNetOptions): CenterNetTargets {
  const fn = 'centerNetTargets';
  const resolved = resolveCenterNetOptions(options, fn);
  const r = resolveCenterNetInput(fn, input, resolved.numClasses, false);
  return computeTargets(fn, r, resolved.numClasses, resolved.minOverlap);
}

/**
 * What {@link assignCenterNet} returns: an assignment over the cells, plus the dense targets it
 * was read from (the fields of {@link CenterNetTargets}).
 */
export interface CenterNetAssignResult extends AssignResult, CenterNetTargets {}

/**
 * CenterNet's positives as an `AssignResult` over the feature-map cells, the priors of a
 * one-prior-per-cell grid (`numPriors = featH * featW`, cell index `row * featW + col`, the
 * location-major layout of the toolkit's prior sets).
 *
 * 1. Compute {@link centerNetTargets}.
 * 2. Each ground truth's center cell is positive (label 1), assigned to the ground truth that
 *    writes its wh/offset targets last there (the highest index among those sharing the cell,
 *    as the reference's overwrite); `gtLabel` is that ground truth's class. Every other cell
 *    is negative (0): CenterNet has no ignore band, the heatmap's gaussian only softens the
 *    focal loss around the peaks.
 * 3. `maxOverlap[cell]` is the heatmap's value at the cell, maximised over the class channels:
 *    1 at center cells, the gaussian falloff around them, 0 far away.
 * 4. With `input.ignoreBoxes`, the toolkit's ignore rule (`ignore-regions.ts`) turns negative
 *    cells ignored (-1) when their box `[col * sx, row * sy, (col + 1) * sx, (row + 1) * sy]`
 *    (float32, `sx = imgW / featW`, `sy = imgH / featH`) has IoF > `ignoreCoverageThreshold` with an
 *    ignore box. Positives stay positive.
 *
 * No ground truths: all cells negative with `maxOverlap` 0. Empty feature map: empty arrays.
 * @param input as {@link centerNetTargets}, plus optional `ignoreBoxes` in image pixels.
 * @param options see {@link CenterNetOptions}.
 * @returns `gtIndex`, `label`, `gtLabel`, `maxOverlap` of length `featH * featW`, plus the
 *   fields of {@link CenterNetTargets}.
 * @throws {LabelAssignError} as {@link centerNetTargets} (except that `ignoreBoxes` are allowed).
 * @example
 * const r = assignCenterNet({ gtBoxes: [[8, 8, 24, 24]], featmapSize: [8, 8], imageShape: [32, 32] }, { numClasses: 1 });
 * r.label[36]; // 1
 * r.gtIndex[36]; // 0
 */
export function assignCenterNet(input: CenterNetInput, options: CenterNetOptions): CenterNetAssignResult {
  const fn = 'assignCenterNet';
  const resolved = resolveCenterNetOptions(options, fn);
  return assignCenterNetResolved(fn, resolveCenterNetInput(fn, input, resolved.numClasses, true), resolved);
}

/**
 * CenterNet's assignment on checked inputs (see {@link assignCenterNet}). Still throws the
 * errors only the computation can find (a centre cell off the map, a radius that overflows).
 * @internal for the presets, which validate once per image.
 */
export function assignCenterNetResolved(fn: string, r: ResolvedCenterNetInput, resolved: ResolvedCenterNetOptions): CenterNetAssignResult {
  const hw = r.featH * r.featW;
  const targets = computeTargets(fn, r, resolved.numClasses, resolved.minOverlap);
  const gtIndex = new Int32Array(hw).fill(-1);
  const label = new Int8Array(hw).fill(NEGATIVE);
  const gtLabel = new Int32Array(hw).fill(-1);
  const maxOverlap = new Float32Array(hw);
  const heatmap = targets.centerHeatmap;
  // Over the heatmap's channels, not over numClasses: an empty map has no channel to visit,
  // however many classes (numClasses 1e15 on a 0 x 0 map used to loop 1e15 times).
  for (let c = 0; hw > 0 && c < resolved.numClasses; c++) {
    const base = c * hw;
    for (let i = 0; i < hw; i++) if (heatmap[base + i] > maxOverlap[i]) maxOverlap[i] = heatmap[base + i];
  }
  for (let j = 0; j < targets.numGts && hw > 0; j++) {
    const cell = targets.centerCell[j];
    label[cell] = POSITIVE;
    gtIndex[cell] = j;
    gtLabel[cell] = r.gtLabels[j];
  }
  // An excluded cell keeps its heatmap value as maxOverlap: the targets are the reference's.
  excludeInvalidPriors(r.validFlags, label, gtIndex, gtLabel, null);
  if (r.ignoreBoxes.length > 0 && hw > 0) {
    applyIgnoreCoverage(cellBoxesUnchecked(r.featH, r.featW, r.imgW / r.featW, r.imgH / r.featH), false, r.ignoreBoxes, resolved.ignoreCoverageThreshold, label, gtIndex, gtLabel);
  }
  return freezeResult({ ...targets, numGts: r.numGts, gtIndex, label, gtLabel, maxOverlap });
}

/** @deprecated Use {@link assignCenterNet}: every assigner is named `assign…`. */
export const centerNetAssign = assignCenterNet;
