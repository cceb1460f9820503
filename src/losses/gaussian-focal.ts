/**
 * Gaussian focal loss, the heatmap loss of CornerNet (Law, Deng, "CornerNet: Detecting Objects
 * as Paired Keypoints", ECCV 2018) and CenterNet (Zhou, Wang, Krähenbühl, "Objects as Points",
 * 2019): a focal loss on a heatmap whose targets are 1 at object centers and a Gaussian bump
 * around them, the negatives near a center being down-weighted by `(1 - target)^gamma`.
 *
 * Matches mmdetection 3.x `GaussianFocalLoss` (`gaussian_focal_loss`, and
 * `gaussian_focal_loss_with_pos_inds` when positives are given by index).
 */
import { invalidArgument } from '../errors.js';
import {
  checkLength,
  checkLossOptions,
  lengthError,
  checkUnitInterval,
  coefficient,
  FLOAT32_EPS,
  makeReducer,
  powGrad,
  readFloat32,
  readLabels,
  readNumClasses,
  readNumberOption,
  readWeight,
  checkLossResult,
  finishLoss,
  resolveReduction,
  type LossInput,
  type LossResult,
  type LossValue,
  type ReductionOptions,
} from './common.js';

const fround = Math.fround;
/** The reference's eps inside the logs. */
const LOG_EPS = Math.fround(1e-12);

/** Options of {@link gaussianFocalLoss}. */
export interface GaussianFocalLossOptions extends ReductionOptions {
  /** Exponent of the prediction's modulating factor, >= 0. Default 2. */
  readonly alpha?: number;
  /** Exponent of the negatives' `(1 - target)` down-weighting, >= 0. Default 4. */
  readonly gamma?: number;
  /** Weight of the positive term. Default 1. */
  readonly posWeight?: number;
  /** Weight of the negative term. Default 1. */
  readonly negWeight?: number;
  /**
   * Positives by index (CenterNet-update style): `[M]` rows of `pred` (with `numClasses`
   * columns), with `posLabels` `[M]` their classes. Without them, positives are the elements
   * whose target is exactly 1.
   */
  readonly posInds?: LossInput;
  /** `[M]` class of each of `posInds`, in [0, numClasses). */
  readonly posLabels?: LossInput;
  /** Columns of `pred`, required with `posInds`. */
  readonly numClasses?: number;
}

const KEYS = ['alpha', 'gamma', 'posWeight', 'negWeight', 'posInds', 'posLabels', 'numClasses'] as const;

/**
 * Gaussian focal loss and its gradient.
 *
 * Per element, with prediction p in [0, 1], target y in [0, 1], eps = 1e-12:
 *   `pos = -ln(p + eps) (1 - p)^alpha [y = 1]`,
 *   `neg = -ln(1 - p + eps) p^alpha (1 - y)^gamma`,
 *   `loss = posWeight pos + negWeight neg`.
 * With `posInds`, the positives are the M elements `pred[posInds[m], posLabels[m]]` instead, and
 * the positive and negative terms are reduced separately (the mean of the positives over M, of
 * the negatives over all elements; with `avgFactor` both over it), then combined.
 *
 * Steps: 1. elements `[m]`; 2. `weight` `[m]` (not with `posInds`; the reference ignores it
 * there); 3. reduction (mean of nothing is NaN; CenterNet passes the number of objects as
 * `avgFactor`); 4. `* lossWeight`.
 *
 * @param pred `[m]` heatmap probabilities in [0, 1] (any layout; `[N * numClasses]` with `posInds`).
 * @param target `[m]` Gaussian targets in [0, 1].
 * @returns `loss` (a number, or `[m]` with `reduction: 'none'`) and `gradPred` `[m]`.
 * @throws {LabelAssignError} on an unknown option, negative alpha or gamma, non-finite values,
 *   predictions or targets outside [0, 1], mismatched lengths, `posInds` without `posLabels` or
 *   `numClasses`, indices out of range, `weight` or `reduction: 'none'` with `posInds`,
 *   `avgFactor` with `'sum'`.
 * @example
 * gaussianFocalLoss([0.9, 0.1], [1, 0.5], { reduction: 'sum' }).loss;
 */
export function gaussianFocalLoss<O extends GaussianFocalLossOptions = Record<never, never>>(pred: LossInput, target: LossInput, options: O = {} as O): LossResult<LossValue<O>> {
  const fn = 'gaussianFocalLoss';
  const record = checkLossOptions(fn, options, KEYS);
  const alpha = readNumberOption(fn, record, 'alpha', 2, { min: 0 });
  const gamma = readNumberOption(fn, record, 'gamma', 4, { min: 0 });
  const posWeight = fround(readNumberOption(fn, record, 'posWeight', 1));
  const negWeight = fround(readNumberOption(fn, record, 'negWeight', 1));
  const reduction = resolveReduction(fn, record);
  const p = readFloat32(fn, 'pred', pred);
  checkUnitInterval(fn, 'pred', p);
  const t = readFloat32(fn, 'target', target);
  checkLength(fn, 'target', t.length, p.length, 'one target per pred');
  checkUnitInterval(fn, 'target', t);
  if (record.posInds !== undefined || record.posLabels !== undefined) {
    return withPosInds(fn, p, t, record, alpha, gamma, posWeight, negWeight, reduction) as LossResult<LossValue<O>>;
  }
  const weight = readWeight(fn, record.weight, p.length);
  const red = makeReducer(reduction, p.length, weight);
  const elem = new Float32Array(p.length);
  const grad = new Float32Array(p.length);
  for (let j = 0; j < p.length; j++) {
    const x = p[j];
    const y = t[j];
    const neg = Math.pow(1 - y, gamma);
    let value = negWeight * negativeValue(x, alpha) * neg;
    let d = negWeight * negativeGrad(x, alpha) * neg;
    if (y === 1) {
      value += posWeight * positiveValue(x, alpha);
      d += posWeight * positiveGrad(x, alpha);
    }
    elem[j] = fround(value);
    grad[j] = coefficient(red, j) * d;
  }
  return finishLoss(fn, red, elem, grad) as LossResult<LossValue<O>>;
}

