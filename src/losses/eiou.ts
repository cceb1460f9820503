/**
 * EIoU loss as in mmdetection: Peng, Yu, "A Systematic IoU-Related Method: Beyond Simplified
 * Regression for Better Localization" (IEEE TIP 2021), the "extended IoU" of libfacedetection:
 * the intersection is extended to disjoint boxes as a signed area (negative when the boxes are
 * apart, so the loss keeps growing with the gap), and a smooth-L1 is applied to `1 - IoU`.
 * (Not the "Focal and Efficient IoU" of Zhang et al., 2021, which shares the name.)
 *
 * For overlapping boxes the intersection is the geometry core's `intersectionArea`; for
 * disjoint boxes this loss's own signed extension (a strategy-specific primitive, used nowhere
 * else). The gradient is derived here. Matches mmdetection 3.x `EIoULoss` (`eiou_loss`).
 */
import { intersectionArea } from '../geometry/overlaps.js';
import { areaOf, maxGrad, minGrad } from './box-gradients.js';
import { coefficient, readNumberOption, type LossInput, type LossResult, type LossValue, type Reducer, type ReductionOptions } from './common.js';
import { readIouEps, runIouFamilyLoss, type IouFamilySpec } from './iou-family.js';
import { smoothL1Slope, smoothL1Value } from './smooth-l1.js';

const fround = Math.fround;

/** Options of {@link eiouLoss}. */
export interface EiouLossOptions extends ReductionOptions {
  /** Added to the union; > 0. Default 1e-6. */
  readonly eps?: number;
  /** Smooth-L1 threshold on `1 - IoU`, > 0. Default 0.1. */
  readonly smoothPoint?: number;
}

/**
 * The extended intersection of the pair at offset `i`: the intersection area when the boxes
 * overlap (or touch), a negative signed area when they are apart:
 * `(ix2 - ex1)(iy2 - ey1) + (xmin - ex1)(ymin - ey1) - (ix1 - ex1)(ymax - ey1) - (xmax - ex1)(iy1 - ey1)`
 * with `ix*, iy*` the intersection's corners (inverted when apart), `xmin/xmax` their min/max and
 * `ex1, ey1` the enclosing box's top-left corner.
 */
function extendedIntersection(p: Float32Array, t: Float32Array, i: number): number {
  const ix1 = p[i] > t[i] ? p[i] : t[i];
  const iy1 = p[i + 1] > t[i + 1] ? p[i + 1] : t[i + 1];
  const ix2 = p[i + 2] < t[i + 2] ? p[i + 2] : t[i + 2];
  const iy2 = p[i + 3] < t[i + 3] ? p[i + 3] : t[i + 3];
  if (ix1 <= ix2 && iy1 <= iy2) return intersectionArea(p, i, t, i);
  const ex1 = p[i] < t[i] ? p[i] : t[i];
  const ey1 = p[i + 1] < t[i + 1] ? p[i + 1] : t[i + 1];
  const xmin = ix1 < ix2 ? ix1 : ix2;
  const ymin = iy1 < iy2 ? iy1 : iy2;
  const xmax = ix1 > ix2 ? ix1 : ix2;
  const ymax = iy1 > iy2 ? iy1 : iy2;
  const a = fround(fround(ix2 - ex1) * fround(iy2 - ey1));
  const b = fround(fround(xmin - ex1) * fround(ymin - ey1));
  const c = fround(fround(ix1 - ex1) * fround(ymax - ey1));
  const d = fround(fround(xmax - ex1) * fround(iy1 - ey1));
  return fround(fround(fround(a + b) - c) - d);
}

/**
 * Gradient of the extended intersection with respect to the pred's `[x1, y1, x2, y2]` into
 * `out`, through the reference's formula (every min/max with torch's tie split).
 */
