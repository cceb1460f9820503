/**
 * IoU-balanced negative sampler (Libra R-CNN; Pang et al. 2019, "Libra R-CNN: Towards Balanced
 * Learning for Object Detection"): hard negatives (higher IoU with some ground truth) are rare
 * but informative, so negatives are drawn evenly from IoU bins instead of uniformly; positives
 * are drawn uniformly, as in the random sampler.
 *
 * Port of mmdetection 3.x `IoUBalancedNegSampler`
 * (mmdet/models/task_modules/samplers/iou_balanced_neg_sampler.py): the same sets, bins,
 * quotas and fill-up order; the draws come from a seeded `pure-rand` generator.
 */
import type { AssignResult } from '../assigners/assign-result.js';
import { invalidArgument } from '../errors.js';
import { checkKnownKeys, checkNumber, checkObject } from '../validate.js';
import {
  BASE_SAMPLER_KEYS,
  buildSampleSpace,
  checkSamplerAssign,
  pickRandomPositives,
  RANDOM_SOURCE_KEYS,
  resolveBaseSamplerOptions,
  resolveRandomSource,
  runCountSampler,
  shuffleFront,
  spaceOverlap,
  startGenerator,
  type Picker,
  type RandomGenerator,
  type SampleResult,
  type SampleSpace,
} from './common.js';
import type { RandomSamplerOptions, ResolvedRandomSamplerOptions } from './random.js';

const fround = Math.fround;

/** The negative-side options of the IoU-balanced sampler (mmdetection's names in camelCase). */
export interface IoUBalancedNegOptions {
  /**
   * IoU below which negatives form the "floor" set, sampled uniformly: `-1` (default) for no
   * floor set (every negative is IoU-balanced, bins start at 0), or a number in [0, 1).
   */
  readonly floorThr?: number;
  /** Share of the negative quota reserved for the floor set, in [0, 1]; default 0. */
  readonly floorFraction?: number;
  /** Number of IoU bins, an integer >= 1 (1 = uniform over the IoU set); default 3. */
  readonly numBins?: number;
}

/** {@link IoUBalancedNegOptions} with defaults filled in. */
export interface ResolvedIoUBalancedNegOptions {
  readonly floorThr: number;
  readonly floorFraction: number;
  readonly numBins: number;
}

/** Options of {@link sampleIoUBalancedNegatives}. */
export interface IoUBalancedSamplerOptions extends RandomSamplerOptions, IoUBalancedNegOptions {}

/** {@link IoUBalancedSamplerOptions} checked, defaults filled in. */
export interface ResolvedIoUBalancedSamplerOptions extends ResolvedRandomSamplerOptions, ResolvedIoUBalancedNegOptions {}

/** Option names of {@link IoUBalancedNegOptions}. */
export const IOU_BALANCED_NEG_KEYS = Object.freeze(['floorThr', 'floorFraction', 'numBins'] as const);

const FN = 'sampleIoUBalancedNegatives';

/**
 * Checks the IoU-balancing options of `record` (other keys are the caller's business).
 * @internal
 */
export function resolveIoUBalancedNegOptions(fn: string, record: Record<string, unknown>, path = ''): ResolvedIoUBalancedNegOptions {
  let floorThr = -1;
  if (record.floorThr !== undefined) {
    const v = record.floorThr;
    if (typeof v !== 'number' || !(v === -1 || (v >= 0 && v < 1))) {
      throw invalidArgument(fn, `${path}floorThr`, '-1 (no floor set) or a number in [0, 1)', v);
    }
    floorThr = v;
  }
  const floorFraction =
    record.floorFraction === undefined ? 0 : checkNumber(fn, `${path}floorFraction`, record.floorFraction, { min: 0, max: 1 });
  const numBins = record.numBins === undefined ? 3 : checkNumber(fn, `${path}numBins`, record.numBins, { min: 1, integer: true });
  return { floorThr, floorFraction, numBins };
}

/**
 * Checks `options` and fills in the defaults (`negPosUb` -1, `addGtAsProposals` true,
 * `floorThr` -1, `floorFraction` 0, `numBins` 3).
 * @throws {LabelAssignError} as {@link resolveRandomSamplerOptions}, and on `floorThr` neither
 *   -1 nor in [0, 1) (mmdetection asserts `floor_thr >= 0 or floor_thr == -1`), `floorFraction`
 *   outside [0, 1] or `numBins` not an integer >= 1.
 * @example
 * resolveIoUBalancedSamplerOptions({ num: 512, posFraction: 0.25, seed: 1 }).numBins; // 3
 */
export function resolveIoUBalancedSamplerOptions(options: IoUBalancedSamplerOptions): ResolvedIoUBalancedSamplerOptions {
  const record = checkObject(FN, 'options', options);
  checkKnownKeys(FN, 'options', record, [...BASE_SAMPLER_KEYS, ...RANDOM_SOURCE_KEYS, ...IOU_BALANCED_NEG_KEYS]);
  return Object.freeze({
    ...resolveBaseSamplerOptions(FN, record),
    ...resolveRandomSource(FN, record),
    ...resolveIoUBalancedNegOptions(FN, record),
  });
}

