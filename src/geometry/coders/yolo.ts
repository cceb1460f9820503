/**
 * YOLO box coder: a target box relative to an anchor as the target center's position in the
 * anchor's grid cell, `(x, y)` in `(eps, 1 - eps)` (offset by half a stride so the anchor center
 * is 0.5), and the log size ratio `(w, h)`; decoding takes sigmoid `(x, y)` outputs. It comes
 * from YOLOv3 (Redmon & Farhadi, 2018) and matches mmdetection 3.x `YOLOBBoxCoder`, float32
 * rounding included.
 */
import { invalidArgument, type ErrorSource } from '../../errors.js';
import { apiNames, checkKnownKeys, checkNumber, checkObject, FLOAT32_MIN_POSITIVE, MAX_ARRAY_LENGTH, optionNamesArgument, toBoxes, type BoxesInput, type NumberArrayLike, type OptionNames } from '../../validate.js';
import { center, checkFiniteOutput, checkOneRowPer, checkPositiveSize, clamp, outputBuffer, readPositiveFloat32s, toFiniteRows, writeBoxAround } from './common.js';

const fround = Math.fround;

/** {@link encodeYOLO} / {@link decodeYOLO} options. */
export interface YOLOCoderOptions {
  /**
   * Required: the stride (pixels per grid cell) of each anchor's feature level, either one
   * positive number for all anchors or `[n]` positive numbers, one per anchor.
   */
  readonly stride: number | NumberArrayLike;
  /** Encode only: lower clamp of the size ratio and margin of `(x, y)` from 0 and 1. Default `1e-6`; must be in `(0, 0.5)`. */
  readonly eps?: number;
}

/** Checked options, as {@link resolveYOLOOptions} returns them. */
export interface ResolvedYOLOOptions {
  /** `[n]` float32 strides, every value > 0. */
  readonly stride: Float32Array;
  readonly eps: number;
}

const KEYS = ['stride', 'eps'] as const;
/** Wording of the row-count message, see `checkOneRowPer`. */
const ROW_PER_ANCHOR = 'row per box of anchors';

/**
 * Checks and completes {@link encodeYOLO} / {@link decodeYOLO} options once; a single stride is
 * repeated for the `n` anchors. Unknown keys are errors.
 *
 * @param options - the caller's options; `stride` is required.
 * @param n - number of anchors (the length a stride array must have).
 * @param names - the words of the errors: a function name (its API names, `options.maxShape`),
 *   or a config's (the interop layer names `config.clip_border`, `inputs.max_shape`).
 * @returns the resolved options, `stride` as `[n]` float32.
 * @throws {LabelAssignError} on an unknown key, a missing stride, a stride that is not positive
 *   (in float32 too), a stride array whose length is not `n`, an `eps` outside `(0, 0.5)` or 0
 *   in float32, an `n` that is not a non-negative integer, or `names` that are neither a
 *   function name nor an OptionNames.
 * @example
 * resolveYOLOOptions({ stride: 32 }, 3).stride; // Float32Array [32, 32, 32]
 */
export function resolveYOLOOptions(
  options: YOLOCoderOptions,
  n: number,
  names: OptionNames | string = 'encodeYOLO',
): ResolvedYOLOOptions {
  const words = optionNamesArgument('resolveYOLOOptions', names, (name) => apiNames(name, 'options.'), 'encodeYOLO');
  // n sizes the stride array: a count of anchors.
  checkNumber('resolveYOLOOptions', 'n', n, { min: 0, integer: true, limit: { max: MAX_ARRAY_LENGTH, why: 'one stride per anchor' } });
  const o = checkObject(words, words.section, options);
  checkKnownKeys(words, words.section, o, KEYS);
  const eps = o.eps === undefined ? 1e-6 : o.eps;
  if (typeof eps !== 'number' || !(eps > 0 && eps < 0.5)) throw invalidArgument(words, words.option('eps'), 'a number in (0, 0.5)', eps);
  // The clamp bounds and the log's floor are float32: an eps that rounds to 0 would make log(0).
  if (Math.fround(eps) === 0) throw invalidArgument(words, words.option('eps'), `a number in (0, 0.5) once rounded to float32 (at least ${FLOAT32_MIN_POSITIVE})`, eps);
  return { stride: readStride(words, words.option('stride'), o.stride, n), eps };
}

