/**
 * SIoU loss: Gevorgyan, "SIoU Loss: More Powerful Learning for Bounding Box Regression"
 * (arXiv 2205.12740, 2022). `1 - IoU + (distance cost + shape cost) / 2`, where the distance
 * cost measures the center offset relative to the enclosing box, weighted by an angle cost that
 * favours moving along an axis, and the shape cost compares widths and heights.
 *
 * The IoU's intersection comes from the geometry core (`intersectionArea`, via `iouGradInto`);
 * the costs and the gradient are derived here. Matches mmdetection 3.x `SIoULoss` (`siou_loss`),
 * including its default `neg_gamma=False`, under which the distance cost turns negative for
 * far-apart boxes (their loss clamps to 0), except at zero widths (see {@link siouLoss}).
 */
import { D_IOU, iouGradInto, IOU_SCRATCH, maxGrad, minGrad } from './box-gradients.js';
import { coefficient, readBooleanOption, sign, type LossInput, type LossResult, type LossValue, type Reducer, type ReductionOptions } from './common.js';
import { readIouEps, runIouFamilyLoss, type IouFamilySpec } from './iou-family.js';

const fround = Math.fround;
/** The reference's `pow(2, 0.5) / 2`, compared with float32 values. */
const THRESHOLD = Math.fround(Math.SQRT2 / 2);
const HALF_PI = Math.fround(Math.PI / 2);

/** Options of {@link siouLoss}. */
export interface SiouLossOptions extends ReductionOptions {
  /** Added to the union, the heights and the center offsets, the floor of the enclosing sides; > 0. Default 1e-6. */
  readonly eps?: number;
  /**
   * `true`: the paper's `gamma = angle_cost - 2`; `false` (default, mmdetection's default):
   * `gamma = 2 - angle_cost`.
   */
  readonly negGamma?: boolean;
}

/**
 * SIoU loss and its gradient.
 *
 * With `s_x = (x_t - x_p) + eps`, `s_y` likewise (center offsets), `sigma = sqrt(s_x^2 + s_y^2)`,
 * `sin a = |s_x| / sigma` or `|s_y| / sigma` (whichever is <= sqrt(2) / 2),
 * `angle = cos(2 asin(sin a) - pi / 2)`, `gamma = 2 - angle` (or `angle - 2` with `negGamma`),
 * `rho_x = (s_x / c_w)^2`, `rho_y = (s_y / c_h)^2` (c: enclosing box sides, at least eps),
 * `distance = 2 - e^(gamma rho_x) - e^(gamma rho_y)`,
 * `omega_w = |w_p - w_t| / max(w_p, w_t)`, `omega_h` likewise (heights plus eps),
 * `shape = (1 - e^-omega_w)^4 + (1 - e^-omega_h)^4`:
 *   `SIoU = clamp(IoU - (distance + shape) / 2, -1, 1)`, `loss = 1 - SIoU`.
 *
 * Widths have no eps, so a zero-width target with a pred of width 0 makes the reference's
 * `omega_w` 0 / 0 = NaN (loss and gradient NaN), and with a negative pred width its gradient
 * 0 * Infinity = NaN; this function returns the limits instead (`omega_w` 0 for equal widths,
 * and no gradient through the shape cost where `max(w_p, w_t) = 0`).
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
 * siouLoss([[0, 0, 10, 10]], [[2, 0, 12, 10]], { negGamma: true, reduction: 'sum' }).loss;
 */
export function siouLoss<O extends SiouLossOptions = Record<never, never>>(pred: LossInput, target: LossInput, options: O = {} as O): LossResult<LossValue<O>> {
  return runIouFamilyLoss(SIOU, pred, target, options) as LossResult<LossValue<O>>;
}

interface SiouParams {
  readonly eps: number;
  readonly negGamma: boolean;
}

function readSiouParams(fn: string, record: Record<string, unknown>): SiouParams {
  const eps = readIouEps(fn, record);
  return { eps, negGamma: readBooleanOption(fn, record, 'negGamma', false) };
}

