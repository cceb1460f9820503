/**
 * Shared machinery of the IoU-family losses: reading aligned pred / target boxes and their
 * weights (with the reference's no-positive-weight shortcut), and the partial derivatives of the
 * overlap quantities those losses differentiate. The overlap values themselves come from the
 * geometry core (src/geometry/overlaps.ts: `intersectionArea`, `iouOfPair`); this module only
 * adds their gradients.
 *
 * torch splits the gradient of an elementwise max / min equally between tied inputs and lets a
 * clamp pass it at its bounds (inclusive); the helpers follow both conventions, so gradients at
 * touching or aligned boxes match the reference's.
 */
import { boxArea } from '../geometry/float32.js';
import { intersectionArea, iouOfPair } from '../geometry/overlaps.js';
import {
  checkLossOptions,
  lengthError,
  makeReducer,
  noPositiveWeight,
  plural,
  readFloat32,
  resolveReduction,
  weightedPredShortcut,
  type ElementWeight,
  type LossResult,
  type Reducer,
} from './common.js';
import { invalidArgument } from '../errors.js';
import { checkCoordinates } from '../validate.js';

const fround = Math.fround;

/** `d max(a, b) / da` as torch's maximum backward: 1, 1/2 on a tie, 0. */
export function maxGrad(a: number, b: number): number {
  return a > b ? 1 : a === b ? 0.5 : 0;
}

/** `d min(a, b) / da` as torch's minimum backward: 1, 1/2 on a tie, 0. */
export function minGrad(a: number, b: number): number {
  return a < b ? 1 : a === b ? 0.5 : 0;
}

/**
 * Gradient of the intersection area of pred box `p` (offset `i`) and target box `t` (offset `i`)
 * with respect to the pred's `[x1, y1, x2, y2]`, written to `out[at..at+3]`; the reference clamps
 * the intersection's width and height at 0 (`(rb - lt).clamp(min=0)`).
 */
export function intersectionGrad(p: Float32Array, t: Float32Array, i: number, out: Float64Array, at = 0): void {
  const x1 = p[i];
  const y1 = p[i + 1];
  const x2 = p[i + 2];
  const y2 = p[i + 3];
  const X1 = t[i];
  const Y1 = t[i + 1];
  const X2 = t[i + 2];
  const Y2 = t[i + 3];
  const iwRaw = fround((x2 < X2 ? x2 : X2) - (x1 > X1 ? x1 : X1));
  const ihRaw = fround((y2 < Y2 ? y2 : Y2) - (y1 > Y1 ? y1 : Y1));
  const iw = iwRaw > 0 ? iwRaw : 0;
  const ih = ihRaw > 0 ? ihRaw : 0;
  const gx = iwRaw >= 0 ? ih : 0;
  const gy = ihRaw >= 0 ? iw : 0;
  out[at] = -gx * maxGrad(x1, X1);
  out[at + 2] = gx * minGrad(x2, X2);
  out[at + 1] = -gy * maxGrad(y1, Y1);
  out[at + 3] = gy * minGrad(y2, Y2);
}

/**
 * Gradient of the enclosing box's width (`out[0], out[2]` for x1, x2) and height (`out[1], out[3]`
 * for y1, y2) with respect to the pred, with the reference's clamp of width and height at
 * `floor` (0, or eps for SIoU) applied as a gate.
 */
export function enclosingSideGrad(p: Float32Array, t: Float32Array, i: number, floor: number, out: Float64Array): void {
  const x1 = p[i];
  const y1 = p[i + 1];
  const x2 = p[i + 2];
  const y2 = p[i + 3];
  const X1 = t[i];
  const Y1 = t[i + 1];
  const X2 = t[i + 2];
  const Y2 = t[i + 3];
  const cwRaw = fround((x2 > X2 ? x2 : X2) - (x1 < X1 ? x1 : X1));
  const chRaw = fround((y2 > Y2 ? y2 : Y2) - (y1 < Y1 ? y1 : Y1));
  const gx = cwRaw >= floor ? 1 : 0;
  const gy = chRaw >= floor ? 1 : 0;
  out[0] = -gx * minGrad(x1, X1);
  out[2] = gx * maxGrad(x2, X2);
  out[1] = -gy * minGrad(y1, Y1);
  out[3] = gy * maxGrad(y2, Y2);
}

