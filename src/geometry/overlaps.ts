/**
 * Box overlaps: IoU, IoF, GIoU (Rezatofighi et al., CVPR 2019), DIoU and CIoU (Zheng et al.,
 * AAAI 2020), for all pairs of two box sets or row by row (aligned).
 *
 * One intersection core, `intersectionArea`, and one small function per mode serve both
 * layouts, so the variants cannot drift apart. Arithmetic is float32 in the reference's order of operations (each step rounded with
 * `Math.fround`), because assigners compare these values with `==` and `>=` and must break
 * ties the way mmdetection does.
 *
 * The reference has two conventions for `eps`, and both are kept:
 * - `iou`, `iof`, `giou` follow `bbox_overlaps`: the union (and the enclosing area) is clamped
 *   to at least `eps`, default 1e-6.
 * - `diou`, `ciou` follow mmdetection's IoU losses: `eps` is added to the union, to the
 *   enclosing diagonal and (CIoU) to the heights, default 1e-7.
 *
 * With `eps > 0`, zero-area and touching boxes give 0 (never NaN).
 */
import { invalidArgument } from '../errors.js';
import { boxArea } from './float32.js';
import { checkArrayLength, checkKnownKeys, checkNumber, checkObject, toBoxes, type BoxesInput } from '../validate.js';

/** Which overlap to compute. */
export type OverlapMode = 'iou' | 'iof' | 'giou' | 'diou' | 'ciou';

export const OVERLAP_MODES: readonly OverlapMode[] = Object.freeze(['iou', 'iof', 'giou', 'diou', 'ciou']);

export interface OverlapOptions {
  /** Default `'iou'`. `'iof'` is intersection over the area of the box from `boxes1`. */
  readonly mode?: OverlapMode;
  /**
   * Numerical guard, > 0 and a normal float32 once rounded (at least 2^-126 ≈ 1.18e-38, at most
   * 3.4e38). Default 1e-6 for iou/iof/giou, 1e-7 for diou/ciou (see the module doc).
   */
  readonly eps?: number;
  /**
   * Accept boxes with x2 < x1 or y2 < y1, computed as the reference computes them (negative
   * widths make signed areas). Default false: such boxes are rejected as a format mistake.
   */
  readonly allowInverted?: boolean;
}

const OPTION_KEYS = ['mode', 'eps', 'allowInverted'] as const;

const MODE_IOU = 0;
const MODE_IOF = 1;
const MODE_GIOU = 2;
const MODE_DIOU = 3;
/** CIoU with the reference's 0/0 = NaN for identical boxes kept; interop only. */
const MODE_CIOU_REFERENCE_NAN = 5;

/** float32(4 / pi^2), the CIoU aspect-ratio factor. */
const CIOU_FACTOR = Math.fround(4 / (Math.PI * Math.PI));

interface ResolvedOverlapOptions {
  readonly mode: number;
  readonly eps: number;
  readonly allowInverted: boolean;
}

function resolveOverlapOptions(fn: string, options: OverlapOptions | undefined): ResolvedOverlapOptions {
  if (options === undefined) return { mode: MODE_IOU, eps: Math.fround(1e-6), allowInverted: false };
  checkObject(fn, 'options', options);
  checkKnownKeys(fn, 'options', options, OPTION_KEYS);
  const modeName = options.mode === undefined ? 'iou' : options.mode;
  const mode = OVERLAP_MODES.indexOf(modeName);
  if (mode < 0) throw invalidArgument(fn, 'options.mode', `one of ${OVERLAP_MODES.map((m) => `'${m}'`).join(', ')}`, modeName);
  const defaultEps = mode >= MODE_DIOU ? 1e-7 : 1e-6;
  // A clamp of the union and an added guard: positive and not subnormal once rounded to float32.
  const eps = options.eps === undefined ? defaultEps : checkNumber(fn, 'options.eps', options.eps, { min: 0, exclusiveMin: true, float32: 'normal' });
  const allowInverted = options.allowInverted === undefined ? false : options.allowInverted;
  if (typeof allowInverted !== 'boolean') throw invalidArgument(fn, 'options.allowInverted', 'true or false', allowInverted);
  return { mode, eps: Math.fround(eps), allowInverted };
}

