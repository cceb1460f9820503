/**
 * Distribution focal loss (DFL) and the pieces around it, from Li et al., "Generalized Focal
 * Loss: Learning Qualified and Distributed Bounding Boxes for Dense Object Detection" (NeurIPS
 * 2020) and "Generalized Focal Loss V2: Learning Reliable Localization Quality Estimation for
 * Dense Object Detection" (CVPR 2021).
 *
 * GFL predicts each box side's distance (in stride units) as a discrete distribution over the
 * bins 0, 1, ..., regMax. DFL pushes the probability mass onto the two bins around the
 * continuous target; the distance is decoded as the distribution's expectation (the "integral");
 * GFLv2 feeds the top-k probabilities of each distribution (and their mean) to its quality branch.
 *
 * Matches mmdetection 3.x `DistributionFocalLoss`, the `Integral` module of `GFLHead`, the
 * `bbox2distance` clamp of GFL's targets, and GFLv2's distribution statistics.
 */
import { invalidArgument } from '../errors.js';
import { checkObject, checkKnownKeys } from '../validate.js';
import {
  checkLength,
  checkLossOptions,
  coefficient,
  makeReducer,
  readBooleanOption,
  readFloat32,
  readNumberOption,
  readWeight,
  finishLoss,
  resolveReduction,
  type LossInput,
  type LossResult,
  type LossValue,
  type ReductionOptions,
} from './common.js';

const fround = Math.fround;

/** Default `reg_max` of GFL. */
export const DEFAULT_REG_MAX = 16;

/** Options of {@link distributionFocalLoss}. */
export interface DistributionFocalLossOptions extends ReductionOptions {
  /** The largest bin: each distribution has `regMax + 1` bins. An integer in [1, 2^24], default 16. */
  readonly regMax?: number;
}

/**
 * Largest `regMax`: bins are indexed by float32 integers (a target's left bin is
 * `floor(target)`), exact up to 2^24. A bound on every loop over bins and every scratch buffer
 * of one distribution.
 */
const MAX_REG_MAX = 2 ** 24;

function readRegMax(fn: string, record: Record<string, unknown>): number {
  return readNumberOption(fn, record, 'regMax', DEFAULT_REG_MAX, { min: 1, integer: true, limit: { max: MAX_REG_MAX, why: 'bins are float32 integers, exact up to 2^24' } });
}

/** Softmax of `bins` logits starting at `offset` into `out[0..bins)` (float64), returns log-sum-exp. */
function softmaxInto(x: Float32Array, offset: number, bins: number, out: Float64Array): number {
  let max = -Infinity;
  for (let k = 0; k < bins; k++) if (x[offset + k] > max) max = x[offset + k];
  let sum = 0;
  for (let k = 0; k < bins; k++) {
    const e = Math.exp(x[offset + k] - max);
    out[k] = e;
    sum += e;
  }
  for (let k = 0; k < bins; k++) out[k] /= sum;
  return max + Math.log(sum);
}

/**
 * Distribution focal loss and its gradient.
 *
 * For a target distance y in [0, regMax) (in bins), with left bin `l = floor(y)` and right bin
 * `r = l + 1`, and S = softmax(pred row):
 *   `DFL = -((r - y) log S_l + (y - l) log S_r)`,
 * the cross entropy towards the two bins around y, weighted by the distance to the other bin.
 * It is smallest (equal to the entropy of the split) when `S_l = r - y`, `S_r = y - l`.
 *
 * Steps: 1. one loss per distribution, `[n]`; 2. `weight` `[n]`; 3. reduction over n (GFL uses
 * `avgFactor` = 4 x the number of positives); 4. `* lossWeight` (GFL: 0.25).
 *
 * @param pred `[n * (regMax + 1)]` logits, one distribution per row.
 * @param target `[n]` distances in bins, each in [0, regMax) (make them with {@link dflTargets}).
 * @returns `loss` (a number, or `[n]` with `reduction: 'none'`) and `gradPred` like `pred`.
 * @throws {LabelAssignError} on an unknown option, `regMax` not a positive integer, a pred
 *   length not a multiple of regMax + 1, a target count other than n, non-finite values, a
 *   target < 0 or >= regMax (regMax too small for it), `avgFactor` with `reduction: 'sum'`.
 * @example
 * distributionFocalLoss(new Float32Array(17), [3.4], { regMax: 16 }).loss; // log(17) ≈ 2.833
 */