/** Float32 width of the box enclosing the pair at offset `i`, clamped below at `floor`. */
export function enclosingWidth(p: Float32Array, t: Float32Array, i: number, floor: number): number {
  const cw = fround((p[i + 2] > t[i + 2] ? p[i + 2] : t[i + 2]) - (p[i] < t[i] ? p[i] : t[i]));
  return cw < floor ? floor : cw;
}

/** Float32 height of the box enclosing the pair at offset `i`, clamped below at `floor`. */
export function enclosingHeight(p: Float32Array, t: Float32Array, i: number, floor: number): number {
  const ch = fround((p[i + 3] > t[i + 3] ? p[i + 3] : t[i + 3]) - (p[i + 1] < t[i + 1] ? p[i + 1] : t[i + 1]));
  return ch < floor ? floor : ch;
}

/** Float32 area of box `i` (offset) of flat boxes, signed as the reference's (the geometry core's `boxArea`). */
export const areaOf = boxArea;

/**
 * Reads aligned pred and target boxes for a box loss: `pred` may be inverted (x2 < x1 gives a
 * signed area, as a network's raw output may be), `target` must be proper boxes.
 * @throws {LabelAssignError} on lengths not a multiple of 4, different box counts, non-finite
 *   values or values beyond ±1e15 (`MAX_COORDINATE`), or an inverted target.
 */
export function readBoxPair(fn: string, pred: unknown, target: unknown): [Float32Array, Float32Array] {
  const p = readFloat32(fn, 'pred', pred, 4);
  const t = readFloat32(fn, 'target', target, 4);
  if (t.length !== p.length) throw lengthError(fn, 'target', `${plural(p.length / 4, 'box', 'boxes')} (one per pred box)`, t.length / 4);
  // Bounded like every box of the toolkit, so float32 areas and squared distances stay finite.
  checkCoordinates(fn, p, (i) => `pred[${i >> 2}][${i & 3}]`);
  checkCoordinates(fn, t, (i) => `target[${i >> 2}][${i & 3}]`);
  for (let i = 0; i < t.length; i += 4) {
    if (t[i + 2] < t[i]) throw invalidArgument(fn, `target[${i / 4}].x2`, `>= x1 (${t[i]})`, t[i + 2]);
    if (t[i + 3] < t[i + 1]) throw invalidArgument(fn, `target[${i / 4}].y2`, `>= y1 (${t[i + 1]})`, t[i + 3]);
  }
  return [p, t];
}

/**
 * Reads the weight of a box loss with one loss per box: `[n]` or `[n * 4]`; a `[n * 4]` weight
 * is averaged over each box's 4 values first (the reference's `weight.mean(-1)`), except in the
 * no-positive-weight shortcut, which uses it as given.
 */
export function readBoxWeight(fn: string, value: unknown, numBoxes: number): ElementWeight | null {
  if (value === undefined || value === null) return null;
  const values = readFloat32(fn, 'options.weight', value);
  if (values.length === numBoxes && numBoxes * 4 !== values.length) return { values, repeat: 4 };
  if (values.length === numBoxes * 4) return { values, repeat: 1 };
  throw lengthError(fn, 'options.weight', `${plural(numBoxes, 'value')} (one per box) or ${numBoxes * 4} (one per coordinate)`, values.length);
}