/**
 * Float32 area of the intersection of box `i` of `a` and box `j` of `b` (offsets into flat
 * `[x1, y1, x2, y2]` arrays): the one intersection core behind every mode.
 */
export function intersectionArea(a: Float32Array, i: number, b: Float32Array, j: number): number {
  const f = Math.fround;
  const ax2 = a[i + 2];
  const bx2 = b[j + 2];
  const ax1 = a[i];
  const bx1 = b[j];
  let iw = f((ax2 < bx2 ? ax2 : bx2) - (ax1 > bx1 ? ax1 : bx1));
  if (iw <= 0) return 0;
  const ay2 = a[i + 3];
  const by2 = b[j + 3];
  const ay1 = a[i + 1];
  const by1 = b[j + 1];
  const ih = f((ay2 < by2 ? ay2 : by2) - (ay1 > by1 ? ay1 : by1));
  return ih <= 0 ? 0 : f(iw * ih);
}

/** Float32 area of the smallest box enclosing box `i` of `a` and box `j` of `b`. */
function enclosingArea(a: Float32Array, i: number, b: Float32Array, j: number): number {
  const f = Math.fround;
  const ew = f((a[i + 2] > b[j + 2] ? a[i + 2] : b[j + 2]) - (a[i] < b[j] ? a[i] : b[j]));
  const eh = f((a[i + 3] > b[j + 3] ? a[i + 3] : b[j + 3]) - (a[i + 1] < b[j + 1] ? a[i + 1] : b[j + 1]));
  return ew <= 0 || eh <= 0 ? 0 : f(ew * eh);
}

/**
 * IoU of box `i` of `a` (area `areaA`) and box `j` of `b` (area `areaB`), as `bbox_overlaps`:
 * the union is clamped to at least `eps`. Offsets are into flat arrays (4 * box index).
 * Small enough for the engine to inline into the callers' loops; assigners use it for the
 * sparse IoUs of the candidates they find.
 */
export function iouOfPair(a: Float32Array, i: number, areaA: number, b: Float32Array, j: number, areaB: number, eps: number): number {
  const f = Math.fround;
  const overlap = intersectionArea(a, i, b, j);
  const union = f(f(areaA + areaB) - overlap);
  return f(overlap / (union > eps ? union : eps));
}

/** Intersection over the area of box `i` of `a` (clamped to at least `eps`). */
export function iofOfPair(a: Float32Array, i: number, areaA: number, b: Float32Array, j: number, eps: number): number {
  return Math.fround(intersectionArea(a, i, b, j) / (areaA > eps ? areaA : eps));
}

function giouOfPair(a: Float32Array, i: number, areaA: number, b: Float32Array, j: number, areaB: number, eps: number): number {
  const f = Math.fround;
  const overlap = intersectionArea(a, i, b, j);
  let union = f(f(areaA + areaB) - overlap);
  if (union < eps) union = eps;
  const iou = f(overlap / union);
  let enclose = enclosingArea(a, i, b, j);
  if (enclose < eps) enclose = eps;
  return f(iou - f(f(enclose - union) / enclose));
}

/**
 * DIoU or CIoU, as mmdetection's `diou_loss` / `ciou_loss` compute them (eps added to the
 * union, the squared enclosing diagonal and the heights, not used as a clamp).
 */
