/**
 * Balanced L1 loss: Pang, Chen, Shi, Feng, Ouyang, Lin, "Libra R-CNN: Towards Balanced Learning
 * for Object Detection" (CVPR 2019). Promotes the gradients of inliers (small errors, the
 * accurate samples) so that they balance the large gradients of outliers: below `beta` the
 * gradient is `alpha ln(b |x| / beta + 1)` instead of smooth L1's `|x| / beta`, above it is the
 * constant `gamma`; `b` (`e^(gamma / alpha) = b + 1`) makes the two pieces meet.
 *
 * Matches mmdetection 3.x `BalancedL1Loss` (`balanced_l1_loss`).
 */
import { invalidArgument } from '../errors.js';
import { coefficient, readNumberOption, sign, type LossInput, type LossResult, type LossValue, type Reducer, type ReductionOptions } from './common.js';
import { runElementwiseLoss, type ElementwiseLossSpec } from './elementwise.js';

const fround = Math.fround;

/** Options of {@link balancedL1Loss}. */
export interface BalancedL1LossOptions extends ReductionOptions {
  /**
   * Inlier gradient scale, > 0. Default 0.5. With `gamma` it sets `b = e^(gamma / alpha) - 1`,
   * which must be positive and finite in float32: `gamma / alpha` in about [2.2e-16, 88.72].
   */
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
  return runElementwiseLoss(BALANCED_L1, pred, target, options) as LossResult<LossValue<O>>;
}

/** The checked options, and the reference's python-float constants as float32 scalars of tensor ops. */
interface BalancedL1Params {
  readonly alpha: number;
  readonly gamma: number;
  readonly beta: number;
  readonly b32: number;
  readonly alphaOverB: number;
  readonly beta32: number;
  readonly alpha32: number;
  readonly gamma32: number;
  readonly gammaOverB: number;
  readonly alphaBeta: number;
}

function readBalancedL1Params(fn: string, record: Record<string, unknown>): BalancedL1Params {
  const alpha = readNumberOption(fn, record, 'alpha', 0.5, { min: 0, exclusiveMin: true });
  const gamma = readNumberOption(fn, record, 'gamma', 1.5, { min: 0, exclusiveMin: true });
  const beta = readNumberOption(fn, record, 'beta', 1, { min: 0, exclusiveMin: true });
  const b = Math.exp(gamma / alpha) - 1;
  const params = {
    alpha,
    gamma,
    beta,
    b32: fround(b),
    alphaOverB: fround(alpha / b),
    beta32: fround(beta),
    alpha32: fround(alpha),
    gamma32: fround(gamma),
    gammaOverB: fround(gamma / b),
    alphaBeta: fround(alpha * beta),
  };
  checkBalancedL1Constants(fn, params);
  return params;
}

/**
 * The options' constants are float32 scalars of the kernel's tensor arithmetic; each must be
 * positive or finite there, or every element is NaN or Infinity. Each failure names the option
 * that moves the constant out of range.
 * @throws {LabelAssignError} e.g. `balancedL1Loss: options.gamma must be at most 88.72 * alpha ...`.
 */
function checkBalancedL1Constants(fn: string, k: BalancedL1Params): void {
  const { alpha, gamma, beta, b32 } = k;
  // b = e^(gamma / alpha) - 1: 0 when gamma / alpha underflows, Infinity when it exceeds ln(FLOAT32_MAX).
  if (!(b32 > 0 && b32 < Infinity)) {
    throw invalidArgument(
      fn,
      'options.gamma',
      `a number for which b = e^(gamma / alpha) - 1 is positive and finite in float32 (gamma / alpha in about [2.2e-16, 88.72]; alpha is ${alpha})`,
      gamma,
    );
  }
  const finite = (v: number): boolean => Number.isFinite(fround(v));
  if (!finite(alpha / k.b32) || !finite(k.alphaOverB)) {
    throw invalidArgument(fn, 'options.alpha', `a number for which alpha / b is finite in float32 (b = e^(gamma / alpha) - 1 = ${b32})`, alpha);
  }
  if (!finite(k.gammaOverB)) {
    throw invalidArgument(fn, 'options.gamma', `a number for which gamma / b is finite in float32 (b = e^(gamma / alpha) - 1 = ${b32})`, gamma);
  }
  // Inliers (|d| < beta): b * |d| reaches b * beta; the gradient at |d| = 0 is alpha / beta.
  if (!finite(k.alphaBeta) || !finite(b32 * k.beta32) || !finite(alpha / beta)) {
    throw invalidArgument(fn, 'options.beta', `a number for which alpha * beta, b * beta and alpha / beta are finite in float32 (alpha ${alpha}, b = e^(gamma / alpha) - 1 = ${b32})`, beta);
  }
}

/** The balanced L1 loss of every element (see {@link balancedL1Loss}). */
function balancedL1Kernel(p: Float32Array, t: Float32Array, k: BalancedL1Params, red: Reducer, elem: Float32Array, grad: Float32Array): void {
  const { alpha, gamma, beta, b32, alphaOverB, beta32, alpha32, gamma32, gammaOverB, alphaBeta } = k;
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
}

/** The reference has no zero-weight shortcut here; empty inputs give 0 only without a weight. */
const BALANCED_L1: ElementwiseLossSpec<BalancedL1Params> = {
  fn: 'balancedL1Loss',
  keys: ['alpha', 'gamma', 'beta'],
  readParams: readBalancedL1Params,
  boxes: false,
  zeroWeightShortcut: false,
  emptyIsZero: true,
  kernel: balancedL1Kernel,
};