/** A per-coordinate box weight `[n * 4]` averaged to `[n]` in float32; a per-box one as is. */
export function perBoxWeight(weight: ElementWeight | null): ElementWeight | null {
  if (weight === null || weight.repeat === 4) return weight === null ? null : { values: weight.values, repeat: 1 };
  const w = weight.values;
  const out = new Float32Array(w.length / 4);
  for (let i = 0; i < out.length; i++) {
    out[i] = fround(fround(fround(fround(w[4 * i] + w[4 * i + 1]) + w[4 * i + 2]) + w[4 * i + 3]) / 4);
  }
  return { values: out, repeat: 1 };
}

/** A box loss ready to run; `shortcut` is set when the reference's no-positive-weight shortcut applies. */
export interface PreparedBoxLoss {
  readonly record: Record<string, unknown>;
  readonly pred: Float32Array;
  readonly target: Float32Array;
  readonly numBoxes: number;
  readonly reducer: Reducer;
  readonly shortcut: LossResult | null;
}

/**
 * The common frame of the IoU-family losses (one loss per box, weights `[n]` or `[n * 4]`):
 * checks options (`known` plus the reduction keys), reads the boxes and the weight, and computes
 * the reference's shortcut result when a weight is given and none of it is positive
 * (`shortcutWithNone`: whether it also applies with `reduction: 'none'`; IoULoss skips it there).
 * The caller reads its own options from `record` before returning a shortcut.
 */
export function prepareBoxLoss(
  fn: string,
  pred: unknown,
  target: unknown,
  options: unknown,
  known: readonly string[],
  shortcutWithNone: boolean,
): PreparedBoxLoss {
  const record = checkLossOptions(fn, options, known);
  const reduction = resolveReduction(fn, record);
  const [p, t] = readBoxPair(fn, pred, target);
  const numBoxes = p.length / 4;
  const weight = readBoxWeight(fn, record.weight, numBoxes);
  const shortcut =
    noPositiveWeight(weight) && (shortcutWithNone || reduction.reduction !== 'none') ? weightedPredShortcut(p, weight, reduction.reduction, 4) : null;
  return { record, pred: p, target: t, numBoxes, reducer: makeReducer(reduction, numBoxes, perBoxWeight(weight)), shortcut };
}

/** Slots of the scratch array {@link iouGradInto} fills. */
export const D_IOU = 0; // d iou / d pred, 4 values
export const D_UNION = 4; // d union / d pred, 4 values
export const D_OVERLAP = 8; // d overlap / d pred, 4 values
export const UNION = 12; // the union (float32, after eps)
export const OVERLAP = 13; // the intersection area (float32)
/** Size of the scratch array of {@link iouGradInto}. */
export const IOU_SCRATCH = 14;

/**
 * IoU of pred box and target box at offset `i`, and its gradient with respect to the pred, into
 * `s` (see the slot constants). The intersection comes from the geometry core. `unionEps`:
 * `'clamp'` divides by `max(union, eps)` (`bbox_overlaps`), `'add'` by `union + eps` (the
 * DIoU / CIoU / SIoU / EIoU losses). Returns the float32 IoU exactly as the reference computes it.
 */
export function iouGradInto(p: Float32Array, t: Float32Array, i: number, eps: number, unionEps: 'clamp' | 'add', s: Float64Array): number {
  const overlap = intersectionArea(p, i, t, i);
  const ap = areaOf(p, i);
  const at = areaOf(t, i);
  intersectionGrad(p, t, i, s, D_OVERLAP);
  const w = fround(p[i + 2] - p[i]);
  const h = fround(p[i + 3] - p[i + 1]);
  const raw = fround(fround(ap + at) - overlap);
  let union: number;
  let gate: number;
  if (unionEps === 'add') {
    union = fround(raw + eps);
    gate = 1;
  } else {
    union = raw > eps ? raw : eps;
    gate = raw > eps ? 1 : raw === eps ? 0.5 : 0;
  }
  // d area / d [x1, y1, x2, y2] = [-h, -w, h, w]
  s[D_UNION] = gate * (-h - s[D_OVERLAP]);
  s[D_UNION + 1] = gate * (-w - s[D_OVERLAP + 1]);
  s[D_UNION + 2] = gate * (h - s[D_OVERLAP + 2]);
  s[D_UNION + 3] = gate * (w - s[D_OVERLAP + 3]);
  const u2 = union * union;
  for (let k = 0; k < 4; k++) s[D_IOU + k] = (s[D_OVERLAP + k] * union - overlap * s[D_UNION + k]) / u2;
  s[UNION] = union;
  s[OVERLAP] = overlap;
  return unionEps === 'add' ? fround(overlap / union) : iouOfPair(p, i, ap, t, i, at, eps);
}