function distanceIouOfPair(
  a: Float32Array,
  i: number,
  areaA: number,
  b: Float32Array,
  j: number,
  areaB: number,
  eps: number,
  mode: number,
): number {
  const f = Math.fround;
  const ax1 = a[i];
  const ay1 = a[i + 1];
  const ax2 = a[i + 2];
  const ay2 = a[i + 3];
  const bx1 = b[j];
  const by1 = b[j + 1];
  const bx2 = b[j + 2];
  const by2 = b[j + 3];
  const overlap = intersectionArea(a, i, b, j);
  const iou = f(overlap / f(f(f(areaA + areaB) - overlap) + eps));
  let ew = f((ax2 > bx2 ? ax2 : bx2) - (ax1 < bx1 ? ax1 : bx1));
  let eh = f((ay2 > by2 ? ay2 : by2) - (ay1 < by1 ? ay1 : by1));
  if (ew < 0) ew = 0;
  if (eh < 0) eh = 0;
  const c2 = f(f(f(ew * ew) + f(eh * eh)) + eps);
  const dx = f(f(bx1 + bx2) - f(ax1 + ax2));
  const dy = f(f(by1 + by2) - f(ay1 + ay2));
  const rho2 = f(f(f(dx * dx) / 4) + f(f(dy * dy) / 4));
  if (mode === MODE_DIOU) return f(iou - f(rho2 / c2));
  const atanA = f(Math.atan(f(f(ax2 - ax1) / f(f(ay2 - ay1) + eps))));
  const atanB = f(Math.atan(f(f(bx2 - bx1) / f(f(by2 - by1) + eps))));
  const dAtan = f(atanB - atanA);
  const v = f(CIOU_FACTOR * f(dAtan * dAtan));
  // alpha = v / (1 - iou + v) only where iou > 0.5 (mmdetection's rule). For identical boxes
  // v = 0 and 1 - iou = 0: the reference returns 0/0 = NaN there; alpha * v -> 0 is the limit.
  let alphaV = 0;
  if (iou > 0.5) {
    const denominator = f(f(1 - iou) + v);
    if (denominator > 0) alphaV = f(f(v / denominator) * v);
    else if (mode === MODE_CIOU_REFERENCE_NAN) return NaN;
  }
  const ciou = f(iou - f(f(rho2 / c2) + alphaV));
  return ciou < -1 ? -1 : ciou > 1 ? 1 : ciou;
}

/** The overlap of one pair in any mode (dispatch for the aligned loop). */
function overlapOfPair(a: Float32Array, i: number, areaA: number, b: Float32Array, j: number, areaB: number, mode: number, eps: number): number {
  switch (mode) {
    case MODE_IOU:
      return iouOfPair(a, i, areaA, b, j, areaB, eps);
    case MODE_IOF:
      return iofOfPair(a, i, areaA, b, j, eps);
    case MODE_GIOU:
      return giouOfPair(a, i, areaA, b, j, areaB, eps);
    default:
      return distanceIouOfPair(a, i, areaA, b, j, areaB, eps, mode);
  }
}

/**
 * Unchecked: float32 areas `(x2 - x1) * (y2 - y1)` of flat boxes into `out` (`[n]`; signed, so
 * an inverted box has a negative area, and a box inverted on both axes a positive one).
 * @internal for the strategies, which have checked their boxes; the public, checked function is {@link boxAreas}.
 * @example boxAreasInto(Float32Array.of(0, 0, 4, 5)); // [20]
 */
export function boxAreasInto(boxes: Float32Array, out: Float32Array = new Float32Array(boxes.length / 4)): Float32Array {
  for (let i = 0, k = 0; i < boxes.length; i += 4, k++) out[k] = boxArea(boxes, i);
  return out;
}

/**
 * Float32 areas `(x2 - x1) * (y2 - y1)` of boxes, as `bbox_overlaps` computes them.
 * @param boxes `[n * 4]` boxes `[x1, y1, x2, y2]` (or `[n][4]` rows, or an ndarray `[n, 4]`):
 *   finite, within ±1e15, x2 >= x1 and y2 >= y1.
 * @param out optional Float32Array of length >= n to write into.
 * @returns `[n]` (`out` when given).
 * @throws {LabelAssignError} on a length that is not a multiple of 4, a non-finite, too large or
 *   inverted box, or an `out` that is not a Float32Array of length >= n.
 * @example boxAreas([[0, 0, 4, 5]]); // Float32Array [20]
 */
