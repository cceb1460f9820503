/**
 * Varifocal loss, from Zhang, Wang, Dayoub, Sünderhauf, "VarifocalNet: An IoU-aware Dense
 * Object Detector" (CVPR 2021). An asymmetric focal loss on IoU-aware classification scores:
 * negatives (target 0) are down-weighted by `alpha * |p - t|^gamma` as in focal loss, positives
 * are not down-weighted at all but weighted by their target IoU q (`iouWeighted`), so that
 * high-quality positives dominate training.
 *
 * Matches mmdetection 3.x `VarifocalLoss` (`varifocal_loss`, `use_sigmoid=True`).
 */
import {
  bceWithLogits,
  checkLength,
  checkLossOptions,
  checkUnitInterval,
  coefficient,
  makeReducer,
  powGrad,
  readBooleanOption,
  readFloat32,
  readNumClasses,
  readNumberOption,
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

const fround = Math.fround;

/** Options of {@link varifocalLoss}. */
export interface VarifocalLossOptions extends ReductionOptions {
  /** Number of classes C (columns of `pred`); a positive integer. */
  readonly numClasses: number;
  /** Weight of the negative term, >= 0. Default 0.75. */
  readonly alpha?: number;
  /** Focusing exponent of the negative term, >= 0. Default 2. */
  readonly gamma?: number;
  /** Weight positives by their target q (true) or by 1 (false). Default true. */
  readonly iouWeighted?: boolean;
}

const KEYS = ['numClasses', 'alpha', 'gamma', 'iouWeighted'] as const;

/**
 * Varifocal loss and its gradient.
 *
 * Per element, with p = sigmoid(x) and target q in [0, 1] (the IoU of the sample's box for its
 * class, 0 elsewhere):
 * - q > 0: `VFL = q * BCE(x, q)` (`iouWeighted`), or `BCE(x, q)`;
 * - q = 0: `VFL = alpha * p^gamma * BCE(x, 0)` (the reference writes `|p - q|^gamma`).
 * BCE is the binary cross entropy with logits (finite for any logit). The modulating factor is
 * differentiated too, as in the reference (it is not detached).
 *
 * Steps: 1. elements `[n * C]`; 2. `weight` `[n * C]`; 3. reduction over all n * C elements;
 * 4. `* lossWeight`.
 *
 * @param pred `[n * C]` logits.
 * @param target `[n * C]` targets in [0, 1].
 * @returns `loss` (a number, or `[n * C]` with `reduction: 'none'`) and `gradPred` `[n * C]`.
 * @throws {LabelAssignError} on an unknown option, a bad `numClasses`, `alpha` or `gamma`,
 *   non-finite values, targets outside [0, 1], mismatched lengths, `avgFactor` with `'sum'`.
 * @example
 * varifocalLoss([1.5, -2], [0.8, 0], { numClasses: 2, reduction: 'sum' }).loss;
 */
export function varifocalLoss<O extends VarifocalLossOptions>(pred: LossInput, target: LossInput, options: O): LossResult<LossValue<O>> {
  const fn = 'varifocalLoss';
  const record = checkLossOptions(fn, options, KEYS);
  const numClasses = readNumClasses(fn, record);
  const alpha = readNumberOption(fn, record, 'alpha', 0.75, { min: 0 });
  const gamma = readNumberOption(fn, record, 'gamma', 2, { min: 0 });
  const iouWeighted = readBooleanOption(fn, record, 'iouWeighted', true);
  const reduction = resolveReduction(fn, record);
  const p = readFloat32(fn, 'pred', pred, numClasses);
  const t = readFloat32(fn, 'target', target, numClasses);
  checkLength(fn, 'target', t.length, p.length, 'one target per entry of pred');
  checkUnitInterval(fn, 'target', t);
  const weight = readWeight(fn, record.weight, p.length);
  const red = makeReducer(reduction, p.length, weight);
  const elem = new Float32Array(p.length);
  const grad = new Float32Array(p.length);
  for (let j = 0; j < p.length; j++) {
    const x = p[j];
    const q = t[j];
    const s = sigmoid(x);
    const bce = bceWithLogits(x, q);
    let value: number;
    let d: number;
    if (q > 0) {
      const w = iouWeighted ? q : 1;
      value = bce * w;
      d = (s - q) * w;
    } else {
      const u = s - q;
      const m = alpha * Math.pow(Math.abs(u), gamma);
      value = bce * m;
      d = (s - q) * m + bce * alpha * powGrad(Math.abs(u), gamma) * sign(u) * s * sigmoid(-x);
    }
    elem[j] = fround(value);
    grad[j] = coefficient(red, j) * d;
  }
  return finishLoss(fn, red, elem, grad) as LossResult<LossValue<O>>;
}