export function distributionFocalLoss<O extends DistributionFocalLossOptions = Record<never, never>>(
  pred: LossInput,
  target: LossInput,
  options: O = {} as O,
): LossResult<LossValue<O>> {
  const fn = 'distributionFocalLoss';
  const record = checkLossOptions(fn, options, ['regMax']);
  const regMax = readRegMax(fn, record);
  const reduction = resolveReduction(fn, record);
  const bins = regMax + 1;
  const p = readFloat32(fn, 'pred', pred, bins);
  const n = p.length / bins;
  const t = readFloat32(fn, 'target', target);
  checkLength(fn, 'target', t.length, n, 'one distance per row of pred');
  for (let i = 0; i < n; i++) {
    if (!(t[i] >= 0 && t[i] < regMax)) {
      throw invalidArgument(
        fn,
        `target[${i}]`,
        `in [0, regMax) = [0, ${regMax}) so that both bins around it exist (raise regMax, or clamp with dflTargets)`,
        t[i],
      );
    }
  }
  const weight = readWeight(fn, record.weight, n);
  const red = makeReducer(reduction, n, weight);
  const elem = new Float32Array(n);
  const grad = new Float32Array(p.length);
  const prob = new Float64Array(n > 0 ? bins : 0);
  for (let i = 0; i < n; i++) {
    const offset = i * bins;
    const y = t[i];
    const left = Math.floor(y);
    const right = left + 1;
    const wLeft = fround(right - y);
    const wRight = fround(y - left);
    const lse = softmaxInto(p, offset, bins, prob);
    const ceLeft = fround(lse - p[offset + left]);
    const ceRight = fround(lse - p[offset + right]);
    elem[i] = fround(fround(ceLeft * wLeft) + fround(ceRight * wRight));
    const c = coefficient(red, i);
    const total = wLeft + wRight;
    for (let k = 0; k < bins; k++) grad[offset + k] = c * total * prob[k];
    grad[offset + left] -= c * wLeft;
    grad[offset + right] -= c * wRight;
  }
  return finishLoss(fn, red, elem, grad) as LossResult<LossValue<O>>;
}

/** Options of {@link dflTargets}. */
export interface DflTargetOptions {
  /** The largest bin; an integer in [1, 2^24], default 16. */
  readonly regMax?: number;
  /** Distances are clamped to `[0, regMax - eps]`; in (0, regMax). Default 0.1 (the reference's). */
  readonly eps?: number;
}

/** DFL targets of distances: the clamped distances and the two bins around each. */
export interface DflTargets {
  /** `[m]` distances clamped to `[0, regMax - eps]` (float32). */
  readonly targets: Float32Array;
  /** `[m]` left bin `floor(target)`; the right bin is `left + 1`. */
  readonly left: Int32Array;
  /** `[m]` weight of the left bin, `left + 1 - target`. */
  readonly weightLeft: Float32Array;
  /** `[m]` weight of the right bin, `target - left`. */
  readonly weightRight: Float32Array;
}

/**
 * Builds DFL targets from box-side distances given in bins (pixels divided by the level's
 * stride, as GFL does): each distance is clamped to `[0, regMax - eps]` (mmdetection's
 * `bbox2distance(points, boxes, reg_max)`, eps 0.1), then split between its two bins.
 *
 * @param distances `[m]` distances in bins (e.g. `[n * 4]` left, top, right, bottom per point,
 *   from `encodeDistancePoint` divided by the stride).
 * @throws {LabelAssignError} on an unknown option, `regMax` not an integer in [1, 2^24], `eps`
 *   outside (0, regMax) or too small for `regMax - eps` to stay below regMax in float32, or a
 *   non-finite distance.
 * @example
 * dflTargets([3.25, 20, -1], { regMax: 16 });
 * // targets [3.25, 15.9, 0], left [3, 15, 0], weightLeft [0.75, 0.1, 1], weightRight [0.25, 0.9, 0]
 */
export function dflTargets(distances: LossInput, options: DflTargetOptions = {}): DflTargets {
  const fn = 'dflTargets';
  const record = checkObject(fn, 'options', options);
  checkKnownKeys(fn, 'options', record, ['regMax', 'eps']);
  const regMax = readRegMax(fn, record);
  const eps = readNumberOption(fn, record, 'eps', 0.1, { min: 0, exclusiveMin: true });
  if (eps >= regMax) throw invalidArgument(fn, 'options.eps', `smaller than regMax (${regMax})`, eps);
  // The clamp's upper end regMax - eps is float32: it must stay below regMax, or a target could
  // reach bin regMax, whose right neighbour does not exist.
  if (!(fround(regMax - eps) < regMax)) {
    throw invalidArgument(fn, 'options.eps', `large enough that regMax - eps stays below regMax (${regMax}) in float32`, eps);
  }
  const d = readFloat32(fn, 'distances', distances);
  const upper = fround(regMax - eps);
  const m = d.length;
  const targets = new Float32Array(m);
  const left = new Int32Array(m);
  const weightLeft = new Float32Array(m);
  const weightRight = new Float32Array(m);
  for (let i = 0; i < m; i++) {
    const v = d[i] < 0 ? 0 : d[i] > upper ? upper : d[i];
    const l = Math.floor(v);
    targets[i] = v;
    left[i] = l;
    weightLeft[i] = fround(l + 1 - v);
    weightRight[i] = fround(v - l);
  }
  return { targets, left, weightLeft, weightRight };
}

