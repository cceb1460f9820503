/**
 * L1 loss, `|pred - target|`, the regression loss of DETR-style and many anchor-free heads.
 *
 * Matches mmdetection 3.x `L1Loss` (`l1_loss`), its shortcuts included.
 */
import { coefficient, sign, type LossInput, type LossResult, type LossValue, type Reducer, type ReductionOptions } from './common.js';
import { runElementwiseLoss, type ElementwiseLossSpec } from './elementwise.js';

const fround = Math.fround;

/** Options of {@link l1Loss}: the reduction options only. */
export type L1LossOptions = ReductionOptions;

/**
 * L1 loss and its gradient: per element `|pred - target|`, gradient `sign(pred - target)` (0 at 0).
 *
 * Steps: 1. elements `[m]`; 2. `weight` `[m]`; when it is given and none of it is positive the
 * result is the reference's shortcut `sum(pred * weight)` with gradient `weight`; 3. reduction
 * over m; empty inputs give 0 for every reduction (with `'none'` an empty array);
 * 4. `* lossWeight`.
 *
 * @param pred `[m]` predictions.
 * @param target `[m]` targets.
 * @returns `loss` (a number, or `[m]` with `reduction: 'none'`) and `gradPred` `[m]`.
 * @throws {LabelAssignError} on an unknown option, non-finite values, mismatched lengths,
 *   `avgFactor` with `'sum'`.
 * @example
 * l1Loss([1, -2], [0, 0]).loss; // 1.5
 */
export function l1Loss<O extends L1LossOptions = Record<never, never>>(pred: LossInput, target: LossInput, options: O = {} as O): LossResult<LossValue<O>> {
  return runElementwiseLoss(L1, pred, target, options) as LossResult<LossValue<O>>;
}

/** The L1 loss of every element (see {@link l1Loss}). */
function l1Kernel(p: Float32Array, t: Float32Array, _params: null, red: Reducer, elem: Float32Array, grad: Float32Array): void {
  for (let j = 0; j < p.length; j++) {
    const diff = fround(p[j] - t[j]);
    elem[j] = Math.abs(diff);
    grad[j] = coefficient(red, j) * sign(diff);
  }
}

const L1: ElementwiseLossSpec<null> = { fn: 'l1Loss', keys: [], readParams: () => null, boxes: false, zeroWeightShortcut: true, emptyIsZero: true, kernel: l1Kernel };
