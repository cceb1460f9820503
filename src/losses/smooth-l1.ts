/**
 * Smooth L1 loss: Girshick, "Fast R-CNN" (ICCV 2015). Quadratic for small errors (below
 * `beta`), linear for large ones, so outliers do not dominate the regression.
 *
 * Matches mmdetection 3.x `SmoothL1Loss` (`smooth_l1_loss`), its shortcuts included.
 */
import {
  checkLength,
  checkLossOptions,
  coefficient,
  makeReducer,
  noPositiveWeight,
  readFloat32,
  readNumberOption,
  readWeight,
  reduceValue,
  resolveReduction,
  sign,
  weightedPredShortcut,
  type LossInput,
  type LossResult,
  type LossValue,
  type ReductionOptions,
} from './common.js';

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
  const fn = 'smoothL1Loss';
  const record = checkLossOptions(fn, options, ['beta']);
  const beta = fround(readNumberOption(fn, record, 'beta', 1, { min: 0, exclusiveMin: true }));
  const reduction = resolveReduction(fn, record);
  const p = readFloat32(fn, 'pred', pred);
  const t = readFloat32(fn, 'target', target);
  checkLength(fn, 'target', t.length, p.length, 'one target per pred');
  const weight = readWeight(fn, record.weight, p.length);
  if (noPositiveWeight(weight)) return weightedPredShortcut(p, weight, reduction.reduction, 1) as LossResult<LossValue<O>>;
  if (p.length === 0) return emptyResult(reduction.reduction) as LossResult<LossValue<O>>;
  const red = makeReducer(reduction, p.length, weight);
  const elem = new Float32Array(p.length);
  const grad = new Float32Array(p.length);
  for (let j = 0; j < p.length; j++) {
    const diff = fround(p[j] - t[j]);
    const d = Math.abs(diff);
    elem[j] = smoothL1Value(d, beta);
    grad[j] = coefficient(red, j) * (d < beta ? d / beta : 1) * sign(diff);
  }
  return { loss: reduceValue(red, elem), gradPred: grad } as LossResult<LossValue<O>>;
}

/**
 * The one smooth L1 kernel, for one element and unchecked: with `d = |pred - target|` (float32)
 * and `beta` a float32 > 0, `0.5 d^2 / beta` if d < beta, else `d - 0.5 beta`, each step in
 * float32 as the reference. For callers that validated their inputs once and need no gradient
 * (the SSD head loss, which calls the reference's `smooth_l1_loss` function directly, so
 * without {@link smoothL1Loss}'s no-positive-weight shortcut).
 * @internal
 */
export function smoothL1Value(d: number, beta: number): number {
  return d < beta ? fround(fround(fround(0.5 * d) * d) / beta) : fround(d - fround(0.5 * beta));
}

/**
 * The L1 family's result for empty inputs: the reference returns `pred.sum() * 0`, a zero that
 * every reduction keeps (with `'none'`: an empty array here).
 */
export function emptyResult(reduction: string): LossResult {
  return { loss: reduction === 'none' ? new Float32Array(0) : 0, gradPred: new Float32Array(0) };
}
