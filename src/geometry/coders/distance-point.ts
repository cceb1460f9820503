/**
 * Distance-point box coder: a target box relative to a point as the distances from the point to
 * the box's four sides, `(left, top, right, bottom)`, and back. This is the anchor-free
 * regression target of FCOS (Tian et al., 2019), also used by GFL (with `maxDis` bounding its
 * discrete distance distributions) and RTMDet. It matches mmdetection 3.x
 * `DistancePointBBoxCoder` (`bbox2distance` / `distance2bbox`), float32 rounding included.
 */
import { invalidArgument } from '../../errors.js';
import { checkNumber, toBoxes, type BoxesInput, type OptionNames } from '../../validate.js';
import { checkOneRowPer, checkOptions, clamp, clipToShape, coderResolverArguments, outputBuffer, readBoolean, readMaxShape, toFiniteRows, writeBoxAround, type ClipBorderOption, type MaxShapeOption, type ResolvedClipOptions } from './common.js';

const fround = Math.fround;

/** Options of the coder itself, shared by {@link encodeDistancePoint} and {@link decodeDistancePoint}. */
export interface DistancePointCoderOptions extends ClipBorderOption {}

/** {@link encodeDistancePoint} options. */
export interface DistancePointEncodeOptions extends DistancePointCoderOptions {
  /** Upper bound of a distance (GFL: `reg_max`): distances are clamped to `[0, maxDis - eps]`. Default: no clamping. */
  readonly maxDis?: number | null;
  /** Keeps clamped distances strictly below `maxDis`. Default `0.1`; must be in `[0, maxDis)`. */
  readonly eps?: number;
}

/** {@link decodeDistancePoint} options. */
export interface DistancePointDecodeOptions extends DistancePointCoderOptions, MaxShapeOption {}

/** Checked options, as {@link resolveDistancePointOptions} returns them. */
export interface ResolvedDistancePointOptions extends ResolvedClipOptions {
  /** `null` for no clamping. */
  readonly maxDis: number | null;
  readonly eps: number;
}

const ENCODE_KEYS = ['clipBorder', 'maxDis', 'eps'] as const;
const DECODE_KEYS = ['clipBorder', 'maxShape'] as const;
/** Wording of the row-count message, see `checkOneRowPer`. */
const ROW_PER_POINT = 'row per point of points';

/**
 * Checks and completes {@link encodeDistancePoint} / {@link decodeDistancePoint} options once.
 * Unknown keys are errors (`maxDis`, `eps` are known to `encode`, `maxShape` to `decode`).
 *
 * @param options - the caller's options (may be undefined).
 * @param op - which function the options are for; decides the known keys.
 * @param names - the words of the errors: a function name (its API names, `options.maxShape`),
 *   or a config's (the interop layer names `config.clip_border`, `inputs.max_shape`).
 * @returns the resolved options.
 * @throws {LabelAssignError} on an unknown key, a non-boolean `clipBorder`, a `maxDis` that is
 *   not positive, an `eps` outside `[0, maxDis)` or a `maxShape` that is not two positive numbers.
 * @example
 * resolveDistancePointOptions({ maxDis: 16, eps: 0.01 }, 'encode'); // { maxDis: 16, eps: 0.01, ... }
 */
export function resolveDistancePointOptions(
  options: (DistancePointEncodeOptions & DistancePointDecodeOptions) | undefined,
  op: 'encode' | 'decode',
  names: OptionNames | string = op === 'encode' ? 'encodeDistancePoint' : 'decodeDistancePoint',
): ResolvedDistancePointOptions {
  const n = coderResolverArguments('resolveDistancePointOptions', op, names, 'DistancePoint');
  const o = checkOptions(n, options, op === 'encode' ? ENCODE_KEYS : DECODE_KEYS);
  const maxDis = o.maxDis === undefined || o.maxDis === null ? null : checkNumber(n, n.option('maxDis'), o.maxDis, { min: 0, exclusiveMin: true, float32: true });
  const eps = o.eps === undefined ? 0.1 : checkNumber(n, n.option('eps'), o.eps, { min: 0, float32: true });
  if (maxDis !== null && eps >= maxDis) throw invalidArgument(n, n.option('eps'), `smaller than ${n.mention('maxDis')} (${maxDis})`, eps);
  return {
    clipBorder: readBoolean(n, n.option('clipBorder'), o.clipBorder, true),
    maxDis,
    eps,
    maxShape: readMaxShape(n, n.option('maxShape'), o.maxShape),
  };
}

/**
 * Encodes each target box as the distances from its point to the box sides:
 * `left = px - x1`, `top = py - y1`, `right = x2 - px`, `bottom = y2 - py`. A point outside its
 * box gives negative distances (as in the reference) unless `maxDis` is given, which clamps
 * every distance to `[0, maxDis - eps]`.
 *
 * @param points - `[n * 2]` points `[x, y]` (flat, rows of 2 or an ndarray `[n, 2]`).
 * @param targets - `[n * 4]` target boxes `[x1, y1, x2, y2]`, one per point.
 * @param options - `maxDis`, `eps` (and the coder's `clipBorder`, unused here).
 * @param out - optional `[n * 4]` Float32Array to write into (may be `targets` itself).
 * @returns `[n * 4]` distances `(left, top, right, bottom)`.
 * @throws {LabelAssignError} when `points`' length is not a multiple of 2 or `targets`' of 4,
 *   `targets` has not one box per point, a value is NaN or infinite, a box has x2 < x1 or
 *   y2 < y1, an option is invalid or unknown, or `out` has the wrong type or length.
 * @example
 * encodeDistancePoint([5, 5], [0, 2, 10, 12]); // Float32Array [5, 3, 5, 7]
 */