/**
 * Encodes each target box relative to its anchor: with centers `(x1 + x2) / 2` and sizes
 * `x2 - x1`, `x = clamp((gx - ax) / stride + 0.5, eps, 1 - eps)` (same for y) and
 * `w = log(max(gw / aw, eps))` (same for h). Output `(x, y, w, h)`.
 *
 * @param anchors - `[n * 4]` anchor boxes `[x1, y1, x2, y2]`; each must have a positive width and height.
 * @param targets - `[n * 4]` target boxes, one per anchor.
 * @param options - `stride` (required) and `eps`.
 * @param out - optional `[n * 4]` Float32Array to write into (may be `targets` itself).
 * @returns `[n * 4]` encodings `(x, y, w, h)`.
 * @throws {LabelAssignError} when a box array's length is not a multiple of 4, `targets` has not
 *   one box per anchor, a value is NaN or infinite, a box has x2 < x1 or y2 < y1, an anchor has
 *   zero width or height, an option is invalid or unknown, `out` has the wrong type or length, or
 *   a `w` / `h` overflows float32 (a target far larger than its anchor).
 * @example
 * encodeYOLO([0, 0, 32, 32], [8, 4, 40, 36], { stride: 32 }); // Float32Array [0.75, 0.625, 0, 0]
 */
export function encodeYOLO(anchors: BoxesInput, targets: BoxesInput, options: YOLOCoderOptions, out?: Float32Array): Float32Array {
  const fn = 'encodeYOLO';
  const a = toBoxes(fn, 'anchors', anchors);
  const t = toBoxes(fn, 'targets', targets);
  const n = a.length / 4;
  checkOneRowPer(fn, 'targets', t.length / 4, n, ROW_PER_ANCHOR);
  const o = resolveYOLOOptions(options, n, fn);
  checkPositiveSize(fn, 'anchors', a);
  const result = encodeYOLOUnchecked(a, t, o, outputBuffer(fn, out, a.length));
  checkFiniteOutput(fn, result, 'targets', 'a box whose encoding against its anchor is finite in float32 (log of its size over an anchor far smaller overflows)');
  return result;
}

/**
 * Decodes `(x, y, w, h)` predictions (x, y usually sigmoid outputs in `[0, 1]`) against their
 * anchors: center `(x1 + x2) / 2 + (x - 0.5) * stride`, half size `(x2 - x1) / 2 * exp(w)`;
 * the box is center ± half size. No clipping.
 *
 * @param anchors - `[n * 4]` anchor boxes `[x1, y1, x2, y2]`.
 * @param predictions - `[n * 4]` `(x, y, w, h)` per anchor.
 * @param options - `stride` (required); `eps` is accepted and unused.
 * @param out - optional `[n * 4]` Float32Array to write into (may be `predictions` itself).
 * @returns `[n * 4]` boxes `[x1, y1, x2, y2]`.
 * @throws {LabelAssignError} when a length is not a multiple of 4, `predictions` has not one row
 *   per anchor, a value is NaN or infinite, an anchor has x2 < x1 or y2 < y1, an option is
 *   invalid or unknown, `out` has the wrong type or length, or a decoded coordinate overflows
 *   float32 (`exp` of a `w` or `h` above about 88).
 * @example
 * decodeYOLO([0, 0, 32, 32], [0.75, 0.625, 0, 0], { stride: 32 }); // Float32Array [8, 4, 40, 36]
 */
