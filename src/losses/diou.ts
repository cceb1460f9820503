/**
 * DIoU loss: Zheng, Wang, Liu, Li, Ye, Ren, "Distance-IoU Loss: Faster and Better Learning for
 * Bounding Box Regression" (AAAI 2020). `1 - IoU + rho^2 / c^2`: the IoU loss plus the squared
 * distance between the box centers over the squared diagonal of the enclosing box, which keeps
 * pulling the centers together even when the boxes do not overlap.
 *
 * The DIoU values come from the geometry core (`alignedOverlapsInto`, mode `diou`, which follows
 * mmdetection's `diou_loss`); the gradient is derived here. Matches mmdetection 3.x `DIoULoss`.
 */
import { D_DIOU, diouGradInto, diouScratch } from './box-gradients.js';
import { coefficient, type LossInput, type LossResult, type LossValue, type Reducer, type ReductionOptions } from './common.js';
import { EPS_KEYS, oneMinusOverlapInto, readIouEps, runIouFamilyLoss, type IouFamilySpec } from './iou-family.js';

/** Options of {@link diouLoss}. */
export interface DiouLossOptions extends ReductionOptions {
  /** Added to the union and to the squared enclosing diagonal; > 0. Default 1e-6. */
  readonly eps?: number;
}

/**
 * DIoU loss and its gradient.
 *
 * With IoU = I / (U + eps), rho the distance between the box centers and c the diagonal of the
 * smallest enclosing box: `DIoU = IoU - rho^2 / (c^2 + eps)`, `loss = 1 - DIoU`, in [0, 2].
 *
 * Steps: 1. one loss per box pair, `[n]`; 2. `weight` `[n]` or `[n * 4]` (averaged per box);
 * when a weight is given and none of it is positive the result is the reference's shortcut
 * `sum(pred * weight)` with gradient `weight` (with `reduction: 'none'` as per-box terms);
 * 3. reduction over n (mean of nothing is NaN); 4. `* lossWeight`.
 *
 * @param pred `[n * 4]` predicted boxes `[x1, y1, x2, y2]` (inverted boxes accepted).
 * @param target `[n * 4]` target boxes.
 * @returns `loss` (a number, or `[n]` with `reduction: 'none'`) and `gradPred` `[n * 4]`.
 * @throws {LabelAssignError} on an unknown option, eps <= 0, bad lengths, non-finite values,
 *   an inverted target, a weight length other than n or 4n, `avgFactor` with `'sum'`.
 * @example
 * diouLoss([[0, 0, 10, 10]], [[0, 0, 10, 10]]).loss; // 0 (up to eps)
 */
export function diouLoss<O extends DiouLossOptions = Record<never, never>>(pred: LossInput, target: LossInput, options: O = {} as O): LossResult<LossValue<O>> {
  return runIouFamilyLoss(DIOU, pred, target, options) as LossResult<LossValue<O>>;
}

/** The DIoU loss of every box pair (see {@link diouLoss}). */
function diouKernel(p: Float32Array, t: Float32Array, eps: number, red: Reducer, elem: Float32Array, grad: Float32Array): void {
  oneMinusOverlapInto(p, t, 'diou', eps, elem);
  const scratch = diouScratch();
  const s = scratch.s;
  for (let b = 0; b < elem.length; b++) {
    const i = 4 * b;
    diouGradInto(p, t, i, eps, scratch);
    const c = coefficient(red, b);
    for (let k = 0; k < 4; k++) grad[i + k] = -c * s[D_DIOU + k];
  }
}

const DIOU: IouFamilySpec<number> = { fn: 'diouLoss', keys: EPS_KEYS, shortcutWithNone: true, readParams: readIouEps, kernel: diouKernel };
