/**
 * Bounded IoU loss: Tychsen-Smith, Petersson, "Improving Object Localization with Fitness NMS
 * and Bounded IoU Loss" (CVPR 2018). Each of the four box parameters (center x, center y,
 * width, height) gets its own loss `1 - bound(IoU)`, where the bound is the IoU the box could
 * reach if only that parameter were wrong, then a smooth-L1 of it.
 *
 * Matches mmdetection 3.x `BoundedIoULoss` (`bounded_iou_loss`). The per-parameter bounds are
 * closed forms of center offsets and size ratios; no overlap area enters them.
 */
import { maxGrad, minGrad } from './box-gradients.js';
import { coefficient, readNumberOption, sign, type LossInput, type LossResult, type LossValue, type Reducer, type ReductionOptions } from './common.js';
import { runElementwiseLoss, type ElementwiseLossSpec } from './elementwise.js';
import { smoothL1Slope, smoothL1Value } from './smooth-l1.js';

const fround = Math.fround;

/** Options of {@link boundedIouLoss}. */
export interface BoundedIouLossOptions extends ReductionOptions {
  /** Smooth-L1 threshold, > 0. Default 0.2. */
  readonly beta?: number;
  /** Added to the denominators, > 0 and a normal float32 (at least 2^-126 ≈ 1.18e-38; 0 gives 0 / 0). Default 1e-3. */
  readonly eps?: number;
}

/**
 * Bounded IoU loss and its gradient.
 *
 * With the target's center (x_t, y_t) and size (w_t, h_t), the pred's (x_p, y_p, w_p, h_p),
 * `dx = x_t - x_p` (likewise dy):
 *   `l_x = 1 - max((w_t - 2|dx|) / (w_t + 2|dx| + eps), 0)` (likewise l_y with h),
 *   `l_w = 1 - min(w_t / (w_p + eps), w_p / (w_t + eps))` (likewise l_h),
 * and each `l` becomes `0.5 l^2 / beta` below beta, `l - 0.5 beta` above.
 *
 * Steps: 1. four losses per box, `[n * 4]` as `[x, y, w, h]`; 2. `weight` `[n * 4]`; when it is
 * given and none of it is positive the result is the reference's shortcut `sum(pred * weight)`
 * with gradient `weight`; 3. reduction over the 4n values (mean of nothing is NaN);
 * 4. `* lossWeight`.
 *
 * @param pred `[n * 4]` predicted boxes `[x1, y1, x2, y2]` (inverted boxes accepted).
 * @param target `[n * 4]` target boxes.
 * @returns `loss` (a number, or `[n * 4]` with `reduction: 'none'`) and `gradPred` `[n * 4]`.
 * @throws {LabelAssignError} on an unknown option, beta <= 0, eps < 0, bad lengths, non-finite
 *   values, an inverted target, a weight length other than 4n, `avgFactor` with `'sum'`.
 * @example
 * boundedIouLoss([[0, 0, 10, 10]], [[0, 0, 10, 10]], { reduction: 'sum' }).loss; // ~0
 */
export function boundedIouLoss<O extends BoundedIouLossOptions = Record<never, never>>(pred: LossInput, target: LossInput, options: O = {} as O): LossResult<LossValue<O>> {
  return runElementwiseLoss(BOUNDED_IOU, pred, target, options) as LossResult<LossValue<O>>;
}

interface BoundedIouParams {
  /** float32 */
  readonly beta: number;
  /** float32 */
  readonly eps: number;
}

function readBoundedIouParams(fn: string, record: Record<string, unknown>): BoundedIouParams {
  const beta = readNumberOption(fn, record, 'beta', 0.2, { min: 0, exclusiveMin: true });
  // eps is added to sizes that can be 0 and its reciprocal is a gradient: positive, not subnormal.
  return { beta: fround(beta), eps: fround(readNumberOption(fn, record, 'eps', 1e-3, { min: 0, exclusiveMin: true, float32: 'normal' })) };
}

/** The four bounded IoU terms of every box pair (see {@link boundedIouLoss}). */
function boundedIouKernel(p: Float32Array, t: Float32Array, { beta, eps }: BoundedIouParams, red: Reducer, elem: Float32Array, grad: Float32Array): void {
  for (let i = 0; i < p.length; i += 4) {
    // axis 0: x (offsets 0, 2), axis 1: y (offsets 1, 3)
    for (let axis = 0; axis < 2; axis++) {
      const lo = p[i + axis];
      const hi = p[i + axis + 2];
      const center = fround(fround(lo + hi) * 0.5);
      const size = fround(hi - lo);
      const tCenter = fround(fround(t[i + axis] + t[i + axis + 2]) * 0.5);
      const tSize = fround(t[i + axis + 2] - t[i + axis]);
      // center term
      const d = fround(tCenter - center);
      const a2 = fround(2 * Math.abs(d));
      const num = fround(tSize - a2);
      const den = fround(fround(tSize + a2) + eps);
      const q = fround(num / den);
      const lCenter = fround(1 - (q > 0 ? q : 0));
      // d lCenter / d d = -max'(q, 0) * dq/da * da/dd, a = |d|, dq/da = -2 (den + num) / den^2
      const dCenter = -maxGrad(q, 0) * ((-2 * (den + num)) / (den * den)) * sign(d);
      // size term
      const r1 = fround(tSize / fround(size + eps));
      const r2 = fround(size / fround(tSize + eps));
      const lSize = fround(1 - (r1 < r2 ? r1 : r2));
      const sizeEps = size + eps;
      const dSize = -(minGrad(r1, r2) * (-tSize / (sizeEps * sizeEps)) + minGrad(r2, r1) / (tSize + eps));
      for (let which = 0; which < 2; which++) {
        const e = i + axis + 2 * which; // [x, y, w, h] order: center at axis, size at axis + 2
        const l = which === 0 ? lCenter : lSize;
        elem[e] = smoothL1Value(l, beta);
        const c = coefficient(red, e) * smoothL1Slope(l, beta);
        if (which === 0) {
          // d = tCenter - (lo + hi) / 2
          grad[i + axis] += c * dCenter * -0.5;
          grad[i + axis + 2] += c * dCenter * -0.5;
        } else {
          // size = hi - lo
          grad[i + axis] -= c * dSize;
          grad[i + axis + 2] += c * dSize;
        }
      }
    }
  }
}

/** Four elements per box, one weight per element; the reference has no zero for empty inputs here. */
const BOUNDED_IOU: ElementwiseLossSpec<BoundedIouParams> = {
  fn: 'boundedIouLoss',
  keys: ['beta', 'eps'],
  readParams: readBoundedIouParams,
  boxes: true,
  zeroWeightShortcut: true,
  emptyIsZero: false,
  kernel: boundedIouKernel,
};