export function decodeYOLO(anchors: BoxesInput, predictions: BoxesInput, options: YOLOCoderOptions, out?: Float32Array): Float32Array {
  const fn = 'decodeYOLO';
  const a = toBoxes(fn, 'anchors', anchors);
  const p = toFiniteRows(fn, 'predictions', predictions, 4);
  const n = a.length / 4;
  checkOneRowPer(fn, 'predictions', p.length / 4, n, ROW_PER_ANCHOR);
  const o = resolveYOLOOptions(options, n, fn);
  const result = decodeYOLOUnchecked(a, p, o, outputBuffer(fn, out, a.length));
  checkFiniteOutput(fn, result, 'predictions', 'a prediction whose box is finite in float32 (exp of a w or h above about 88 overflows)');
  return result;
}

/**
 * Internal kernel of {@link encodeYOLO}: no validation. `anchors` and `targets` are `[n * 4]`,
 * `o.stride` `[n]`; writes `[n * 4]` into `out`.
 * @internal
 * @throws never; invalid input gives NaN or infinite values, as in the reference.
 * @example
 * encodeYOLOUnchecked(a, t, resolveYOLOOptions({ stride: 32 }, n), new Float32Array(a.length));
 */
export function encodeYOLOUnchecked(anchors: Float32Array, targets: Float32Array, o: ResolvedYOLOOptions, out: Float32Array): Float32Array {
  const stride = o.stride;
  // torch.clamp casts the Python-float bounds eps and 1 - eps (a double) to float32.
  const lo = fround(o.eps);
  const hi = fround(1 - o.eps);
  const n = anchors.length >> 2;
  for (let i = 0; i < n; i++) {
    const b = 4 * i;
    const g0 = targets[b], g1 = targets[b + 1], g2 = targets[b + 2], g3 = targets[b + 3];
    const gx = center(g0, g2), gy = center(g1, g3), gw = fround(g2 - g0), gh = fround(g3 - g1);
    const a0 = anchors[b], a1 = anchors[b + 1], a2 = anchors[b + 2], a3 = anchors[b + 3];
    const ax = center(a0, a2), ay = center(a1, a3), aw = fround(a2 - a0), ah = fround(a3 - a1);
    const s = stride[i];
    let rw = fround(gw / aw);
    let rh = fround(gh / ah);
    if (rw < lo) rw = lo;
    if (rh < lo) rh = lo;
    out[b] = clamp(fround(fround(fround(gx - ax) / s) + 0.5), lo, hi);
    out[b + 1] = clamp(fround(fround(fround(gy - ay) / s) + 0.5), lo, hi);
    out[b + 2] = Math.log(rw);
    out[b + 3] = Math.log(rh);
  }
  return out;
}

/**
 * Internal kernel of {@link decodeYOLO}: no validation. `anchors` and `predictions` are
 * `[n * 4]`, `o.stride` `[n]`; writes `[n * 4]` boxes into `out`.
 * @internal
 * @throws never; invalid input gives NaN or infinite values, as in the reference.
 * @example
 * decodeYOLOUnchecked(a, p, resolveYOLOOptions({ stride: 32 }, n), new Float32Array(a.length));
 */
export function decodeYOLOUnchecked(anchors: Float32Array, predictions: Float32Array, o: ResolvedYOLOOptions, out: Float32Array): Float32Array {
  const stride = o.stride;
  const n = anchors.length >> 2;
  for (let i = 0; i < n; i++) {
    const b = 4 * i;
    const a0 = anchors[b], a1 = anchors[b + 1], a2 = anchors[b + 2], a3 = anchors[b + 3];
    const s = stride[i];
    const cx = fround(center(a0, a2) + fround(fround(predictions[b] - 0.5) * s));
    const cy = fround(center(a1, a3) + fround(fround(predictions[b + 1] - 0.5) * s));
    const hw = fround(fround(fround(a2 - a0) * 0.5) * fround(Math.exp(predictions[b + 2])));
    const hh = fround(fround(fround(a3 - a1) * 0.5) * fround(Math.exp(predictions[b + 3])));
    writeBoxAround(out, b, cx, cy, hw, hh, hw, hh);
  }
  return out;
}

function readStride(fn: ErrorSource, path: string, value: unknown, n: number): Float32Array {
  return readPositiveFloat32s(fn, path, value, n, `a positive number or an array of ${n} positive numbers (one per anchor)`);
}
