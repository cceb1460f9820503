/**
 * L1 loss, `|pred - target|`, the regression loss of DETR-style and many anchor-free heads.
 *
 * Matches mmdetection 3.x `L1Loss` (`l1_loss`), its shortcuts included.
 */
import {
  checkLength,
  checkLossOptions,
  coefficient,
  makeReducer,
  noPositiveWeight,
  readFloat32,
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
import { emptyResult } from './smooth-l1.js';

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
  const fn = 'l1Loss';
  const record = checkLossOptions(fn, options, []);
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
    elem[j] = Math.abs(diff);
    grad[j] = coefficient(red, j) * sign(diff);
  }
  return { loss: reduceValue(red, elem), gradPred: grad } as LossResult<LossValue<O>>;
}