export function encodeDistancePoint(points: BoxesInput, targets: BoxesInput, options?: DistancePointEncodeOptions, out?: Float32Array): Float32Array {
  const fn = 'encodeDistancePoint';
  const o = resolveDistancePointOptions(options, 'encode', fn);
  const p = toFiniteRows(fn, 'points', points, 2);
  const t = toBoxes(fn, 'targets', targets);
  checkOneRowPer(fn, 'targets', t.length / 4, p.length / 2, ROW_PER_POINT);
  return encodeDistancePointUnchecked(p, t, o, outputBuffer(fn, out, t.length));
}

/**
 * Decodes distances from points to boxes: `x1 = px - left`, `y1 = py - top`, `x2 = px + right`,
 * `y2 = py + bottom`; with `clipBorder` and `maxShape = [h, w]`, x is clamped to `[0, w]` and y
 * to `[0, h]`. Negative distances are allowed (they give inverted boxes, as in the reference).
 *
 * @param points - `[n * 2]` points `[x, y]`.
 * @param distances - `[n * 4]` distances `(left, top, right, bottom)`, one row per point.
 * @param options - `clipBorder`, `maxShape`.
 * @param out - optional `[n * 4]` Float32Array to write into (may be `distances` itself).
 * @returns `[n * 4]` boxes `[x1, y1, x2, y2]`.
 * @throws {LabelAssignError} when `points`' length is not a multiple of 2 or `distances`' of 4,
 *   `distances` has not one row per point, a value is NaN or infinite, an option is invalid or
 *   unknown, or `out` has the wrong type or length.
 * @example
 * decodeDistancePoint([5, 5], [5, 3, 5, 7]); // Float32Array [0, 2, 10, 12]
 * decodeDistancePoint([5, 5], [6, 3, 5, 7], { maxShape: [10, 8] }); // [0, 2, 8, 10]
 */
export function decodeDistancePoint(points: BoxesInput, distances: BoxesInput, options?: DistancePointDecodeOptions, out?: Float32Array): Float32Array {
  const fn = 'decodeDistancePoint';
  const o = resolveDistancePointOptions(options, 'decode', fn);
  const p = toFiniteRows(fn, 'points', points, 2);
  const d = toFiniteRows(fn, 'distances', distances, 4);
  checkOneRowPer(fn, 'distances', d.length / 4, p.length / 2, ROW_PER_POINT);
  return decodeDistancePointUnchecked(p, d, o, outputBuffer(fn, out, d.length));
}

/**
 * Internal kernel of {@link encodeDistancePoint}: no validation. `points` is `[n * 2]`,
 * `targets` `[n * 4]`; writes `[n * 4]` into `out`. The clamp bound is `maxDis - eps` computed
 * in double and rounded to float32, and a bound below 0 wins over 0 (torch.clamp semantics).
 * @internal
 * @throws never; invalid input gives NaN or infinite values, as in the reference.
 * @example
 * encodeDistancePointUnchecked(points, gts, resolveDistancePointOptions({}, 'encode'), new Float32Array(gts.length));
 */
export function encodeDistancePointUnchecked(points: Float32Array, targets: Float32Array, o: ResolvedDistancePointOptions, out: Float32Array): Float32Array {
  const n = points.length >> 1;
  const clampDis = o.maxDis !== null;
  const hi = clampDis ? fround(o.maxDis! - o.eps) : 0;
  for (let i = 0; i < n; i++) {
    const px = points[2 * i], py = points[2 * i + 1];
    const b = 4 * i;
    let left = fround(px - targets[b]);
    let top = fround(py - targets[b + 1]);
    let right = fround(targets[b + 2] - px);
    let bottom = fround(targets[b + 3] - py);
    if (clampDis) {
      left = clamp(left, 0, hi);
      top = clamp(top, 0, hi);
      right = clamp(right, 0, hi);
      bottom = clamp(bottom, 0, hi);
    }
    out[b] = left;
    out[b + 1] = top;
    out[b + 2] = right;
    out[b + 3] = bottom;
  }
  return out;
}

/**
 * Internal kernel of {@link decodeDistancePoint}: no validation. `points` is `[n * 2]`,
 * `distances` `[n * 4]`; writes `[n * 4]` boxes into `out`.
 * @internal
 * @throws never; invalid input gives NaN or infinite values, as in the reference.
 * @example
 * decodeDistancePointUnchecked(points, dist, resolveDistancePointOptions({}, 'decode'), new Float32Array(dist.length));
 */
export function decodeDistancePointUnchecked(points: Float32Array, distances: Float32Array, o: ResolvedDistancePointOptions, out: Float32Array): Float32Array {
  const n = points.length >> 1;
  for (let i = 0; i < n; i++) {
    const px = points[2 * i], py = points[2 * i + 1];
    const b = 4 * i;
    writeBoxAround(out, b, px, py, distances[b], distances[b + 1], distances[b + 2], distances[b + 3]);
  }
  return clipToShape(out, n << 2, o);
}