export function boxAreas(boxes: BoxesInput, out?: Float32Array): Float32Array {
  const fn = 'boxAreas';
  const b = toBoxes(fn, 'boxes', boxes);
  const n = b.length / 4;
  if (out !== undefined && (!(out instanceof Float32Array) || out.length < n)) {
    throw invalidArgument(fn, 'out', `a Float32Array of length >= ${n} (one area per box)`, out);
  }
  return boxAreasInto(b, out ?? new Float32Array(n));
}

/** The `...Into` functions' layout check: a flat Float32Array of whole boxes (values are checked next). */
function checkFlatBoxes(fn: string, path: string, boxes: unknown): void {
  if (!(boxes instanceof Float32Array) || boxes.length % 4 !== 0) {
    throw invalidArgument(fn, path, 'a Float32Array [x1, y1, x2, y2, ...] (length a multiple of 4)', boxes);
  }
}

/**
 * Writes the overlaps of every box of `boxes1` with every box of `boxes2` into `out`,
 * row-major `[m * n]` (`out[i * n + j]` is box i of boxes1 against box j of boxes2), without
 * allocating the result.
 * @throws LabelAssignError when the boxes or `out` are not Float32Arrays, a box array's length
 *   is not a multiple of 4, a coordinate is not finite or beyond ±1e15, a box is inverted
 *   (unless `allowInverted`), or `out` is shorter than `m * n`.
 */
export function pairwiseOverlapsInto(
  boxes1: Float32Array,
  boxes2: Float32Array,
  out: Float32Array,
  options?: OverlapOptions,
): Float32Array {
  const fn = 'pairwiseOverlapsInto';
  const { mode, eps, allowInverted } = resolveOverlapOptions(fn, options);
  checkFlatBoxes(fn, 'boxes1', boxes1);
  checkFlatBoxes(fn, 'boxes2', boxes2);
  // The coordinates too (O(m + n) against the O(m * n) loop): finite, within ±1e15, not inverted unless allowed.
  toBoxes(fn, 'boxes1', boxes1, { allowInverted });
  toBoxes(fn, 'boxes2', boxes2, { allowInverted });
  if (!(out instanceof Float32Array)) throw invalidArgument(fn, 'out', 'a Float32Array', out);
  const m = boxes1.length >> 2;
  const n = boxes2.length >> 2;
  if (out.length < m * n) throw invalidArgument(fn, 'out', `a Float32Array of length >= ${m * n} (m * n)`, out);
  return pairwiseKernel(boxes1, boxes2, out, mode, eps);
}

/** Unchecked all-pairs loop of {@link pairwiseOverlapsInto} (resolved mode, float32 eps). */
function pairwiseKernel(boxes1: Float32Array, boxes2: Float32Array, out: Float32Array, mode: number, eps: number): Float32Array {
  const m = boxes1.length >> 2;
  const n = boxes2.length >> 2;
  const area1 = boxAreasInto(boxes1);
  const area2 = boxAreasInto(boxes2);
  // One loop per mode, so each loop body is a small function the engine inlines.
  for (let i = 0; i < m; i++) {
    const a = area1[i];
    const row = i * n;
    const oi = i << 2;
    if (mode === MODE_IOU) for (let j = 0; j < n; j++) out[row + j] = iouOfPair(boxes1, oi, a, boxes2, j << 2, area2[j], eps);
    else if (mode === MODE_IOF) for (let j = 0; j < n; j++) out[row + j] = iofOfPair(boxes1, oi, a, boxes2, j << 2, eps);
    else if (mode === MODE_GIOU) for (let j = 0; j < n; j++) out[row + j] = giouOfPair(boxes1, oi, a, boxes2, j << 2, area2[j], eps);
    else for (let j = 0; j < n; j++) out[row + j] = distanceIouOfPair(boxes1, oi, a, boxes2, j << 2, area2[j], eps, mode);
  }
  return out;
}

