/**
 * CIoU loss: Zheng, Wang, Liu, Li, Ye, Ren, "Distance-IoU Loss: Faster and Better Learning for
 * Bounding Box Regression" (AAAI 2020) and Zheng et al., "Enhancing Geometric Factors in Model
 * Learning and Inference for Object Detection and Instance Segmentation" (IEEE TCYB 2021). DIoU
 * plus an aspect-ratio consistency term `alpha v`.
 *
 * The CIoU values come from the geometry core (`alignedOverlapsInto`, mode `ciou`, which follows
 * mmdetection's `ciou_loss`); the gradient is derived here. Matches mmdetection 3.x `CIoULoss`,
 * except at identical boxes (see {@link ciouLoss}).
 */
import { D_DIOU, diouGradInto, diouScratch, PENALTY } from './box-gradients.js';
import { coefficient, type LossInput, type LossResult, type LossValue, type Reducer, type ReductionOptions } from './common.js';
import { EPS_KEYS, oneMinusOverlapInto, readIouEps, runIouFamilyLoss, type IouFamilySpec } from './iou-family.js';

const fround = Math.fround;

/** float32(4 / pi^2), the aspect-ratio factor. */
const CIOU_FACTOR = Math.fround(4 / (Math.PI * Math.PI));

/** Options of {@link ciouLoss}. */
export interface CiouLossOptions extends ReductionOptions {
  /** Added to the union, the squared enclosing diagonal and both heights; > 0. Default 1e-6. */
  readonly eps?: number;
}

/**
 * CIoU loss and its gradient.
 *
 * With DIoU as in {@link diouLoss}, `v = 4 / pi^2 (atan(w_t / h_t) - atan(w_p / h_p))^2` (heights
 * plus eps) and `alpha = v / (1 - IoU + v)` where IoU > 0.5, else 0 (mmdetection's rule; alpha is
 * a constant for the gradient, as in the paper and the reference):
 *   `CIoU = clamp(DIoU - alpha v, -1, 1)`,  `loss = 1 - CIoU`.
 *
 * Identical boxes (IoU rounding to 1 in float32, v = 0) make the reference's alpha 0 / 0 = NaN,
 * hence a NaN loss and gradient; this function returns the limit instead (alpha v = 0, loss 0).
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
 * ciouLoss([[0, 0, 10, 10]], [[0, 0, 20, 10]], { reduction: 'none' }).loss;
 */
export function ciouLoss<O extends CiouLossOptions = Record<never, never>>(pred: LossInput, target: LossInput, options: O = {} as O): LossResult<LossValue<O>> {
  return runIouFamilyLoss(CIOU, pred, target, options) as LossResult<LossValue<O>>;
}

/**
 * {@link ciouLoss} with the reference's NaN at identical boxes (alpha = 0 / 0). For the interop
 * layer only.
 * @internal
 */
export function ciouLossLikeReference(pred: LossInput, target: LossInput, options: CiouLossOptions = {}): LossResult {
  return runIouFamilyLoss(CIOU_LIKE_REFERENCE, pred, target, options);
}

/** The CIoU loss of every box pair (see {@link ciouLoss}); `referenceNaN`: alpha = 0 / 0 is NaN, as the reference's. */
function ciouKernel(p: Float32Array, t: Float32Array, eps: number, referenceNaN: boolean, red: Reducer, elem: Float32Array, grad: Float32Array): void {
  oneMinusOverlapInto(p, t, referenceNaN ? 'ciou-nan' : 'ciou', eps, elem);
  const scratch = diouScratch();
  const s = scratch.s;
  for (let b = 0; b < elem.length; b++) {
    const i = 4 * b;
    const iou = diouGradInto(p, t, i, eps, scratch);
    const penalty = s[PENALTY];
    const w1 = fround(p[i + 2] - p[i]);
    const h1 = fround(fround(p[i + 3] - p[i + 1]) + eps);
    const w2 = fround(t[i + 2] - t[i]);
    const h2 = fround(fround(t[i + 3] - t[i + 1]) + eps);
    const r = fround(w1 / h1);
    const dAtan = fround(fround(Math.atan(fround(w2 / h2))) - fround(Math.atan(r)));
    const v = fround(CIOU_FACTOR * fround(dAtan * dAtan));
    let alpha = 0;
    if (iou > 0.5) {
      const denominator = fround(fround(1 - iou) + v);
      alpha = denominator > 0 ? fround(v / denominator) : referenceNaN ? NaN : 0;
    }
    const c = coefficient(red, b);
    if (Number.isNaN(alpha)) {
      // The reference's gradient through alpha * v is NaN * dv: NaN for every coordinate.
      for (let k = 0; k < 4; k++) grad[i + k] = NaN;
      continue;
    }
    const raw = fround(iou - fround(penalty + fround(alpha * v)));
    if (!(raw >= -1 && raw <= 1)) continue; // clamp(-1, 1) passes no gradient outside
    // dv/d[x1, y1, x2, y2] through r = w1 / h1: dr = [-1/h1, w1/h1^2, 1/h1, -w1/h1^2]
    const dvdr = (-2 * CIOU_FACTOR * dAtan) / (1 + r * r);
    const dr0 = -1 / h1;
    const dr1 = w1 / (h1 * h1);
    const dv0 = dvdr * dr0;
    const dv1 = dvdr * dr1;
    grad[i] = -c * (s[D_DIOU] - alpha * dv0);
    grad[i + 1] = -c * (s[D_DIOU + 1] - alpha * dv1);
    grad[i + 2] = -c * (s[D_DIOU + 2] + alpha * dv0);
    grad[i + 3] = -c * (s[D_DIOU + 3] + alpha * dv1);
  }
}

const CIOU: IouFamilySpec<number> = {
  fn: 'ciouLoss',
  keys: EPS_KEYS,
  shortcutWithNone: true,
  readParams: readIouEps,
  kernel: (p, t, eps, red, elem, grad) => ciouKernel(p, t, eps, false, red, elem, grad),
};
const CIOU_LIKE_REFERENCE: IouFamilySpec<number> = { ...CIOU, referenceNaN: true, kernel: (p, t, eps, red, elem, grad) => ciouKernel(p, t, eps, true, red, elem, grad) };
