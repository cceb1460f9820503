/**
 * The one driver of the IoU-family losses (IoU, GIoU, DIoU, CIoU, EIoU, SIoU: one loss per box
 * pair). It does everything those losses share, in the reference's order, and leaves each loss
 * only its formula, a kernel in the loss's own file:
 * 1. checks the options (the loss's keys plus the reduction keys) and the reduction
 *    ({@link prepareBoxLoss});
 * 2. reads the aligned pred / target boxes and the weight (`[n]`, or `[n * 4]` averaged per box);
 * 3. reads the loss's own options ({@link IouFamilySpec.readParams});
 * 4. returns the reference's no-positive-weight shortcut `sum(pred * weight)` where it applies;
 * 5. otherwise calls the kernel once for all boxes, which writes the float32 element losses and
 *    the gradient (already scaled by the reducer's {@link coefficient}), and reduces the losses.
 *
 * The kernel is called once per call, not per box, so each loss keeps its own tight loop.
 */
import { alignedCiouLikeReferenceInto, alignedOverlapsKernel } from '../geometry/overlaps.js';
import { prepareBoxLoss } from './box-gradients.js';
import { checkLossResult, finishLoss, readNumberOption, reduceValue, type LossInput, type LossResult, type Reducer } from './common.js';

/**
 * One IoU-family loss for all `n` box pairs: writes each pair's float32 loss into `elem[b]`
 * (`[n]`) and `d(reported loss) / d(pred)` into `grad` (`[n * 4]`, zero-filled on entry), the
 * element's factor taken from `coefficient(red, b)`. `p`, `t`: `[n * 4]` pred and target boxes.
 */
export type IouFamilyKernel<P> = (p: Float32Array, t: Float32Array, params: P, red: Reducer, elem: Float32Array, grad: Float32Array) => void;

/** What makes one IoU-family loss: its name, its own options and its kernel. */
export interface IouFamilySpec<P> {
  /** The public function's name, for messages. */
  readonly fn: string;
  /** The loss's own option keys (the reduction keys are always accepted). */
  readonly keys: readonly string[];
  /** Whether the no-positive-weight shortcut applies with `reduction: 'none'` too (IoULoss: no). */
  readonly shortcutWithNone: boolean;
  /** Reads and checks the loss's own options; called after the boxes and weights are read. */
  readonly readParams: (fn: string, record: Record<string, unknown>) => P;
  readonly kernel: IouFamilyKernel<P>;
  /**
   * The interop layer's reference variant (`ciouLossLikeReference`): its NaN at identical boxes
   * is the reference's and is returned as is, where every public loss checks its result is finite.
   */
  readonly referenceNaN?: boolean;
}

/** The option keys of the losses whose only own option is {@link readIouEps}'s `eps`. */
export const EPS_KEYS: readonly string[] = Object.freeze(['eps']);

/**
 * Reads `eps` (a number > 0, default 1e-6) as float32, as most IoU-family losses do: a clamp
 * and an added guard whose reciprocal appears in the gradients, so it must be a normal float32
 * (at least 2^-126 once rounded; 1e-46 would be 0 and give Infinity and NaN).
 */
export function readIouEps(fn: string, record: Record<string, unknown>): number {
  return Math.fround(readNumberOption(fn, record, 'eps', 1e-6, { min: 0, exclusiveMin: true, float32: 'normal' }));
}

/**
 * Runs the IoU-family loss `spec` (steps in the module comment).
 * @param pred `[n * 4]` predicted boxes `[x1, y1, x2, y2]` (inverted boxes accepted).
 * @param target `[n * 4]` target boxes, x2 >= x1 and y2 >= y1.
 * @returns `loss` (a number, or `[n]` with `reduction: 'none'`) and `gradPred` `[n * 4]`.
 * @throws {LabelAssignError} on an unknown option, a bad reduction option, lengths not a
 *   multiple of 4 or different box counts, non-finite values, an inverted target, a weight
 *   length other than n or 4n, or what `spec.readParams` rejects, or a loss or gradient that
 *   overflows float32 (weights near its limit; see `checkLossResult`).
 * @example
 * // a loss file: its spec (module-level, built once) and its public function
 * const GIOU: IouFamilySpec<number> = { fn: 'giouLoss', keys: EPS_KEYS, shortcutWithNone: true, readParams: readIouEps, kernel: giouKernel };
 * export const giouLoss = (pred, target, options = {}) => runIouFamilyLoss(GIOU, pred, target, options);
 */
export function runIouFamilyLoss<P>(spec: IouFamilySpec<P>, pred: LossInput, target: LossInput, options: unknown): LossResult {
  const fn = spec.fn;
  const { record, pred: p, target: t, numBoxes: n, reducer, shortcut } = prepareBoxLoss(fn, pred, target, options, spec.keys, spec.shortcutWithNone);
  const params = spec.readParams(fn, record);
  if (shortcut) return spec.referenceNaN ? shortcut : checkLossResult(fn, shortcut, false);
  const elem = new Float32Array(n);
  const grad = new Float32Array(4 * n);
  spec.kernel(p, t, params, reducer, elem, grad);
  // The reference variant keeps the reference's NaN (interop compares it); the API's never has one.
  return spec.referenceNaN ? { loss: reduceValue(reducer, elem), gradPred: grad } : finishLoss(fn, reducer, elem, grad);
}

/**
 * `elem[b] = 1 - overlap(pred b, target b)` (float32) for the losses that are one minus an
 * overlap of the geometry core (its unchecked aligned kernel, inverted preds allowed; `'ciou-nan'`:
 * `alignedCiouLikeReferenceInto`, the reference's NaN at identical boxes).
 * @param p `[n * 4]` pred boxes.
 * @param t `[n * 4]` target boxes.
 * @param elem `[n]`, overwritten.
 * @example
 * oneMinusOverlapInto(p, t, 'giou', eps, elem); // elem[b] = 1 - GIoU
 */
export function oneMinusOverlapInto(p: Float32Array, t: Float32Array, mode: 'giou' | 'diou' | 'ciou' | 'ciou-nan', eps: number, elem: Float32Array): void {
  // The kernel, not alignedOverlapsInto: the loss has checked its boxes and eps, and an error
  // here would name an internal step instead of the loss the caller called.
  if (mode === 'ciou-nan') alignedCiouLikeReferenceInto(p, t, elem, eps);
  else alignedOverlapsKernel(p, t, elem, mode, eps);
  for (let b = 0; b < elem.length; b++) elem[b] = Math.fround(1 - elem[b]);
}