/**
 * Writes the overlap of box i of `boxes1` with box i of `boxes2` into `out[i]`, `[n]`, without
 * allocating the result.
 * @throws LabelAssignError when the boxes or `out` are not Float32Arrays, a box array's length
 *   is not a multiple of 4, a coordinate is not finite or beyond ±1e15, a box is inverted
 *   (unless `allowInverted`), the two differ in length, or `out` is shorter than `n`.
 */
export function alignedOverlapsInto(
  boxes1: Float32Array,
  boxes2: Float32Array,
  out: Float32Array,
  options?: OverlapOptions,
): Float32Array {
  const fn = 'alignedOverlapsInto';
  const { mode, eps, allowInverted } = resolveOverlapOptions(fn, options);
  checkFlatBoxes(fn, 'boxes1', boxes1);
  checkFlatBoxes(fn, 'boxes2', boxes2);
  toBoxes(fn, 'boxes1', boxes1, { allowInverted });
  toBoxes(fn, 'boxes2', boxes2, { allowInverted });
  if (!(out instanceof Float32Array)) throw invalidArgument(fn, 'out', 'a Float32Array', out);
  const n = boxes1.length >> 2;
  if (boxes2.length !== boxes1.length) {
    throw invalidArgument(fn, 'boxes2', `as many boxes as boxes1 (${n}) in aligned mode`, boxes2);
  }
  if (out.length < n) throw invalidArgument(fn, 'out', `a Float32Array of length >= ${n}`, out);
  return alignedKernel(boxes1, boxes2, out, mode, eps);
}

/**
 * Unchecked: the aligned overlap of `mode` with float32 `eps` into `out`, for callers that have
 * checked their boxes and eps (the IoU losses), so no error can name this internal step.
 * @internal
 * @example alignedOverlapsKernel(p, t, elem, 'giou', Math.fround(1e-6));
 */
export function alignedOverlapsKernel(boxes1: Float32Array, boxes2: Float32Array, out: Float32Array, mode: OverlapMode, eps: number): Float32Array {
  return alignedKernel(boxes1, boxes2, out, OVERLAP_MODES.indexOf(mode), Math.fround(eps));
}

function alignedKernel(boxes1: Float32Array, boxes2: Float32Array, out: Float32Array, mode: number, eps: number): Float32Array {
  const f = Math.fround;
  for (let i = 0, k = 0; i < boxes1.length; i += 4, k++) {
    const areaA = f(f(boxes1[i + 2] - boxes1[i]) * f(boxes1[i + 3] - boxes1[i + 1]));
    const areaB = f(f(boxes2[i + 2] - boxes2[i]) * f(boxes2[i + 3] - boxes2[i + 1]));
    out[k] = overlapOfPair(boxes1, i, areaA, boxes2, i, areaB, mode, eps);
  }
  return out;
}

/**
 * The result type of the overlap functions, which always return a `Float32Array`.
 * @deprecated Overlaps return `Float32Array` whatever the input; for scijs ndarray results import
 * the same functions from `label-assign/ndarray`. Kept so that code naming it still compiles.
 */
export type OverlapResult<_B extends BoxesInput = BoxesInput> = Float32Array;

/**
 * Pairwise overlaps `[m * n]` and their shape: the ndarray subpath builds its `[m, n]` views from it.
 * @internal
 */
export interface ShapedOverlaps {
  readonly values: Float32Array;
  readonly rows: number;
  readonly cols: number;
}

/**
 * The driver of every all-pairs function: checks, reads and computes.
 * @param fn the public function's name, for errors.
 * @internal
 */
