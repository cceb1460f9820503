/**
 * IoU loss: Yu, Jiang, Wang, Cao, Huang, "UnitBox: An Advanced Object Detection Network"
 * (ACM MM 2016) introduced `-ln(IoU)`; the linear `1 - IoU` and square `1 - IoU^2` forms are
 * the common variants. The IoU is the geometry core's (`iouOfPair`, mmdetection's
 * `bbox_overlaps`), clamped below at `eps`.
 *
 * Matches mmdetection 3.x `IoULoss` (`iou_loss`), its weight handling included.
 */
import { D_IOU, iouGradInto, IOU_SCRATCH } from './box-gradients.js';
import { coefficient, type LossInput, type LossResult, type LossValue, type Reducer, type ReductionOptions } from './common.js';
import { readIouEps, runIouFamilyLoss, type IouFamilySpec } from './iou-family.js';
import { invalidArgument } from '../errors.js';

const fround = Math.fround;

/** `bbox_overlaps`' own eps (the union is clamped to at least this), fixed in the reference. */
const OVERLAP_EPS = Math.fround(1e-6);

/** Which function of the IoU. */
export type IouLossMode = 'linear' | 'square' | 'log';

/** Options of {@link iouLoss}. */
export interface IouLossOptions extends ReductionOptions {
  /** `'log'` (default): `-ln(IoU)`; `'linear'`: `1 - IoU`; `'square'`: `1 - IoU^2`. */
  readonly mode?: IouLossMode;
  /** The IoU is clamped below at eps (> 0) before the loss. Default 1e-6. */
  readonly eps?: number;
}

const MODES: readonly IouLossMode[] = ['linear', 'square', 'log'];

/**
 * IoU loss and its gradient.
 *
 * With `u = max(IoU(pred, target), eps)`: `log`: `-ln(u)`; `linear`: `1 - u`; `square`:
 * `1 - u^2`. Where the IoU is below eps (e.g. disjoint boxes) the gradient is 0.
 *
 * Steps: 1. one loss per box pair, `[n]`; 2. `weight` `[n]`, or `[n * 4]` averaged over each
 * box's 4 values (the reference's `weight.mean(-1)`); when a weight is given and none of it is
 * positive and the reduction is not `'none'`, the result is the reference's shortcut
 * `sum(pred * weight)` (0 for zero weights) with gradient `weight`; 3. reduction over n (mean
 * of nothing is NaN); 4. `* lossWeight`.
 *
 * @param pred `[n * 4]` predicted boxes `[x1, y1, x2, y2]` (inverted boxes are accepted, with
 *   the reference's signed areas).
 * @param target `[n * 4]` target boxes, x2 >= x1 and y2 >= y1.
 * @returns `loss` (a number, or `[n]` with `reduction: 'none'`) and `gradPred` `[n * 4]`.
 * @throws {LabelAssignError} on an unknown option or mode, eps <= 0, lengths not a multiple of
 *   4 or different box counts, non-finite values, an inverted target, a weight length other than
 *   n or 4n, `avgFactor` with `reduction: 'sum'`.
 * @example
 * iouLoss([[0, 0, 10, 10]], [[0, 0, 10, 5]], { mode: 'linear' }).loss; // 0.5
 */
export function iouLoss<O extends IouLossOptions = Record<never, never>>(pred: LossInput, target: LossInput, options: O = {} as O): LossResult<LossValue<O>> {
  return runIouFamilyLoss(IOU, pred, target, options) as LossResult<LossValue<O>>;
}

interface IouParams {
  readonly mode: IouLossMode;
  readonly eps: number;
}

function readIouParams(fn: string, record: Record<string, unknown>): IouParams {
  const mode = (record.mode ?? 'log') as IouLossMode;
  if (!MODES.includes(mode)) throw invalidArgument(fn, 'options.mode', "one of 'linear', 'square', 'log'", record.mode);
  return { mode, eps: readIouEps(fn, record) };
}

/** The IoU loss of every box pair (see {@link iouLoss}). */
function iouKernel(p: Float32Array, t: Float32Array, { mode, eps }: IouParams, red: Reducer, elem: Float32Array, grad: Float32Array): void {
  const s = new Float64Array(IOU_SCRATCH);
  for (let b = 0; b < elem.length; b++) {
    const i = 4 * b;
    const raw = iouGradInto(p, t, i, OVERLAP_EPS, 'clamp', s);
    const u = raw < eps ? eps : raw;
    let dLoss: number;
    if (mode === 'linear') {
      elem[b] = fround(1 - u);
      dLoss = -1;
    } else if (mode === 'square') {
      elem[b] = fround(1 - fround(u * u));
      dLoss = -2 * u;
    } else {
      elem[b] = fround(-Math.log(u));
      dLoss = -1 / u;
    }
    // clamp(min=eps) passes the gradient where the IoU is >= eps
    const c = raw >= eps ? coefficient(red, b) * dLoss : 0;
    for (let k = 0; k < 4; k++) grad[i + k] = c * s[D_IOU + k];
  }
}

/** IoULoss skips the no-positive-weight shortcut with `reduction: 'none'`. */
const IOU: IouFamilySpec<IouParams> = { fn: 'iouLoss', keys: ['mode', 'eps'], shortcutWithNone: false, readParams: readIouParams, kernel: iouKernel };