/** `-ln(p + eps) (1 - p)^alpha`. */
function positiveValue(p: number, alpha: number): number {
  return -Math.log(fround(p + LOG_EPS)) * Math.pow(1 - p, alpha);
}

/** `d/dp` of {@link positiveValue}. */
function positiveGrad(p: number, alpha: number): number {
  const pe = fround(p + LOG_EPS);
  return -Math.pow(1 - p, alpha) / pe + Math.log(pe) * powGrad(1 - p, alpha);
}

/** `-ln(1 - p + eps) p^alpha`. */
function negativeValue(p: number, alpha: number): number {
  return -Math.log(fround(fround(1 - p) + LOG_EPS)) * Math.pow(p, alpha);
}

/** `d/dp` of {@link negativeValue}. */
function negativeGrad(p: number, alpha: number): number {
  const qe = fround(fround(1 - p) + LOG_EPS);
  return Math.pow(p, alpha) / qe - Math.log(qe) * powGrad(p, alpha);
}

function withPosInds(
  fn: string,
  p: Float32Array,
  t: Float32Array,
  record: Record<string, unknown>,
  alpha: number,
  gamma: number,
  posWeight: number,
  negWeight: number,
  reduction: ReturnType<typeof resolveReduction>,
): LossResult {
  if (record.posInds === undefined || record.posLabels === undefined) {
    throw invalidArgument(fn, record.posInds === undefined ? 'options.posInds' : 'options.posLabels', 'given together with the other');
  }
  const numClasses = readNumClasses(fn, record);
  if (p.length % numClasses !== 0) throw lengthError(fn, 'pred', `a multiple of numClasses (${numClasses}) values`, p.length);
  if (record.weight !== undefined && record.weight !== null) throw invalidArgument(fn, 'options.weight', 'absent with posInds (the reference ignores it)');
  if (reduction.reduction === 'none') throw invalidArgument(fn, 'options.reduction', "'mean' or 'sum' with posInds", 'none');
  const rows = p.length / numClasses;
  const inds = readLabels(fn, 'options.posInds', record.posInds);
  const labels = readLabels(fn, 'options.posLabels', record.posLabels);
  checkLength(fn, 'options.posLabels', labels.length, inds.length, 'one class per index of posInds');
  for (let m = 0; m < inds.length; m++) {
    if (inds[m] < 0 || inds[m] >= rows) throw invalidArgument(fn, `options.posInds[${m}]`, `a row of pred in [0, ${rows})`, inds[m]);
    if (labels[m] < 0 || labels[m] >= numClasses) throw invalidArgument(fn, `options.posLabels[${m}]`, `a class in [0, ${numClasses})`, labels[m]);
  }
  const lw = reduction.lossWeight;
  const mean = reduction.reduction === 'mean';
  const avg = reduction.avgFactor === null ? null : fround(reduction.avgFactor + FLOAT32_EPS);
  const posDivisor = mean ? (avg ?? inds.length) : 1;
  const negDivisor = mean ? (avg ?? p.length) : 1;
  const grad = new Float32Array(p.length);
  let posSum = 0;
  const posScale = (lw * posWeight) / posDivisor;
  for (let m = 0; m < inds.length; m++) {
    const j = inds[m] * numClasses + labels[m];
    posSum += fround(positiveValue(p[j], alpha));
    grad[j] += posScale * positiveGrad(p[j], alpha);
  }
  let negSum = 0;
  const negScale = (lw * negWeight) / negDivisor;
  for (let j = 0; j < p.length; j++) {
    const neg = Math.pow(1 - t[j], gamma);
    negSum += fround(negativeValue(p[j], alpha) * neg);
    grad[j] += negScale * negativeGrad(p[j], alpha) * neg;
  }
  const posLoss = mean ? fround(fround(posSum) / posDivisor) : fround(posSum);
  const negLoss = mean ? fround(fround(negSum) / negDivisor) : fround(negSum);
  const total = fround(fround(posWeight * posLoss) + fround(negWeight * negLoss));
  // A mean over no positives (or no elements) is 0 / 0, NaN as the reference's; anything else is checked finite.
  return checkLossResult(fn, { loss: lw === 1 ? total : fround(lw * total), gradPred: grad }, mean && (posDivisor === 0 || negDivisor === 0));
}
