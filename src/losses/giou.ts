/**
 * GIoU loss: Rezatofighi, Tsoi, Gwak, Sadeghian, Reid, Savarese, "Generalized Intersection over
 * Union: A Metric and A Loss for Bounding Box Regression" (CVPR 2019). `1 - GIoU`, where GIoU
 * subtracts from the IoU the fraction of the smallest enclosing box not covered by the union,
 * so disjoint boxes still get a useful gradient.
 *
 * The GIoU values come from the geometry core (`alignedOverlapsInto`, mode `giou`, mmdetection's
 * `bbox_overlaps`); the gradient is derived here. Matches mmdetection 3.x `GIoULoss`.
 */
import { D_IOU, D_UNION, enclosingHeight, enclosingSideGrad, enclosingWidth, iouGradInto, IOU_SCRATCH, UNION } from './box-gradients.js';
import { coefficient, type LossInput, type LossResult, type LossValue, type Reducer, type ReductionOptions } from './common.js';
import { EPS_KEYS, oneMinusOverlapInto, readIouEps, runIouFamilyLoss, type IouFamilySpec } from './iou-family.js';

const fround = Math.fround;

/** Options of {@link giouLoss}. */
export interface GiouLossOptions extends ReductionOptions {
  /** The union and the enclosing area are clamped to at least eps (> 0). Default 1e-6. */
  readonly eps?: number;
}

/**
 * GIoU loss and its gradient.
 *
 * With C the area of the smallest box enclosing both, U the union (both clamped to >= eps):
 *   `GIoU = IoU - (C - U) / C`,  `loss = 1 - GIoU`, in [0, 2].
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
 * giouLoss([[0, 0, 10, 10]], [[20, 0, 30, 10]], { reduction: 'sum' }).loss; // 1 + 10/30
 */
export function giouLoss<O extends GiouLossOptions = Record<never, never>>(pred: LossInput, target: LossInput, options: O = {} as O): LossResult<LossValue<O>> {
  return runIouFamilyLoss(GIOU, pred, target, options) as LossResult<LossValue<O>>;
}

/** The GIoU loss of every box pair (see {@link giouLoss}). */
function giouKernel(p: Float32Array, t: Float32Array, eps: number, red: Reducer, elem: Float32Array, grad: Float32Array): void {
  oneMinusOverlapInto(p, t, 'giou', eps, elem);
  const s = new Float64Array(IOU_SCRATCH);
  const dSide = new Float64Array(4);
  for (let b = 0; b < elem.length; b++) {
    const i = 4 * b;
    iouGradInto(p, t, i, eps, 'clamp', s);
    const union = s[UNION];
    const cw = enclosingWidth(p, t, i, 0);
    const ch = enclosingHeight(p, t, i, 0);
    enclosingSideGrad(p, t, i, 0, dSide);
    const rawEnclose = fround(cw * ch);
    const enclose = rawEnclose > eps ? rawEnclose : eps;
    const gate = rawEnclose > eps ? 1 : rawEnclose === eps ? 0.5 : 0;
    const c = coefficient(red, b);
    const e2 = enclose * enclose;
    for (let k = 0; k < 4; k++) {
      // d enclose: width terms (x1, x2) times the height, height terms (y1, y2) times the width
      const dEnclose = gate * ((k & 1) === 0 ? ch * dSide[k] : cw * dSide[k]);
      const dGiou = s[D_IOU + k] + (s[D_UNION + k] * enclose - union * dEnclose) / e2;
      grad[i + k] = -c * dGiou;
    }
  }
}

const GIOU: IouFamilySpec<number> = { fn: 'giouLoss', keys: EPS_KEYS, shortcutWithNone: true, readParams: readIouEps, kernel: giouKernel };