/**
 * The DIoU penalty `rho^2 / c^2` of the pair at offset `i` (squared center distance over the
 * squared enclosing diagonal plus eps, float32 as the reference) and its gradient with respect to
 * the pred into `out[0..3]`. `side` is a 4-slot scratch array.
 */
export function distancePenaltyGrad(p: Float32Array, t: Float32Array, i: number, eps: number, side: Float64Array, out: Float64Array): number {
  const cw = enclosingWidth(p, t, i, 0);
  const ch = enclosingHeight(p, t, i, 0);
  enclosingSideGrad(p, t, i, 0, side);
  const c2 = fround(fround(fround(cw * cw) + fround(ch * ch)) + eps);
  const dx = fround(fround(t[i] + t[i + 2]) - fround(p[i] + p[i + 2]));
  const dy = fround(fround(t[i + 1] + t[i + 3]) - fround(p[i + 1] + p[i + 3]));
  const rho2 = fround(fround(fround(dx * dx) / 4) + fround(fround(dy * dy) / 4));
  const c4 = c2 * c2;
  for (let k = 0; k < 4; k++) {
    const even = (k & 1) === 0;
    const dC2 = 2 * (even ? cw : ch) * side[k];
    const dRho2 = -(even ? dx : dy) / 2;
    out[k] = (dRho2 * c2 - rho2 * dC2) / c4;
  }
  return fround(rho2 / c2);
}

/** Slots of the scratch array of {@link diouGradInto}, after the {@link iouGradInto} slots. */
export const D_DIOU = IOU_SCRATCH; // d (iou - penalty) / d pred, 4 values
export const PENALTY = IOU_SCRATCH + 4; // the DIoU penalty rho^2 / c^2 (float32)
/** Size of the scratch array `s` of {@link diouGradInto}. */
export const DIOU_SCRATCH = IOU_SCRATCH + 5;

/** The scratch arrays of {@link diouGradInto}: `s` `[DIOU_SCRATCH]`, and 4 slots each for {@link distancePenaltyGrad}. */
export interface DiouScratch {
  readonly s: Float64Array;
  readonly side: Float64Array;
  readonly dPenalty: Float64Array;
}

/** New scratch arrays for {@link diouGradInto}, allocated once per call of a loss. */
export function diouScratch(): DiouScratch {
  return { s: new Float64Array(DIOU_SCRATCH), side: new Float64Array(4), dPenalty: new Float64Array(4) };
}

/**
 * The DIoU core of the pair at offset `i` (shared by the DIoU and CIoU losses): the IoU with eps
 * added to the union ({@link iouGradInto}, slots of `scratch.s` as there), the distance penalty
 * (`s[PENALTY]`, {@link distancePenaltyGrad}) and the gradient of `IoU - penalty` with respect
 * to the pred (`s[D_DIOU..D_DIOU+3]`). Returns the float32 IoU.
 */
export function diouGradInto(p: Float32Array, t: Float32Array, i: number, eps: number, scratch: DiouScratch): number {
  const s = scratch.s;
  const dPenalty = scratch.dPenalty;
  const iou = iouGradInto(p, t, i, eps, 'add', s);
  s[PENALTY] = distancePenaltyGrad(p, t, i, eps, scratch.side, dPenalty);
  for (let k = 0; k < 4; k++) s[D_DIOU + k] = s[D_IOU + k] - dPenalty[k];
  return iou;
}