function extendedIntersectionGrad(p: Float32Array, t: Float32Array, i: number, out: Float64Array): void {
  const px1 = p[i];
  const py1 = p[i + 1];
  const px2 = p[i + 2];
  const py2 = p[i + 3];
  const tx1 = t[i];
  const ty1 = t[i + 1];
  const tx2 = t[i + 2];
  const ty2 = t[i + 3];
  const ex1 = px1 < tx1 ? px1 : tx1;
  const ey1 = py1 < ty1 ? py1 : ty1;
  const ix1 = px1 > tx1 ? px1 : tx1;
  const iy1 = py1 > ty1 ? py1 : ty1;
  const ix2 = px2 < tx2 ? px2 : tx2;
  const iy2 = py2 < ty2 ? py2 : ty2;
  const xmin = ix1 < ix2 ? ix1 : ix2;
  const ymin = iy1 < iy2 ? iy1 : iy2;
  const xmax = ix1 > ix2 ? ix1 : ix2;
  const ymax = iy1 > iy2 ? iy1 : iy2;
  // I = A B + C D - E F - G H
  const A = ix2 - ex1;
  const B = iy2 - ey1;
  const C = xmin - ex1;
  const D = ymin - ey1;
  const E = ix1 - ex1;
  const F = ymax - ey1;
  const G = xmax - ex1;
  const H = iy1 - ey1;
  const gXmin = D;
  const gYmin = C;
  const gXmax = -H;
  const gYmax = -E;
  let gIx1 = -F;
  let gIx2 = B;
  let gIy1 = -G;
  let gIy2 = A;
  const gEx1 = -(B + D - F - H);
  const gEy1 = -(A + C - E - G);
  gIx1 += gXmin * minGrad(ix1, ix2) + gXmax * maxGrad(ix1, ix2);
  gIx2 += gXmin * minGrad(ix2, ix1) + gXmax * maxGrad(ix2, ix1);
  gIy1 += gYmin * minGrad(iy1, iy2) + gYmax * maxGrad(iy1, iy2);
  gIy2 += gYmin * minGrad(iy2, iy1) + gYmax * maxGrad(iy2, iy1);
  out[0] = gEx1 * minGrad(px1, tx1) + gIx1 * maxGrad(px1, tx1);
  out[1] = gEy1 * minGrad(py1, ty1) + gIy1 * maxGrad(py1, ty1);
  out[2] = gIx2 * minGrad(px2, tx2);
  out[3] = gIy2 * minGrad(py2, ty2);
}

/**
 * EIoU loss (mmdetection's) and its gradient.
 *
 * With I the extended intersection (the overlap area, negative when the boxes are apart),
 * `U = area_p + area_t - I + eps` and `d = 1 - I / U`:
 *   `loss = 0.5 d^2 / s` if d < s, else `d - 0.5 s` (s = `smoothPoint`).
 *
 * Steps: 1. one loss per box pair, `[n]`; 2. `weight` `[n]` or `[n * 4]` (averaged per box);
 * when a weight is given and none of it is positive the result is the reference's shortcut
 * `sum(pred * weight)` with gradient `weight` (with `reduction: 'none'` as per-box terms);
 * 3. reduction over n (mean of nothing is NaN); 4. `* lossWeight`.
 *
 * @param pred `[n * 4]` predicted boxes `[x1, y1, x2, y2]` (inverted boxes accepted).
 * @param target `[n * 4]` target boxes.
 * @returns `loss` (a number, or `[n]` with `reduction: 'none'`) and `gradPred` `[n * 4]`.
 * @throws {LabelAssignError} on an unknown option, eps or smoothPoint <= 0, bad lengths,
 *   non-finite values, an inverted target, a weight length other than n or 4n, `avgFactor`
 *   with `'sum'`.
 * @example
 * eiouLoss([[0, 0, 10, 10]], [[0, 0, 10, 5]], { reduction: 'sum' }).loss; // d = 0.5: 0.45
 */
export function eiouLoss<O extends EiouLossOptions = Record<never, never>>(pred: LossInput, target: LossInput, options: O = {} as O): LossResult<LossValue<O>> {
  return runIouFamilyLoss(EIOU, pred, target, options) as LossResult<LossValue<O>>;
}

interface EiouParams {
  readonly eps: number;
  readonly smoothPoint: number;
}

function readEiouParams(fn: string, record: Record<string, unknown>): EiouParams {
  const eps = readIouEps(fn, record);
  return { eps, smoothPoint: fround(readNumberOption(fn, record, 'smoothPoint', 0.1, { min: 0, exclusiveMin: true })) };
}

/** The EIoU loss of every box pair (see {@link eiouLoss}). */
function eiouKernel(p: Float32Array, t: Float32Array, { eps, smoothPoint }: EiouParams, red: Reducer, elem: Float32Array, grad: Float32Array): void {
  const dI = new Float64Array(4);
  for (let b = 0; b < elem.length; b++) {
    const i = 4 * b;
    const inter = extendedIntersection(p, t, i);
    const union = fround(fround(fround(areaOf(p, i) + areaOf(t, i)) - inter) + eps);
    const d = fround(1 - fround(inter / union));
    elem[b] = smoothL1Value(d, smoothPoint);
    extendedIntersectionGrad(p, t, i, dI);
    const w = fround(p[i + 2] - p[i]);
    const h = fround(p[i + 3] - p[i + 1]);
    const dArea0 = -h;
    const dArea1 = -w;
    const c = coefficient(red, b) * smoothL1Slope(d, smoothPoint);
    const u2 = union * union;
    for (let k = 0; k < 4; k++) {
      const dArea = k === 0 ? dArea0 : k === 1 ? dArea1 : k === 2 ? h : w;
      const dUnion = dArea - dI[k];
      // d = 1 - I / U
      grad[i + k] = -c * ((dI[k] * union - inter * dUnion) / u2);
    }
  }
}

const EIOU: IouFamilySpec<EiouParams> = { fn: 'eiouLoss', keys: ['eps', 'smoothPoint'], shortcutWithNone: true, readParams: readEiouParams, kernel: eiouKernel };
