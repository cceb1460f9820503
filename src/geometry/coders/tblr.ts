/**
 * TBLR box coder: a target box relative to a prior as the distances from the prior's center to
 * the box's sides, in the order `(top, bottom, left, right)`, normalised by the prior's height
 * (top, bottom) or width (left, right) and by a normaliser, and back. It comes from FSAF (Zhu et
 * al., 2019), the anchor-free branch of a feature-pyramid detector; it matches mmdetection 3.x `TBLRBBoxCoder`
 * (`bboxes2tblr` / `tblr2bboxes` with `normalize_by_wh`), float32 rounding included.
 */
import type { ErrorSource } from '../../errors.js';
import { toBoxes, type BoxesInput, type NumberArrayLike, type OptionNames } from '../../validate.js';
import { center, checkFiniteOutput, checkOneRowPer, checkOptions, clipToShape, encodeAgainstPriors, coderResolverArguments, outputBuffer, readBoolean, readMaxShape, readPositiveFloat32s, toFiniteRows, writeBoxAround, type ClipBorderOption, type MaxShapeOption, type ResolvedClipOptions } from './common.js';

const fround = Math.fround;

/** Options of the coder itself, shared by {@link encodeTBLR} and {@link decodeTBLR}. */
export interface TBLRCoderOptions extends ClipBorderOption {
  /**
   * Divisor of the size-normalised distances: one positive number for all sides or four,
   * `[top, bottom, left, right]`. Default `4`.
   */
  readonly normalizer?: number | NumberArrayLike;
}

/** {@link decodeTBLR} options: the coder options plus the clip shape. */
export interface TBLRDecodeOptions extends TBLRCoderOptions, MaxShapeOption {}

/** Checked options, as {@link resolveTBLROptions} returns them. */
export interface ResolvedTBLROptions extends ResolvedClipOptions {
  /** `[4]` float32 normalisers in `(top, bottom, left, right)` order, every value > 0. */
  readonly normalizer: Float32Array;
}

const CODER_KEYS = ['normalizer', 'clipBorder'] as const;
const DECODE_KEYS = [...CODER_KEYS, 'maxShape'] as const;
/** Wording of the row-count message, see `checkOneRowPer`. */
const ROW_PER_PRIOR = 'row per box of priors';

/**
 * Checks and completes {@link encodeTBLR} / {@link decodeTBLR} options once. Unknown keys are
 * errors (`maxShape` is known to `decode` only).
 *
 * @param options - the caller's options (may be undefined).
 * @param op - which function the options are for; decides the known keys.
 * @param names - the words of the errors: a function name (its API names, `options.maxShape`),
 *   or a config's (the interop layer names `config.clip_border`, `inputs.max_shape`).
 * @returns the resolved options; a single normaliser is repeated for the four sides.
 * @throws {LabelAssignError} on an unknown key, a normaliser that is not a positive number or
 *   four positive numbers (positive and finite in float32), a non-boolean `clipBorder`, a
 *   `maxShape` that is not two positive numbers, an `op` other than `'encode'` / `'decode'` or
 *   `names` that are neither a function name nor an OptionNames.
 * @example
 * resolveTBLROptions({ normalizer: [4, 4, 2, 2] }, 'encode').normalizer; // Float32Array [4, 4, 2, 2]
 */
export function resolveTBLROptions(
  options: TBLRDecodeOptions | undefined,
  op: 'encode' | 'decode',
  names: OptionNames | string = op === 'encode' ? 'encodeTBLR' : 'decodeTBLR',
): ResolvedTBLROptions {
  const n = coderResolverArguments('resolveTBLROptions', op, names, 'TBLR');
  const o = checkOptions(n, options, op === 'encode' ? CODER_KEYS : DECODE_KEYS);
  return {
    normalizer: readNormalizer(n, n.option('normalizer'), o.normalizer),
    clipBorder: readBoolean(n, n.option('clipBorder'), o.clipBorder, true),
    maxShape: readMaxShape(n, n.option('maxShape'), o.maxShape),
  };
}

/**
 * Encodes each target box relative to its prior's center `(cx, cy)` as
 * `(top, bottom, left, right) = (cy - y1, y2 - cy, cx - x1, x2 - cx)`, divides top and bottom
 * by the prior's height and left and right by its width, then divides by the normaliser.
 * Note the output order: top, bottom, left, right.
 *
 * @param priors - `[n * 4]` prior boxes `[x1, y1, x2, y2]`; each must have a positive width and height.
 * @param targets - `[n * 4]` target boxes, one per prior.
 * @param options - `normalizer` (and the coder's `clipBorder`, unused here).
 * @param out - optional `[n * 4]` Float32Array to write into (may be `targets` itself).
 * @returns `[n * 4]` encodings `(top, bottom, left, right)`.
 * @throws {LabelAssignError} when a box array's length is not a multiple of 4, `targets` has not
 *   one box per prior, a value is NaN or infinite, a box has x2 < x1 or y2 < y1, a prior has zero
 *   width or height, an option is invalid or unknown, `out` has the wrong type or length, or an
 *   encoding overflows float32 (a prior far smaller than its distance to the target, or a tiny
 *   normaliser).
 * @example
 * encodeTBLR([0, 0, 8, 4], [2, 1, 6, 3], { normalizer: 1 }); // Float32Array [0.25, 0.25, 0.25, 0.25]
 */
