/**
 * Smooth L1 loss: Girshick, "Fast R-CNN" (ICCV 2015). Quadratic for small errors (below
 * `beta`), linear for large ones, so outliers do not dominate the regression.
 *
 * Matches mmdetection 3.x `SmoothL1Loss` (`smooth_l1_loss`), its shortcuts included.
 */
import { coefficient, readNumberOption, sign, type LossInput, type LossResult, type LossValue, type Reducer, type ReductionOptions } from './common.js';
import { runElementwiseLoss, type ElementwiseLossSpec } from './elementwise.js';

export { emptyResult } from './elementwise.js';

const fround = Math.fround;

/** Options of {@link smoothL1Loss}. */
export interface SmoothL1LossOptions extends ReductionOptions {
  /** Where the loss turns from quadratic to linear, > 0. Default 1. */
  readonly beta?: number;
}

/**
 * Smooth L1 loss and its gradient.
 *
 * Per element, with `d = |pred - target|`: `0.5 d^2 / beta` if d < beta, else `d - 0.5 beta`.
 * The gradient at d = 0 is 0.
 *
 * Steps: 1. elements `[m]`; 2. `weight` `[m]`; when it is given and none of it is positive the
 * result is the reference's shortcut `sum(pred * weight)` with gradient `weight`; 3. reduction
 * over m; empty inputs give 0 for every reduction (the reference's `pred.sum() * 0`; with
 * `reduction: 'none'` an empty array); 4. `* lossWeight`.
 *
 * @param pred `[m]` predictions (any layout, e.g. `[n * 4]` box deltas).
 * @param target `[m]` targets.
 * @returns `loss` (a number, or `[m]` with `reduction: 'none'`) and `gradPred` `[m]`.
 * @throws {LabelAssignError} on an unknown option, beta <= 0, non-finite values, mismatched
 *   lengths, `avgFactor` with `'sum'`.
 * @example
 * smoothL1Loss([0.5, 3], [0, 0], { reduction: 'none' }).loss; // [0.125, 2.5]
 */
export function smoothL1Loss<O extends SmoothL1LossOptions = Record<never, never>>(pred: LossInput, target: LossInput, options: O = {} as O): LossResult<LossValue<O>> {
  return runElementwiseLoss(SMOOTH_L1, pred, target, options) as LossResult<LossValue<O>>;
}

/** The smooth L1 loss of every element (see {@link smoothL1Loss}); `beta` float32. */
function smoothL1Kernel(p: Float32Array, t: Float32Array, beta: number, red: Reducer, elem: Float32Array, grad: Float32Array): void {
  for (let j = 0; j < p.length; j++) {
    const diff = fround(p[j] - t[j]);
    const d = Math.abs(diff);
    elem[j] = smoothL1Value(d, beta);
    grad[j] = coefficient(red, j) * smoothL1Slope(d, beta) * sign(diff);
  }
}

const SMOOTH_L1: ElementwiseLossSpec<number> = {
  fn: 'smoothL1Loss',
  keys: ['beta'],
  readParams: (fn, record) => fround(readNumberOption(fn, record, 'beta', 1, { min: 0, exclusiveMin: true })),
  boxes: false,
  zeroWeightShortcut: true,
  emptyIsZero: true,
  kernel: smoothL1Kernel,
};

/**
 * The one smooth L1 kernel, for one element and unchecked: with `d = |pred - target|` (float32)
 * and `beta` a float32 > 0, `0.5 d^2 / beta` if d < beta, else `d - 0.5 beta`, each step in
 * float32 as the reference. For callers that validated their inputs once (the losses with a
 * smooth L1 inside, and the SSD head loss, which calls the reference's `smooth_l1_loss`
 * function directly, so without {@link smoothL1Loss}'s no-positive-weight shortcut).
 * @internal
 */
export function smoothL1Value(d: number, beta: number): number {
  return d < beta ? fround(fround(fround(0.5 * d) * d) / beta) : fround(d - fround(0.5 * beta));
}

/**
 * `d smoothL1Value(d, beta) / dd`, unchecked: `d / beta` if d < beta, else 1 (float64).
 * @internal
 * @example
 * smoothL1Slope(0.25, 1); // 0.25
 */
export function smoothL1Slope(d: number, beta: number): number {
  return d < beta ? d / beta : 1;
}