/**
 * Samples positives uniformly and negatives balanced over IoU (Libra R-CNN's IoU-balanced
 * sampling; Pang et al. 2019).
 *
 * Positives: as {@link sampleRandom}, `min(P, floor(num * posFraction))` uniformly.
 * Negatives: `E = num - numPos` (capped at `floor(negPosUb * max(1, numPos))` when
 * `negPosUb >= 0`); when there are at most `E` negatives all are taken; otherwise exactly `E`:
 * 1. Sets, with `ov` the prior's float32 `maxOverlap` and `t = fround(floorThr)`:
 *    floor set `F` = negatives with `0 <= ov < t` (`floorThr > 0`), `ov == 0` (`floorThr == 0`)
 *    or none (`floorThr == -1`); IoU set `S` = negatives with `ov >= t` (`floorThr > 0`) or
 *    `ov > t` (`floorThr` 0 or -1). Negatives in neither set are reached only by step 5.
 * 2. `Eiou = floor(E * (1 - floorFraction))`. When `|S| <= Eiou`, all of `S` is taken.
 * 3. Otherwise, with `numBins = 1`, `Eiou` uniformly from `S`; with `numBins >= 2`, bins
 *    between `b = max(floorThr, 0)` and `m` = the largest overlap of the whole sample space
 *    (positives and added ground truths, which count 1, included): bin `k` holds the
 *    `ov` with `fround(b + k * w) <= ov < fround(b + (k + 1) * w)`, `w = (m - b) / numBins`;
 *    each bin gives `q = floor(Eiou / numBins)` uniformly, or all of it when it has fewer; the
 *    shortfall up to `Eiou` comes uniformly from the rest of `S` (values equal to `m` fall in
 *    no bin and are reached only here).
 * 4. `Efloor = E - taken from S`: `min(|F|, Efloor)` uniformly from `F`.
 * 5. The shortfall up to `E` comes uniformly from the negatives not yet taken.
 *
 * Reference surprises kept out: with `floor_thr = -1` mmdetection sets `self.floor_thr = 0` on
 * the first call that balances, so its later calls behave as `floorThr = 0`; this function
 * always behaves as the first call. Bin edges are rounded to float32 before comparing, as
 * numpy 1.x compares a float32 array with a float scalar.
 *
 * Draw order from the generator: positives; then bins in order, the bin shortfall, the floor
 * set, the final shortfall. Same seed and assignment give the same sample anywhere.
 * @param assign an assignment (`label`, `gtIndex`, `numGts`, `maxOverlap` are read), never modified.
 * @returns a frozen {@link SampleResult}.
 * @throws {LabelAssignError} as {@link resolveIoUBalancedSamplerOptions}, or on a malformed
 *   assignment (labels outside {1, 0, -1}, bad `gtIndex`, `maxOverlap` length or NaN).
 * @example
 * const sample = sampleIoUBalancedNegatives(assign, { num: 512, posFraction: 0.25, floorThr: -1, floorFraction: 0, numBins: 3, seed: 0 });
 */
export function sampleIoUBalancedNegatives(assign: AssignResult, options: IoUBalancedSamplerOptions): SampleResult {
  const resolved = resolveIoUBalancedSamplerOptions(options);
  checkSamplerAssign(FN, assign, true);
  const space = buildSampleSpace(assign, resolved.addGtAsProposals);
  return runCountSampler(space, resolved, startGenerator(resolved), pickRandomPositives, iouBalancedNegativePicker(resolved));
}

/** A picker drawing `k` negatives IoU-balanced (steps 1-5 of {@link sampleIoUBalancedNegatives}). @internal */
export function iouBalancedNegativePicker(params: ResolvedIoUBalancedNegOptions): Picker {
  return (space, k, rng) => pickIoUBalancedNegatives(space, k, rng, params);
}

const NEITHER = -3;
const FLOOR = -2;

/**
 * Draws `want` negatives of `space` as {@link sampleIoUBalancedNegatives} describes. Works on
 * positions into `space.negatives`; memory linear in the negatives.
 * @internal
 */
