/**
 * Quality focal loss (QFL), from Li et al., "Generalized Focal Loss: Learning Qualified and
 * Distributed Bounding Boxes for Dense Object Detection" (NeurIPS 2020; GFLv2, CVPR 2021, keeps
 * it). The classification score is trained towards a soft target, the localisation quality
 * (IoU) of the sample's box, with focal modulation `|y - sigma|^beta`.
 *
 * Matches mmdetection 3.x `QualityFocalLoss` (`quality_focal_loss`, `..._with_prob` for
 * `activated=True`, and `quality_focal_loss_tensor_target` for a dense target).
 */
import { invalidArgument } from '../errors.js';
import {
  bceOfProbability,
  bceOfProbabilityGrad,
  bceWithLogits,
  checkLength,
  checkLossOptions,
  checkUnitInterval,
  coefficient,
  makeReducer,
  powGrad,
  readBooleanOption,
  readFloat32,
  readLabels,
  readNumClasses,
  readNumberOption,
  readTargetRecord,
  readWeight,
  finishLoss,
  resolveReduction,
  sigmoid,
  sign,
  type LossInput,
  type LossResult,
  type LossValue,
  type ReductionOptions,
} from './common.js';
import { readClassPred, readDenseTarget } from './focal.js';

const fround = Math.fround;

/**
 * QFL targets: `labels` `[n]` (class ids; ids outside [0, C) are background) with `scores` `[n]`
 * (the quality of each sample's box, in [0, 1]), or `dense` `[n * C]` soft targets in [0, 1]
 * (entries != 0 are positive).
 */
export type QualityTarget = { readonly labels: LossInput; readonly scores: LossInput } | { readonly dense: LossInput };

/** Options of {@link qualityFocalLoss}. */
export interface QualityFocalLossOptions extends ReductionOptions {
  /** Number of classes C (columns of `pred`); a positive integer. */
  readonly numClasses: number;
  /** Modulation exponent, >= 0. Default 2. */
  readonly beta?: number;
  /** `pred` holds probabilities in [0, 1] instead of logits. Default false. */
  readonly activated?: boolean;
}

const KEYS = ['numClasses', 'beta', 'activated'] as const;

/**
 * Quality focal loss and its gradient.
 *
 * With p = sigmoid(x) (x itself when `activated`), per element (sample i, class c):
 * - positive (c is the sample's label, or a dense target y != 0): `BCE(x, y) * |y - p|^beta`;
 * - otherwise: `BCE(x, 0) * p^beta`.
 * The loss of a sample is the sum over its C classes, `[n]` elements. BCE is the binary cross
 * entropy with logits (finite for any logit) or of probabilities (as `focalLoss`). As in the
 * reference, the modulating factor is differentiated too (it is not detached).
 *
 * Steps: 1. per-sample losses `[n]`; 2. `weight` `[n]`; 3. reduction over n; 4. `* lossWeight`.
 *
 * @param pred `[n * C]` logits (or probabilities with `activated`).
 * @param target `{ labels: [n], scores: [n] }` or `{ dense: [n * C] }`.
 * @returns `loss` (a number, or `[n]` with `reduction: 'none'`) and `gradPred` `[n * C]`.
 * @throws {LabelAssignError} on an unknown option, a bad `numClasses` or `beta`, non-finite
 *   values, probabilities, scores or dense targets outside [0, 1], non-integer labels,
 *   mismatched lengths, `avgFactor` with `reduction: 'sum'`.
 * @example
 * qualityFocalLoss([0.5, -2, 1, 0], { labels: [0, 2], scores: [0.8, 0] }, { numClasses: 2 }).loss;
 */
export function qualityFocalLoss<O extends QualityFocalLossOptions>(pred: LossInput, target: QualityTarget, options: O): LossResult<LossValue<O>> {
  const fn = 'qualityFocalLoss';
  const record = checkLossOptions(fn, options, KEYS);
  const numClasses = readNumClasses(fn, record);
  const beta = readNumberOption(fn, record, 'beta', 2, { min: 0 });
  const activated = readBooleanOption(fn, record, 'activated', false);
  const reduction = resolveReduction(fn, record);
  const p = readClassPred(fn, pred, numClasses, activated);
  const n = p.length / numClasses;
  const t = readTargetRecord(fn, target, '{ labels: [n], scores: [n] } or { dense: [n * numClasses] }');
  let labels: Int32Array | null = null;
  let scores: Float32Array | null = null;
  let dense: Float32Array | null = null;
  if (t.dense !== undefined) {
    if (t.labels !== undefined || t.scores !== undefined) throw invalidArgument(fn, 'target', 'either { labels, scores } or { dense }', target);
    dense = readDenseTarget(fn, t.dense, numClasses, p.length);
  } else {
    if (t.labels === undefined || t.scores === undefined) throw invalidArgument(fn, 'target', '{ labels: [n], scores: [n] } or { dense: [n * numClasses] }', target);
    labels = readLabels(fn, 'target.labels', t.labels);
    checkLength(fn, 'target.labels', labels.length, n, 'one class id per row of pred');
    scores = readFloat32(fn, 'target.scores', t.scores);
    checkLength(fn, 'target.scores', scores.length, n, 'one score per row of pred');
    checkUnitInterval(fn, 'target.scores', scores);
  }
  const weight = readWeight(fn, record.weight, n);
  const red = makeReducer(reduction, n, weight);
  const elem = new Float32Array(n);
  const grad = new Float32Array(p.length);
  for (let i = 0, j = 0; i < n; i++) {
    const label = labels === null ? -1 : labels[i];
    const c0 = coefficient(red, i);
    let rowSum = 0;
    for (let c = 0; c < numClasses; c++, j++) {
      const x = p[j];
      const positive = dense === null ? c === label : dense[j] !== 0;
      const y = positive ? (dense === null ? scores![i] : dense[j]) : 0;
      let value: number;
      let d: number;
      if (activated) {
        const bce = bceOfProbability(x, y);
        const dBce = bceOfProbabilityGrad(x, y);
        if (positive) {
          const u = y - x;
          const m = Math.pow(Math.abs(u), beta);
          value = bce * m;
          d = dBce * m - bce * powGrad(Math.abs(u), beta) * sign(u);
        } else {
          const m = Math.pow(x, beta);
          value = bce * m;
          d = dBce * m + bce * powGrad(x, beta);
        }
      } else {
        const s = sigmoid(x);
        const ds = s * sigmoid(-x);
        const bce = bceWithLogits(x, y);
        if (positive) {
          const u = y - s;
          const m = Math.pow(Math.abs(u), beta);
          value = bce * m;
          d = (s - y) * m - bce * powGrad(Math.abs(u), beta) * sign(u) * ds;
        } else {
          const m = Math.pow(s, beta);
          value = bce * m;
          d = s * m + bce * powGrad(s, beta) * ds;
        }
      }
      rowSum += fround(value);
      grad[j] = c0 * d;
    }
    elem[i] = fround(rowSum);
  }
  return finishLoss(fn, red, elem, grad) as LossResult<LossValue<O>>;
}