/** Options of {@link decodeDistribution}. */
export interface DecodeDistributionOptions {
  /** The largest bin; an integer in [1, 2^24], default 16. */
  readonly regMax?: number;
}

/**
 * Decodes distributions by their expectation, `sum_k k * softmax(logits)_k` (GFL's `Integral`):
 * the predicted distance in bins (multiply by the stride for pixels).
 *
 * @param logits `[m * (regMax + 1)]`, one distribution per row (e.g. 4 per box).
 * @returns `[m]` expected distances in [0, regMax].
 * @throws {LabelAssignError} on an unknown option, a bad `regMax`, a length not a multiple of
 *   regMax + 1, or non-finite logits.
 * @example
 * decodeDistribution([0, 0, 0], { regMax: 2 }); // Float32Array [1]
 */
export function decodeDistribution(logits: LossInput, options: DecodeDistributionOptions = {}): Float32Array {
  const fn = 'decodeDistribution';
  const record = checkObject(fn, 'options', options);
  checkKnownKeys(fn, 'options', record, ['regMax']);
  const regMax = readRegMax(fn, record);
  const bins = regMax + 1;
  const x = readFloat32(fn, 'logits', logits, bins);
  const m = x.length / bins;
  const out = new Float32Array(m);
  const prob = new Float64Array(m > 0 ? bins : 0);
  for (let i = 0; i < m; i++) {
    softmaxInto(x, i * bins, bins, prob);
    let e = 0;
    for (let k = 1; k < bins; k++) e += k * fround(prob[k]);
    out[i] = e;
  }
  return out;
}

/** Options of {@link distributionStatistics}. */
export interface DistributionStatisticsOptions {
  /** The largest bin; an integer in [1, 2^24], default 16. */
  readonly regMax?: number;
  /** How many of the largest probabilities to keep; an integer in [1, regMax + 1]. Default 4 (GFLv2's `reg_topk`); required when regMax < 3. */
  readonly topK?: number;
  /** Append the mean of the kept probabilities. Default true (GFLv2's `add_mean`). */
  readonly addMean?: boolean;
}

/**
 * GFLv2's distribution statistics: per distribution, its `topK` largest softmax probabilities in
 * decreasing order, then (with `addMean`) their mean. Sharp distributions (a confident box side)
 * give a large top-1; GFLv2's quality branch reads these to predict localisation quality.
 *
 * @param logits `[m * (regMax + 1)]`, one distribution per row (4 per box: left, top, right, bottom).
 * @returns `[m * (topK + 1)]` (or `[m * topK]` without `addMean`), row by row, the layout of
 *   GFLv2's `stat` reshaped to `[n, 4 * (topK + 1)]` when rows are box sides.
 * @throws {LabelAssignError} on an unknown option, a bad `regMax` or `topK` (or no `topK` with
 *   regMax < 3), a length not a multiple of regMax + 1, or non-finite logits.
 * @example
 * distributionStatistics([0, 0, Math.log(2)], { regMax: 2, topK: 2 }); // [0.5, 0.25, 0.375]
 */
export function distributionStatistics(logits: LossInput, options: DistributionStatisticsOptions = {}): Float32Array {
  const fn = 'distributionStatistics';
  const record = checkObject(fn, 'options', options);
  checkKnownKeys(fn, 'options', record, ['regMax', 'topK', 'addMean']);
  const regMax = readRegMax(fn, record);
  const bins = regMax + 1;
  if (record.topK === undefined && bins < 4) {
    throw invalidArgument(fn, 'options.topK', `given when regMax < 3 (the default 4 exceeds the regMax + 1 = ${bins} bins)`);
  }
  const topK = readNumberOption(fn, record, 'topK', 4, { min: 1, max: bins, integer: true });
  const addMean = readBooleanOption(fn, record, 'addMean', true);
  const x = readFloat32(fn, 'logits', logits, bins);
  const m = x.length / bins;
  const width = topK + (addMean ? 1 : 0);
  const out = new Float32Array(m * width);
  const prob = new Float64Array(m > 0 ? bins : 0);
  for (let i = 0; i < m; i++) {
    softmaxInto(x, i * bins, bins, prob);
    for (let k = 0; k < bins; k++) prob[k] = fround(prob[k]);
    // Partial selection sort: the topK largest to the front, in decreasing order.
    let sum = 0;
    for (let a = 0; a < topK; a++) {
      let best = a;
      for (let b = a + 1; b < bins; b++) if (prob[b] > prob[best]) best = b;
      const v = prob[best];
      prob[best] = prob[a];
      prob[a] = v;
      out[i * width + a] = v;
      sum += v;
    }
    if (addMean) out[i * width + topK] = fround(fround(sum) / topK);
  }
  return out;
}