export function pickIoUBalancedNegatives(space: SampleSpace, want: number, rng: RandomGenerator, params: ResolvedIoUBalancedNegOptions): Int32Array {
  const negatives = space.negatives;
  const n = negatives.length;
  if (n <= want) return negatives.slice();
  const { floorThr, floorFraction } = params;
  const t = fround(floorThr);
  const overlap = space.assign.maxOverlap;
  const g = space.numGtsAdded;

  // 1. Floor set and IoU set, as a class per negative position (IoU set: class >= -1).
  const cls = new Int32Array(n);
  let numFloor = 0;
  let numIou = 0;
  for (let p = 0; p < n; p++) {
    const ov = overlap[negatives[p] - g];
    let c = NEITHER;
    if (floorThr > 0) c = ov >= 0 && ov < t ? FLOOR : ov >= t ? -1 : NEITHER;
    else if (floorThr === 0) c = ov === 0 ? FLOOR : ov > t ? -1 : NEITHER;
    else c = ov > t ? -1 : NEITHER;
    cls[p] = c;
    if (c === FLOOR) numFloor++;
    else if (c === -1) numIou++;
  }

  const taken = new Uint8Array(n);
  let numTaken = 0;
  const wantIou = Math.floor(want * (1 - floorFraction));
  // With more than wantIou bins every bin's quota is 0 and the whole draw comes from the
  // shortfall step, whatever the bins: so at most max(2, wantIou + 1) of them are ever needed.
  // Capping the bins there draws exactly the sample numBins bins would, with memory and time
  // linear in the negatives however large numBins is.
  const numBins = params.numBins < 2 ? params.numBins : Math.max(2, Math.min(params.numBins, wantIou + 1));

  if (numIou <= wantIou) {
    // 2. All of S.
    for (let p = 0; p < n; p++) if (cls[p] === -1) taken[p] = 1;
    numTaken = numIou;
  } else if (numBins >= 2) {
    // 3. Bins over [b, m): edges in float32, each bin's quota, then the shortfall from S.
    const base = floorThr === -1 ? 0 : floorThr;
    let m = -Infinity;
    for (let i = 0; i < space.size; i++) {
      const v = spaceOverlap(space, i);
      if (v > m) m = v;
    }
    const width = (m - base) / numBins;
    const edges = new Float64Array(numBins + 1);
    for (let k = 0; k <= numBins; k++) edges[k] = fround(base + k * width);
    // Counting sort of S by bin (bin numBins = in no bin).
    const binCount = new Int32Array(numBins + 2);
    for (let p = 0; p < n; p++) {
      if (cls[p] !== -1) continue;
      const ov = overlap[negatives[p] - g];
      let bin = numBins;
      for (let k = 0; k < numBins; k++) {
        if (ov >= edges[k] && ov < edges[k + 1]) {
          bin = k;
          break;
        }
      }
      cls[p] = bin;
      binCount[bin + 1]++;
    }
    for (let k = 1; k < binCount.length; k++) binCount[k] += binCount[k - 1]; // binCount[k] = start of bin k
    const grouped = new Int32Array(numIou);
    const fill = binCount.slice();
    for (let p = 0; p < n; p++) if (cls[p] >= 0) grouped[fill[cls[p]]++] = p;
    const quota = Math.floor(wantIou / numBins);
    for (let k = 0; k < numBins; k++) {
      const start = binCount[k];
      const length = binCount[k + 1] - start;
      const take = Math.min(length, quota);
      if (length > quota) shuffleFront(rng, grouped, start, length, take);
      for (let j = 0; j < take; j++) taken[grouped[start + j]] = 1;
      numTaken += take;
    }
    if (numTaken < wantIou) numTaken += takeFromRest(rng, taken, cls, 0, numBins, wantIou - numTaken);
  } else {
    // 3'. One bin: uniform over S.
    numTaken += takeFromRest(rng, taken, cls, -1, -1, wantIou);
  }

  // 4. The floor set fills its share.
  const wantFloor = want - numTaken;
  if (numFloor > wantFloor) numTaken += takeFromRest(rng, taken, cls, FLOOR, FLOOR, wantFloor);
  else {
    for (let p = 0; p < n; p++) if (cls[p] === FLOOR) taken[p] = 1;
    numTaken += numFloor;
  }

  // 5. The shortfall from every negative not yet taken.
  if (numTaken < want) numTaken += takeFromRest(rng, taken, cls, NEITHER, numBins, want - numTaken);

  const out = new Int32Array(numTaken);
  for (let p = 0, j = 0; p < n; p++) if (taken[p]) out[j++] = negatives[p];
  return out;
}

/**
 * Marks `min(k, available)` uniformly chosen untaken positions whose class is in `[lo, hi]`;
 * returns how many were marked.
 */
function takeFromRest(rng: RandomGenerator, taken: Uint8Array, cls: Int32Array, lo: number, hi: number, k: number): number {
  const n = taken.length;
  let count = 0;
  for (let p = 0; p < n; p++) if (!taken[p] && cls[p] >= lo && cls[p] <= hi) count++;
  const pool = new Int32Array(count);
  for (let p = 0, j = 0; p < n; p++) if (!taken[p] && cls[p] >= lo && cls[p] <= hi) pool[j++] = p;
  const take = Math.min(k, count);
  if (count > take) shuffleFront(rng, pool, 0, count, take);
  for (let j = 0; j < take; j++) taken[pool[j]] = 1;
  return take;
}