export function pairwiseDriver(fn: string, boxes1: BoxesInput, boxes2: BoxesInput, options: OverlapOptions | undefined): ShapedOverlaps {
  // Options are read once, under the caller's name; the kernel takes them resolved.
  const { mode, eps, allowInverted } = resolveOverlapOptions(fn, options);
  const a = toBoxes(fn, 'boxes1', boxes1, { allowInverted });
  const b = toBoxes(fn, 'boxes2', boxes2, { allowInverted });
  const m = a.length >> 2;
  const n = b.length >> 2;
  checkArrayLength(fn, 'boxes2', m * n, 'overlaps (m * n)');
  return { values: pairwiseKernel(a, b, new Float32Array(m * n), mode, eps), rows: m, cols: n };
}

/**
 * The driver of every row-by-row function.
 * @internal
 */
export function alignedDriver(fn: string, boxes1: BoxesInput, boxes2: BoxesInput, options: OverlapOptions | undefined): Float32Array {
  const { mode, eps, allowInverted } = resolveOverlapOptions(fn, options);
  const a = toBoxes(fn, 'boxes1', boxes1, { allowInverted });
  const b = toBoxes(fn, 'boxes2', boxes2, { allowInverted });
  if (a.length !== b.length) {
    throw invalidArgument(fn, 'boxes2', `as many boxes as boxes1 (${a.length / 4})`, `${b.length / 4} boxes`);
  }
  return alignedKernel(a, b, new Float32Array(a.length >> 2), mode, eps);
}

/**
 * Overlaps of all pairs of boxes.
 *
 * @param boxes1 `[m * 4]` boxes `[x1, y1, x2, y2]` (or `[m][4]` rows, or an ndarray `[m, 4]`:
 *   any object with `data`, `shape`, `stride`, `offset`, see `NdArrayLike`).
 * @param boxes2 `[n * 4]` boxes.
 * @returns `[m * n]` row-major (`out[i * n + j]` is box i of boxes1 against box j of boxes2),
 *   a `Float32Array` whatever the input; `label-assign/ndarray` has the same function returning
 *   a scijs ndarray of shape `[m, n]`.
 * @throws LabelAssignError on lengths not a multiple of 4, non-finite coordinates, x2 < x1 or
 *   y2 < y1 (unless `allowInverted`), an unknown mode or option, eps <= 0.
 * @example
 * pairwiseOverlaps(new Float32Array([0, 0, 10, 10]), new Float32Array([5, 0, 15, 10])); // Float32Array [0.3333333]
 */
export function pairwiseOverlaps(boxes1: BoxesInput, boxes2: BoxesInput, options?: OverlapOptions): Float32Array {
  return pairwiseDriver('pairwiseOverlaps', boxes1, boxes2, options).values;
}

/**
 * Overlaps of box i of `boxes1` with box i of `boxes2`.
 *
 * @param boxes1 `[n * 4]` boxes (or rows, or an ndarray `[n, 4]`).
 * @param boxes2 `[n * 4]` boxes, as many as `boxes1`.
 * @returns `[n]`, a `Float32Array` (an ndarray of shape `[n]` from `label-assign/ndarray`).
 * @throws LabelAssignError as `pairwiseOverlaps`, and when the two sets differ in length.
 * @example
 * alignedOverlaps([[0, 0, 10, 10]], [[0, 0, 10, 5]], { mode: 'giou' }); // Float32Array [0.5]
 */
export function alignedOverlaps(boxes1: BoxesInput, boxes2: BoxesInput, options?: OverlapOptions): Float32Array {
  return alignedDriver('alignedOverlaps', boxes1, boxes2, options);
}

/** Options of the single-mode shortcuts (`iouMatrix`, `alignedGiou`, ...). */
export type ModeFreeOptions = Omit<OverlapOptions, 'mode'>;

/**
 * The options of a single-mode shortcut with its mode added; rejects a `mode` of the caller's.
 * @internal
 */
export function withMode(fn: string, options: ModeFreeOptions | undefined, mode: OverlapMode): OverlapOptions {
  if (options !== undefined) checkObject(fn, 'options', options);
  if (options && 'mode' in options) {
    throw invalidArgument(fn, 'options.mode', `absent (${fn} always computes ${mode})`, (options as OverlapOptions).mode);
  }
  return { ...options, mode };
}

