/**
 * Balanced L1 loss: Pang, Chen, Shi, Feng, Ouyang, Lin, "Libra R-CNN: Towards Balanced Learning
 * for Object Detection" (CVPR 2019). Promotes the gradients of inliers (small errors, the
 * accurate samples) so that they balance the large gradients of outliers: below `beta` the
 * gradient is `alpha ln(b |x| / beta + 1)` instead of smooth L1's `|x| / beta`, above it is the
 * constant `gamma`; `b` (`e^(gamma / alpha) = b + 1`) makes the two pieces meet.
 *
 * Matches mmdetection 3.x `BalancedL1Loss` (`balanced_l1_loss`).
 */
import {
  checkLength,
  checkLossOptions,
  coefficient,
  makeReducer,
  readFloat32,
  readNumberOption,
  readWeight,
  reduceValue,
  resolveReduction,
  sign,
  type LossInput,
  type LossResult,
  type LossValue,
  type ReductionOptions,
} from './common.js';

const fround = Math.fround;

/** Options of {@link balancedL1Loss}. */
export interface BalancedL1LossOptions extends ReductionOptions {
  /** Inlier gradient scale, > 0. Default 0.5. */
  readonly alpha?: number;
  /** Outlier gradient (the loss's slope above beta), > 0. Default 1.5. */
  readonly gamma?: number;
  /** Inlier / outlier threshold, > 0. Default 1. */
  readonly beta?: number;
}

/**
 * Balanced L1 loss and its gradient.
 *
 * Per element, with `d = |pred - target|` and `b = e^(gamma / alpha) - 1`:
 * - d < beta: `alpha / b (b d + 1) ln(b d / beta + 1) - alpha d`;
 * - otherwise: `gamma d + gamma / b - alpha beta`.
 *
 * Steps: 1. elements `[m]`; 2. `weight` `[m]`; 3. reduction over m (empty inputs: 0 without a
 * weight, the reference's `pred.sum() * 0`; with an (empty) weight the mean is NaN, as in the
 * reference, which has no zero-weight shortcut here; `'none'` gives an empty array);
 * 4. `* lossWeight`.
 *
 * @param pred `[m]` predictions (e.g. `[n * 4]` box deltas).
 * @param target `[m]` targets.
 * @returns `loss` (a number, or `[m]` with `reduction: 'none'`) and `gradPred` `[m]`.
 * @throws {LabelAssignError} on an unknown option, alpha, gamma or beta <= 0, non-finite
 *   values, mismatched lengths, `avgFactor` with `'sum'`.
 * @example
 * balancedL1Loss([0.5, 2], [0, 0], { reduction: 'none' }).loss;
 */
export function balancedL1Loss<O extends BalancedL1LossOptions = Record<never, never>>(pred: LossInput, target: LossInput, options: O = {} as O): LossResult<LossValue<O>> {
  const fn = 'balancedL1Loss';
  const record = checkLossOptions(fn, options, ['alpha', 'gamma', 'beta']);
  const alpha = readNumberOption(fn, record, 'alpha', 0.5, { min: 0, exclusiveMin: true });
  const gamma = readNumberOption(fn, record, 'gamma', 1.5, { min: 0, exclusiveMin: true });
  const beta = readNumberOption(fn, record, 'beta', 1, { min: 0, exclusiveMin: true });
  const reduction = resolveReduction(fn, record);
  const p = readFloat32(fn, 'pred', pred);
  const t = readFloat32(fn, 'target', target);
  checkLength(fn, 'target', t.length, p.length, 'one target per pred');
  const weight = readWeight(fn, record.weight, p.length);
  if (p.length === 0 && weight === null) {
    return { loss: reduction.reduction === 'none' ? new Float32Array(0) : 0, gradPred: new Float32Array(0) } as LossResult<LossValue<O>>;
  }
  const red = makeReducer(reduction, p.length, weight);
  const b = Math.exp(gamma / alpha) - 1;
  // The reference's python-float constants, as float32 scalars of tensor ops.
  const b32 = fround(b);
  const alphaOverB = fround(alpha / b);
  const beta32 = fround(beta);
  const alpha32 = fround(alpha);
  const gamma32 = fround(gamma);
  const gammaOverB = fround(gamma / b);
  const alphaBeta = fround(alpha * beta);
  const elem = new Float32Array(p.length);
  const grad = new Float32Array(p.length);
  for (let j = 0; j < p.length; j++) {
    const diff = fround(p[j] - t[j]);
    const d = Math.abs(diff);
    let dd: number;
    if (d < beta32) {
      const bd = fround(b32 * d);
      const inner = fround(fround(bd / beta32) + 1);
      elem[j] = fround(fround(fround(alphaOverB * fround(bd + 1)) * fround(Math.log(inner))) - fround(alpha32 * d));
      // d/dd: alpha ln(b d / beta + 1) + alpha (b d + 1) / (b d + beta) - alpha
      dd = alpha * Math.log(inner) + (alpha * (bd + 1)) / (bd + beta) - alpha;
    } else {
      elem[j] = fround(fround(fround(gamma32 * d) + gammaOverB) - alphaBeta);
      dd = gamma;
    }
    grad[j] = coefficient(red, j) * dd * sign(diff);
  }
  return { loss: reduceValue(red, elem), gradPred: grad } as LossResult<LossValue<O>>;
}
