/**
 * The one driver of the elementwise regression losses (L1, smooth L1, balanced L1, and bounded
 * IoU, whose four per-box terms are elements too): one loss per entry of `pred`, weights one per
 * element. It does everything those losses share, in the reference's order, and leaves each
 * loss only its formula, a kernel in the loss's own file:
 * 1. checks the options (the loss's keys plus the reduction keys), then reads the loss's own
 *    options ({@link ElementwiseLossSpec.readParams}), then the reduction options;
 * 2. reads `pred` and `target`, `[m]` each (or aligned boxes, `[n * 4]`), and `weight` `[m]`;
 * 3. where the reference has them: the no-positive-weight shortcut `sum(pred * weight)`, and
 *    the zero of empty inputs without a weight (`pred.sum() * 0`);
 * 4. otherwise calls the kernel once for all elements, which writes the float32 element losses
 *    and the gradient (already scaled by the reducer's {@link coefficient}), and reduces.
 */
import { readBoxPair } from './box-gradients.js';
import {
  checkLength,
  checkLossResult,
  checkLossOptions,
  finishLoss,
  makeReducer,
  noPositiveWeight,
  readFloat32,
  readWeight,
  resolveReduction,
  weightedPredShortcut,
  type LossInput,
  type LossResult,
  type Reducer,
} from './common.js';

/**
 * One elementwise loss for all `m` elements: writes each element's float32 loss into `elem[j]`
 * (`[m]`) and `d(reported loss) / d(pred)` into `grad` (`[m]`, zero-filled on entry), the
 * element's factor taken from `coefficient(red, j)`. `p`, `t`: `[m]` pred and target.
 */
export type ElementwiseKernel<P> = (p: Float32Array, t: Float32Array, params: P, red: Reducer, elem: Float32Array, grad: Float32Array) => void;

/** What makes one elementwise loss: its name, its own options, its reference's shortcuts and its kernel. */
export interface ElementwiseLossSpec<P> {
  /** The public function's name, for messages. */
  readonly fn: string;
  /** The loss's own option keys (the reduction keys are always accepted). */
  readonly keys: readonly string[];
  /** Reads and checks the loss's own options; called before the reduction options are read. */
  readonly readParams: (fn: string, record: Record<string, unknown>) => P;
  /** `pred` and `target` are aligned boxes (read with {@link readBoxPair}), not flat values. */
  readonly boxes: boolean;
  /** The reference returns `sum(pred * weight)` when a weight is given and none of it is positive. */
  readonly zeroWeightShortcut: boolean;
  /** The reference returns a zero (`pred.sum() * 0`) for empty inputs without a weight. */
  readonly emptyIsZero: boolean;
  readonly kernel: ElementwiseKernel<P>;
}

/**
 * The L1 family's result for empty inputs: the reference returns `pred.sum() * 0`, a zero that
 * every reduction keeps (with `'none'`: an empty array here).
 */
export function emptyResult(reduction: string): LossResult {
  return { loss: reduction === 'none' ? new Float32Array(0) : 0, gradPred: new Float32Array(0) };
}

/**
 * Runs the elementwise loss `spec` (steps in the module comment).
 * @param pred `[m]` predictions (`[n * 4]` boxes with `spec.boxes`).
 * @param target `[m]` targets.
 * @returns `loss` (a number, or `[m]` with `reduction: 'none'`) and `gradPred` `[m]`.
 * @throws {LabelAssignError} on an unknown option, a bad reduction option, non-finite values,
 *   mismatched lengths (with boxes: lengths not a multiple of 4 or an inverted target), a
 *   weight length other than m, or what `spec.readParams` rejects, or a loss or gradient that
 *   overflows float32 (weights near its limit; see `checkLossResult`).
 * @example
 * // a loss file: its spec (module-level, built once) and its public function
 * const L1: ElementwiseLossSpec<null> = { fn: 'l1Loss', keys: [], readParams: () => null, boxes: false, zeroWeightShortcut: true, emptyIsZero: true, kernel: l1Kernel };
 * export const l1Loss = (pred, target, options = {}) => runElementwiseLoss(L1, pred, target, options);
 */
export function runElementwiseLoss<P>(spec: ElementwiseLossSpec<P>, pred: LossInput, target: LossInput, options: unknown): LossResult {
  const fn = spec.fn;
  const record = checkLossOptions(fn, options, spec.keys);
  const params = spec.readParams(fn, record);
  const reduction = resolveReduction(fn, record);
  let p: Float32Array;
  let t: Float32Array;
  if (spec.boxes) {
    [p, t] = readBoxPair(fn, pred, target);
  } else {
    p = readFloat32(fn, 'pred', pred);
    t = readFloat32(fn, 'target', target);
    checkLength(fn, 'target', t.length, p.length, 'one target per pred');
  }
  const weight = readWeight(fn, record.weight, p.length);
  if (spec.zeroWeightShortcut && noPositiveWeight(weight)) return checkLossResult(fn, weightedPredShortcut(p, weight, reduction.reduction, 1), false);
  if (spec.emptyIsZero && p.length === 0 && weight === null) return emptyResult(reduction.reduction);
  const red = makeReducer(reduction, p.length, weight);
  const elem = new Float32Array(p.length);
  const grad = new Float32Array(p.length);
  spec.kernel(p, t, params, red, elem, grad);
  return finishLoss(fn, red, elem, grad);
}