/** IoU of all pairs, `[m * n]` row-major. See {@link pairwiseOverlaps}. */
export function iouMatrix(boxes1: BoxesInput, boxes2: BoxesInput, options?: ModeFreeOptions): Float32Array {
  return pairwiseDriver('iouMatrix', boxes1, boxes2, withMode('iouMatrix', options, 'iou')).values;
}
/** Intersection over the area of each box of `boxes1`, all pairs, `[m * n]`. */
export function iofMatrix(boxes1: BoxesInput, boxes2: BoxesInput, options?: ModeFreeOptions): Float32Array {
  return pairwiseDriver('iofMatrix', boxes1, boxes2, withMode('iofMatrix', options, 'iof')).values;
}
/** Generalized IoU of all pairs, in [-1, 1], `[m * n]`. */
export function giouMatrix(boxes1: BoxesInput, boxes2: BoxesInput, options?: ModeFreeOptions): Float32Array {
  return pairwiseDriver('giouMatrix', boxes1, boxes2, withMode('giouMatrix', options, 'giou')).values;
}
/** Distance IoU of all pairs, in [-1, 1] (-1 only in the float32 limit of far-apart points), `[m * n]`. */
export function diouMatrix(boxes1: BoxesInput, boxes2: BoxesInput, options?: ModeFreeOptions): Float32Array {
  return pairwiseDriver('diouMatrix', boxes1, boxes2, withMode('diouMatrix', options, 'diou')).values;
}
/** Complete IoU of all pairs, clamped to [-1, 1], `[m * n]`. */
export function ciouMatrix(boxes1: BoxesInput, boxes2: BoxesInput, options?: ModeFreeOptions): Float32Array {
  return pairwiseDriver('ciouMatrix', boxes1, boxes2, withMode('ciouMatrix', options, 'ciou')).values;
}
/** IoU row by row, `[n]`. See {@link alignedOverlaps}. */
export function alignedIou(boxes1: BoxesInput, boxes2: BoxesInput, options?: ModeFreeOptions): Float32Array {
  return alignedDriver('alignedIou', boxes1, boxes2, withMode('alignedIou', options, 'iou'));
}
/** IoF row by row, `[n]`. */
export function alignedIof(boxes1: BoxesInput, boxes2: BoxesInput, options?: ModeFreeOptions): Float32Array {
  return alignedDriver('alignedIof', boxes1, boxes2, withMode('alignedIof', options, 'iof'));
}
/** GIoU row by row, `[n]`. */
export function alignedGiou(boxes1: BoxesInput, boxes2: BoxesInput, options?: ModeFreeOptions): Float32Array {
  return alignedDriver('alignedGiou', boxes1, boxes2, withMode('alignedGiou', options, 'giou'));
}
/** DIoU row by row, `[n]`. */
export function alignedDiou(boxes1: BoxesInput, boxes2: BoxesInput, options?: ModeFreeOptions): Float32Array {
  return alignedDriver('alignedDiou', boxes1, boxes2, withMode('alignedDiou', options, 'diou'));
}
/** CIoU row by row, clamped to [-1, 1], `[n]`. */
export function alignedCiou(boxes1: BoxesInput, boxes2: BoxesInput, options?: ModeFreeOptions): Float32Array {
  return alignedDriver('alignedCiou', boxes1, boxes2, withMode('alignedCiou', options, 'ciou'));
}

/**
 * Aligned CIoU exactly as mmdetection's `ciou_loss` computes it, including its NaN for
 * identical boxes (alpha = 0 / 0). For the interop layer only; use {@link alignedCiou}.
 * @internal
 */
export function alignedCiouLikeReferenceInto(boxes1: Float32Array, boxes2: Float32Array, out: Float32Array, eps: number): Float32Array {
  return alignedKernel(boxes1, boxes2, out, MODE_CIOU_REFERENCE_NAN, Math.fround(eps));
}
