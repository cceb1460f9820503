/**
 * DIoU loss: Zheng, Wang, Liu, Li, Ye, Ren, "Distance-IoU Loss: Faster and Better Learning for
 * Bounding Box Regression" (AAAI 2020). `1 - IoU + rho^2 / c^2`: the IoU loss plus the squared
 * distance between the box centres over the squared diagonal of the enclosing box, which keeps
 * pulling the centres together even when the boxes do not overlap.
 *
 * The DIoU values come from the geometry core (`alignedOverlapsInto`, mode `diou`, which follows
 * mmdetection's `diou_loss`); the gradient is derived here. Matches mmdetection 3.x `DIoULoss`.
 */
import { alignedOverlapsInto } from '../geometry/overlaps.js';
import {
  D_IOU,
  distancePenaltyGrad,
  iouGradInto,
  IOU_SCRATCH,
  prepareBoxLoss,
} from './box-gradients.js';
import {
  coefficient,
  readNumberOption,
  reduceValue,
  type LossInput,
  type LossResult,
  type LossValue,
  type ReductionOptions,
} from './common.js';

const fround = Math.fround;

/** Options of {@link diouLoss}. */
export interface DiouLossOptions extends ReductionOptions {
  /** Added to the union and to the squared enclosing diagonal; > 0. Default 1e-6. */
  readonly eps?: number;
}

/**
 * DIoU loss and its gradient.
 *
 * With IoU = I / (U + eps), rho the distance between the box centres and c the diagonal of the
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
  const fn = 'diouLoss';
  const { record, pred: p, target: t, numBoxes: n, reducer: red, shortcut } = prepareBoxLoss(fn, pred, target, options, ['eps'], true);
  const eps = fround(readNumberOption(fn, record, 'eps', 1e-6, { min: 0, exclusiveMin: true }));
  if (shortcut) return shortcut as LossResult<LossValue<O>>;
  const dious = alignedOverlapsInto(p, t, new Float32Array(n), { mode: 'diou', eps, allowInverted: true });
  const elem = new Float32Array(n);
  const grad = new Float32Array(4 * n);
  const s = new Float64Array(IOU_SCRATCH);
  const side = new Float64Array(4);
  const dPenalty = new Float64Array(4);
  for (let b = 0; b < n; b++) {
    const i = 4 * b;
    elem[b] = fround(1 - dious[b]);
    iouGradInto(p, t, i, eps, 'add', s);
    distancePenaltyGrad(p, t, i, eps, side, dPenalty);
    const c = coefficient(red, b);
    for (let k = 0; k < 4; k++) grad[i + k] = -c * (s[D_IOU + k] - dPenalty[k]);
  }
  return { loss: reduceValue(red, elem), gradPred: grad } as LossResult<LossValue<O>>;
}