export function encodeTBLR(priors: BoxesInput, targets: BoxesInput, options?: TBLRCoderOptions, out?: Float32Array): Float32Array {
  const fn = 'encodeTBLR';
  const o = resolveTBLROptions(options, 'encode', fn);
  const result = encodeAgainstPriors(fn, encodeTBLRUnchecked, priors, targets, o, out, ROW_PER_PRIOR);
  checkFiniteOutput(fn, result, 'targets', 'a box whose encoding against its prior is finite in float32 (a prior much smaller than its distance to the target, or a tiny options.normalizer, overflows it)');
  return result;
}

/**
 * Decodes `(top, bottom, left, right)` encodings: multiplies by the normaliser, then top and
 * bottom by the prior's height and left and right by its width, and places the sides around
 * the prior's center: `[cx - left, cy - top, cx + right, cy + bottom]`. With `clipBorder` and
 * `maxShape = [h, w]`, x is clamped to `[0, w]` and y to `[0, h]`.
 *
 * @param priors - `[n * 4]` prior boxes `[x1, y1, x2, y2]`.
 * @param encodings - `[n * 4]` `(top, bottom, left, right)` per prior.
 * @param options - `normalizer`, `clipBorder`, `maxShape`.
 * @param out - optional `[n * 4]` Float32Array to write into (may be `encodings` itself).
 * @returns `[n * 4]` boxes `[x1, y1, x2, y2]`.
 * @throws {LabelAssignError} when a length is not a multiple of 4, `encodings` has not one row
 *   per prior, a value is NaN or infinite, a prior has x2 < x1 or y2 < y1, an option is invalid
 *   or unknown, `out` has the wrong type or length, or a decoded coordinate overflows float32.
 * @example
 * decodeTBLR([0, 0, 8, 4], [0.25, 0.25, 0.25, 0.25], { normalizer: 1 }); // Float32Array [2, 1, 6, 3]
 */
export function decodeTBLR(priors: BoxesInput, encodings: BoxesInput, options?: TBLRDecodeOptions, out?: Float32Array): Float32Array {
  const fn = 'decodeTBLR';
  const o = resolveTBLROptions(options, 'decode', fn);
  const p = toBoxes(fn, 'priors', priors);
  const e = toFiniteRows(fn, 'encodings', encodings, 4);
  checkOneRowPer(fn, 'encodings', e.length / 4, p.length / 4, ROW_PER_PRIOR);
  const result = decodeTBLRUnchecked(p, e, o, outputBuffer(fn, out, p.length));
  checkFiniteOutput(fn, result, 'encodings', 'an encoding whose box is finite in float32 (large encodings times options.normalizer and the prior size overflow it)');
  return result;
}

/**
 * Internal kernel of {@link encodeTBLR}: no validation. `priors` and `targets` are `[n * 4]`;
 * writes `[n * 4]` `(top, bottom, left, right)` into `out`.
 * @internal
 * @throws never; invalid input gives NaN or infinite values, as in the reference.
 * @example
 * encodeTBLRUnchecked(p, t, resolveTBLROptions({}, 'encode'), new Float32Array(p.length));
 */
export function encodeTBLRUnchecked(priors: Float32Array, targets: Float32Array, o: ResolvedTBLROptions, out: Float32Array): Float32Array {
  const nz = o.normalizer;
  const nt = nz[0], nb = nz[1], nl = nz[2], nr = nz[3];
  const len = priors.length;
  for (let i = 0; i < len; i += 4) {
    const p0 = priors[i], p1 = priors[i + 1], p2 = priors[i + 2], p3 = priors[i + 3];
    // mmdet halves with `/ 2`; `* 0.5` in center() is the same exact power-of-two scaling.
    const cx = center(p0, p2), cy = center(p1, p3), w = fround(p2 - p0), h = fround(p3 - p1);
    const top = fround(fround(cy - targets[i + 1]) / h);
    const bottom = fround(fround(targets[i + 3] - cy) / h);
    const left = fround(fround(cx - targets[i]) / w);
    const right = fround(fround(targets[i + 2] - cx) / w);
    out[i] = top / nt;
    out[i + 1] = bottom / nb;
    out[i + 2] = left / nl;
    out[i + 3] = right / nr;
  }
  return out;
}

/**
 * Internal kernel of {@link decodeTBLR}: no validation. `priors` and `encodings` are `[n * 4]`;
 * writes `[n * 4]` boxes into `out`.
 * @internal
 * @throws never; invalid input gives NaN or infinite values, as in the reference.
 * @example
 * decodeTBLRUnchecked(p, e, resolveTBLROptions({}, 'decode'), new Float32Array(p.length));
 */
export function decodeTBLRUnchecked(priors: Float32Array, encodings: Float32Array, o: ResolvedTBLROptions, out: Float32Array): Float32Array {
  const nz = o.normalizer;
  const nt = nz[0], nb = nz[1], nl = nz[2], nr = nz[3];
  const len = priors.length;
  for (let i = 0; i < len; i += 4) {
    const p0 = priors[i], p1 = priors[i + 1], p2 = priors[i + 2], p3 = priors[i + 3];
    const cx = center(p0, p2), cy = center(p1, p3), w = fround(p2 - p0), h = fround(p3 - p1);
    const top = fround(h * fround(encodings[i] * nt));
    const bottom = fround(h * fround(encodings[i + 1] * nb));
    const left = fround(w * fround(encodings[i + 2] * nl));
    const right = fround(w * fround(encodings[i + 3] * nr));
    writeBoxAround(out, i, cx, cy, left, top, right, bottom);
  }
  return clipToShape(out, len, o);
}

function readNormalizer(fn: ErrorSource, path: string, value: unknown): Float32Array {
  if (value === undefined) return new Float32Array([4, 4, 4, 4]);
  return readPositiveFloat32s(fn, path, value, 4, 'a positive number or 4 positive numbers [top, bottom, left, right]');
}