/** The SIoU loss of every box pair (see {@link siouLoss}). */
function siouKernel(p: Float32Array, t: Float32Array, { eps, negGamma }: SiouParams, red: Reducer, elem: Float32Array, grad: Float32Array): void {
  const s = new Float64Array(IOU_SCRATCH);
  for (let b = 0; b < elem.length; b++) {
    const i = 4 * b;
    const x1 = p[i];
    const y1 = p[i + 1];
    const x2 = p[i + 2];
    const y2 = p[i + 3];
    const X1 = t[i];
    const Y1 = t[i + 1];
    const X2 = t[i + 2];
    const Y2 = t[i + 3];
    // IoU with eps added to the union (intersection from the geometry core), and its gradient
    const iou = iouGradInto(p, t, i, eps, 'add', s);
    // enclosing box sides, clamped at eps
    const cwRaw = fround((x2 > X2 ? x2 : X2) - (x1 < X1 ? x1 : X1));
    const chRaw = fround((y2 > Y2 ? y2 : Y2) - (y1 < Y1 ? y1 : Y1));
    const cw = cwRaw < eps ? eps : cwRaw;
    const ch = chRaw < eps ? eps : chRaw;
    const w1 = fround(x2 - x1);
    const h1 = fround(fround(y2 - y1) + eps);
    const w2 = fround(X2 - X1);
    const h2 = fround(fround(Y2 - Y1) + eps);
    // angle cost
    const sx = fround(fround(fround(fround(fround(X1 + X2) - x1) - x2) * 0.5) + eps);
    const sy = fround(fround(fround(fround(fround(Y1 + Y2) - y1) - y2) * 0.5) + eps);
    const sigma = fround(Math.sqrt(fround(fround(sx * sx) + fround(sy * sy))));
    // sigma is 0 when the center offset (plus eps) is 0 or its squares underflow float32 (a tiny
    // eps on coinciding centers): the reference's |sx| / sigma is then 0 / 0 or x / 0 and its
    // loss NaN. The offset is then no direction at all; its limit is taken: angle of sin 0 (the
    // distance cost, gamma * (s / c)^2, is 0 whatever the angle) and no gradient through sigma.
    const flat = sigma === 0;
    const sin1 = flat ? 0 : fround(Math.abs(sx) / sigma);
    const sin2 = flat ? 0 : fround(Math.abs(sy) / sigma);
    const useY = sin1 > THRESHOLD;
    const sinA = useY ? sin2 : sin1;
    const asinA = fround(Math.asin(sinA));
    const phase = fround(fround(asinA * 2) - HALF_PI);
    const angle = fround(Math.cos(phase));
    // distance cost
    const qx = fround(sx / cw);
    const qy = fround(sy / ch);
    const rhoX = fround(qx * qx);
    const rhoY = fround(qy * qy);
    const gamma = negGamma ? fround(angle - 2) : fround(2 - angle);
    const expX = fround(Math.exp(fround(gamma * rhoX)));
    const expY = fround(Math.exp(fround(gamma * rhoY)));
    const distance = fround(fround(2 - expX) - expY);
    // shape cost
    const dw = fround(w1 - w2);
    const dh = fround(h1 - h2);
    const mw = w1 > w2 ? w1 : w2;
    const mh = h1 > h2 ? h1 : h2;
    // Widths carry no eps: with a zero-width target and a pred of width <= 0, max(w_p, w_t) is 0.
    // The reference's 0 / 0 there is NaN; equal widths have no shape cost (omega 0), and a
    // negative pred width gives the reference's |dw| / 0 = Infinity (shape cost 1).
    const omegaW = mw > 0 ? fround(Math.abs(dw) / mw) : dw === 0 ? 0 : Infinity;
    const omegaH = fround(Math.abs(dh) / mh);
    const eW = fround(Math.exp(-omegaW));
    const eH = fround(Math.exp(-omegaH));
    const baseW = fround(1 - eW);
    const baseH = fround(1 - eH);
    const shape = fround(fround(Math.pow(baseW, 4)) + fround(Math.pow(baseH, 4)));
    const siou = fround(iou - fround(0.5 * fround(distance + shape)));
    elem[b] = fround(1 - (siou < -1 ? -1 : siou > 1 ? 1 : siou));
    if (!(siou >= -1 && siou <= 1)) continue; // the clamp passes no gradient outside [-1, 1]

    // Reverse pass: g_* = d(siou) / d(*).
    const gDistance = -0.5;
    const gShape = -0.5;
    // distance = 2 - exp(gamma rho_x) - exp(gamma rho_y)
    const gGamma = gDistance * -(expX * rhoX + expY * rhoY);
    const gRhoX = gDistance * -expX * gamma;
    const gRhoY = gDistance * -expY * gamma;
    const gAngle = negGamma ? gGamma : -gGamma;
    // angle = cos(2 asin(sinA) - pi/2)
    const gSinA = gAngle * -Math.sin(phase) * (2 / Math.sqrt(1 - sinA * sinA));
    let gSx = 0;
    let gSy = 0;
    let gSigma = 0;
    if (flat) {
      // No direction: sin A is held at 0 (see above), so nothing flows through sigma.
    } else if (useY) {
      gSy += gSinA * (sign(sy) / sigma);
      gSigma += -gSinA * (Math.abs(sy) / (sigma * sigma));
    } else {
      gSx += gSinA * (sign(sx) / sigma);
      gSigma += -gSinA * (Math.abs(sx) / (sigma * sigma));
    }
    if (!flat) {
      gSx += gSigma * (sx / sigma);
      gSy += gSigma * (sy / sigma);
    }
    // rho = (s / c)^2
    gSx += gRhoX * 2 * qx / cw;
    gSy += gRhoY * 2 * qy / ch;
    const gCw = (-gRhoX * 2 * qx * sx) / (cw * cw);
    const gCh = (-gRhoY * 2 * qy * sy) / (ch * ch);
    // shape = (1 - e^-omega_w)^4 + (1 - e^-omega_h)^4
    const gOmegaW = gShape * 4 * baseW * baseW * baseW * eW;
    const gOmegaH = gShape * 4 * baseH * baseH * baseH * eH;
    // omega = |w1 - w2| / max(w1, w2)
    // At max(w_p, w_t) = 0 the shape cost is flat (omega 0 at a tie, e^-omega = 0 at Infinity).
    const gW1 = mw > 0 ? gOmegaW * (sign(dw) / mw - (Math.abs(dw) / (mw * mw)) * maxGrad(w1, w2)) : 0;
    const gH1 = gOmegaH * (sign(dh) / mh - (Math.abs(dh) / (mh * mh)) * maxGrad(h1, h2));
    const cwGate = cwRaw >= eps ? gCw : 0;
    const chGate = chRaw >= eps ? gCh : 0;
    const c = coefficient(red, b);
    // d loss = -d siou; s = (X1 + X2 - x1 - x2) / 2 + eps; w1 = x2 - x1; cw = max(x2, X2) - min(x1, X1)
    grad[i] = -c * (s[D_IOU] - 0.5 * gSx - gW1 - cwGate * minGrad(x1, X1));
    grad[i + 1] = -c * (s[D_IOU + 1] - 0.5 * gSy - gH1 - chGate * minGrad(y1, Y1));
    grad[i + 2] = -c * (s[D_IOU + 2] - 0.5 * gSx + gW1 + cwGate * maxGrad(x2, X2));
    grad[i + 3] = -c * (s[D_IOU + 3] - 0.5 * gSy + gH1 + chGate * maxGrad(y2, Y2));
  }
}

const SIOU: IouFamilySpec<SiouParams> = { fn: 'siouLoss', keys: ['eps', 'negGamma'], shortcutWithNone: true, readParams: readSiouParams, kernel: siouKernel };
