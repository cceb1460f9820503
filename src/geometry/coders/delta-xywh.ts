/**
 * DeltaXYWH box coder: a target box relative to a prior as the size-normalised center shift and
 * the log size ratio, `(dx, dy, dw, dh)`, then normalised by means and stds; decoding applies
 * predicted deltas to priors. This is the R-CNN parameterisation (Girshick et al., 2014) used by
 * Fast/Faster R-CNN, RetinaNet and Cascade R-CNN, and with the center clamp by YOLOF. It matches
 * mmdetection 3.x `DeltaXYWHBBoxCoder` (`bbox2delta` / `delta2bbox`), float32 rounding included.
 */
import { LabelAssignError, invalidArgument, type ErrorSource } from '../../errors.js';
import { checkFinite, checkNdarray, checkNumber, isNdarray, toBoxes, toFlatFloat32, type BoxesInput, type NumberArrayLike, type OptionNames } from '../../validate.js';
import { center, checkFiniteOutput, checkMagnitudes, checkOneRowPer, checkOptions, checkPositiveSize, clamp, clipToShape, coderResolverArguments, outputBuffer, readBoolean, readFloat32List, readMaxShape, writeBoxAround, type ClipBorderOption, type MaxShapeOption, type ResolvedClipOptions } from './common.js';

const fround = Math.fround;

/** Options of the coder itself, shared by {@link encodeDeltaXYWH} and {@link decodeDeltaXYWH}. */
export interface DeltaXYWHCoderOptions extends ClipBorderOption {
  /** Subtracted from the raw `(dx, dy, dw, dh)` when encoding, added back when decoding. Default `[0, 0, 0, 0]`. */
  readonly targetMeans?: NumberArrayLike;
  /** Positive divisors of the raw `(dx, dy, dw, dh)`. Default `[1, 1, 1, 1]`; R-CNN heads use `[0.1, 0.1, 0.2, 0.2]`. */
  readonly targetStds?: NumberArrayLike;
  /** Decode only (YOLOF): clamp the center shift to `±ctrClamp` pixels and `dw`, `dh` only from above. Default `false`. */
  readonly addCtrClamp?: boolean;
  /** Decode only: the center-shift bound in pixels used with `addCtrClamp`. Default `32`. */
  readonly ctrClamp?: number;
}

/** {@link decodeDeltaXYWH} options: the coder options plus the per-call arguments. */
export interface DeltaXYWHDecodeOptions extends DeltaXYWHCoderOptions, MaxShapeOption {
  /** `dw`, `dh` are clamped to `±|log(whRatioClip)|`. Default `16 / 1000`. */
  readonly whRatioClip?: number;
}

/** Checked options, as {@link resolveDeltaXYWHOptions} returns them. */
export interface ResolvedDeltaXYWHOptions extends ResolvedClipOptions {
  /** `[4]`, float32. */
  readonly targetMeans: Float32Array;
  /** `[4]`, float32, every value > 0. */
  readonly targetStds: Float32Array;
  readonly addCtrClamp: boolean;
  readonly ctrClamp: number;
  readonly whRatioClip: number;
}

const CODER_KEYS = ['targetMeans', 'targetStds', 'clipBorder', 'addCtrClamp', 'ctrClamp'] as const;
const DECODE_KEYS = [...CODER_KEYS, 'maxShape', 'whRatioClip'] as const;

/**
 * Checks and completes {@link encodeDeltaXYWH} / {@link decodeDeltaXYWH} options once, before any
 * loop. Unknown keys are errors (`maxShape` and `whRatioClip` are known to `decode` only).
 *
 * @param options - the caller's options (may be undefined).
 * @param op - which function the options are for; decides the known keys.
 * @param names - the words of the errors: a function name (its API names, `options.maxShape`),
 *   or a config's (the interop layer names `config.clip_border`, `inputs.max_shape`).
 * @returns the resolved options, means and stds rounded to float32.
 * @throws {LabelAssignError} on an unknown key, a wrong type, a mean that is not finite, a std
 *   that is not positive, a negative `ctrClamp`, a `maxShape` that is not two positive numbers or
 *   a `whRatioClip` that is not positive.
 * @example
 * const o = resolveDeltaXYWHOptions({ targetStds: [0.1, 0.1, 0.2, 0.2] }, 'encode');
 * o.targetStds; // Float32Array [0.1, 0.1, 0.2, 0.2] (float32)
 */
export function resolveDeltaXYWHOptions(
  options: DeltaXYWHDecodeOptions | undefined,
  op: 'encode' | 'decode',
  names: OptionNames | string = op === 'encode' ? 'encodeDeltaXYWH' : 'decodeDeltaXYWH',
): ResolvedDeltaXYWHOptions {
  const n = coderResolverArguments('resolveDeltaXYWHOptions', op, names, 'DeltaXYWH');
  const o = checkOptions(n, options, op === 'encode' ? CODER_KEYS : DECODE_KEYS);
  return {
    targetMeans: o.targetMeans === undefined ? new Float32Array(4) : readFour(n, n.option('targetMeans'), o.targetMeans, false),
    targetStds: o.targetStds === undefined ? new Float32Array([1, 1, 1, 1]) : readFour(n, n.option('targetStds'), o.targetStds, true),
    clipBorder: readBoolean(n, n.option('clipBorder'), o.clipBorder, true),
    addCtrClamp: readBoolean(n, n.option('addCtrClamp'), o.addCtrClamp, false),
    ctrClamp: o.ctrClamp === undefined ? 32 : checkNumber(n, n.option('ctrClamp'), o.ctrClamp, { min: 0, float32: true }),
    maxShape: readMaxShape(n, n.option('maxShape'), o.maxShape),
    // Used in double (numpy's |log(wh_ratio_clip)|); only the bound it gives is float32.
    whRatioClip: o.whRatioClip === undefined ? 16 / 1000 : checkNumber(n, n.option('whRatioClip'), o.whRatioClip, { min: 0, exclusiveMin: true }),
  };
}

/**
 * Encodes each target box relative to its prior as `(dx, dy, dw, dh)`:
 * `dx = (gx - px) / pw`, `dy = (gy - py) / ph`, `dw = log(gw / pw)`, `dh = log(gh / ph)`, then
 * `(d - targetMeans) / targetStds`, with centers `(x1 + x2) / 2` and sizes `x2 - x1`.
 *
 * A target of zero width (height) encodes `dw` (`dh`) as `-Infinity`, exactly as the reference
 * does: it is what the encoding is, and no finite delta decodes to a zero-size box. Priors must
 * have a positive width and height (the deltas divide by them).
 *
 * @param priors - `[n * 4]` prior boxes `[x1, y1, x2, y2]` (anchors or proposals).
 * @param targets - `[n * 4]` target boxes, one per prior.
 * @param options - coder options; only `targetMeans` and `targetStds` affect encoding.
 * @param out - optional `[n * 4]` Float32Array to write into (may be `targets` itself).
 * @returns `[n * 4]` deltas `(dx, dy, dw, dh)` per prior.
 * @throws {LabelAssignError} when a box array's length is not a multiple of 4, `targets` has not
 *   one box per prior, a value is NaN or infinite, a box has x2 < x1 or y2 < y1, a prior has zero
 *   width or height, an option is invalid or unknown, `out` has the wrong type or length, or a
 *   delta other than the documented -Infinity overflows float32 (a prior far smaller than its
 *   distance to the target, or a tiny std).
 * @example
 * encodeDeltaXYWH([0, 0, 10, 10], [1, 1, 11, 11]); // Float32Array [0.1, 0.1, 0, 0]
 */
export function encodeDeltaXYWH(priors: BoxesInput, targets: BoxesInput, options?: DeltaXYWHCoderOptions, out?: Float32Array): Float32Array {
  const fn = 'encodeDeltaXYWH';
  const o = resolveDeltaXYWHOptions(options, 'encode', fn);
  const p = toBoxes(fn, 'priors', priors);
  const t = toBoxes(fn, 'targets', targets);
  checkOneRowPer(fn, 'targets', t.length / 4, p.length / 4, 'box per box of priors');
  checkPositiveSize(fn, 'priors', p);
  const buffer = outputBuffer(fn, out, p.length);
  // The one documented infinity: dw (dh) = log(0) = -Infinity for a target of zero width
  // (height). Which targets have one is read before the kernel, as `out` may be `targets` itself.
  const zeroSize = buffer.buffer === t.buffer ? zeroSizeRows(t) : null;
  const result = encodeDeltaXYWHUnchecked(p, t, o, buffer);
  checkFiniteOutput(fn, result, 'targets', 'a box whose deltas against its prior are finite in float32 (a prior much smaller than its distance to the target, or a tiny options.targetStds, overflows them)', (i) => {
    const column = i & 3;
    if (result[i] !== -Infinity || column < 2) return false;
    const b = i - column;
    const flags = zeroSize !== null ? zeroSize[b >> 2] : (t[b + 2] === t[b] ? 1 : 0) | (t[b + 3] === t[b + 1] ? 2 : 0);
    return (flags & (column === 2 ? 1 : 2)) !== 0;
  });
  return result;
}

/** Per box: 1 when its width is 0, 2 when its height is 0 (both: 3). */
function zeroSizeRows(boxes: Float32Array): Uint8Array {
  const flags = new Uint8Array(boxes.length >> 2);
  for (let i = 0; i < boxes.length; i += 4) flags[i >> 2] = (boxes[i + 2] === boxes[i] ? 1 : 0) | (boxes[i + 3] === boxes[i + 1] ? 2 : 0);
  return flags;
}

/**
 * Decodes deltas against their priors: `denorm = delta * targetStds + targetMeans`;
 * center `p + pwh * dxy`, size `pwh * exp(dwh)` with `dwh` clamped to `±|log(whRatioClip)|`
 * (with `addCtrClamp`, the center shift is clamped to `±ctrClamp` and `dwh` only from above);
 * with `clipBorder` and `maxShape = [h, w]`, x is clamped to `[0, w]` and y to `[0, h]`.
 *
 * Deltas may be class-specific, `[n * 4k]` (`k` groups of 4 per prior, e.g. an R-CNN bbox
 * head): each group is decoded against the same prior. Zero-size priors are allowed.
 *
 * @param priors - `[n * 4]` prior boxes `[x1, y1, x2, y2]`.
 * @param deltas - `[n * 4k]` deltas `(dx, dy, dw, dh)` per prior and group; flat, as `n` rows of
 *   `4k` numbers, or an ndarray of shape `[n, 4k]`.
 * @param options - coder options plus `maxShape` and `whRatioClip`.
 * @param out - optional `[n * 4k]` Float32Array to write into (may be `deltas` itself).
 * @returns `[n * 4k]` boxes `[x1, y1, x2, y2]`, in the layout of `deltas`.
 * @throws {LabelAssignError} when `priors`' length is not a multiple of 4, `deltas` does not hold
 *   `4k` numbers for every prior, a value is NaN or infinite, a prior has x2 < x1 or y2 < y1, an
 *   option is invalid or unknown, `out` has the wrong type or length, or a decoded coordinate
 *   overflows float32 (large deltas times the stds, or `exp` of a size delta under a tiny
 *   `whRatioClip`).
 * @example
 * decodeDeltaXYWH([0, 0, 10, 10], [0.1, 0.1, 0, 0]); // Float32Array [1, 1, 11, 11]
 * decodeDeltaXYWH([0, 0, 10, 10], [0, 0, 1, 1], { maxShape: [8, 12] }); // clipped to [0, 0, 12, 8]
 */
export function decodeDeltaXYWH(priors: BoxesInput, deltas: BoxesInput, options?: DeltaXYWHDecodeOptions, out?: Float32Array): Float32Array {
  const fn = 'decodeDeltaXYWH';
  const o = resolveDeltaXYWHOptions(options, 'decode', fn);
  const p = toBoxes(fn, 'priors', priors);
  const n = p.length / 4;
  const d = toDeltas(fn, deltas, n);
  const result = decodeDeltaXYWHUnchecked(p, d, o, outputBuffer(fn, out, d.length));
  checkFiniteOutput(fn, result, 'deltas', 'deltas whose box is finite in float32 (large deltas times options.targetStds, or exp of a dw, dh clamped only by a tiny options.whRatioClip, overflow it)');
  return result;
}

/**
 * Internal kernel of {@link encodeDeltaXYWH}: no validation at all (the interop layer feeds it the
 * reference's degenerate inputs). `priors` and `targets` are `[n * 4]`; writes `[n * 4]` into `out`.
 * @internal
 * @throws never; invalid input gives NaN or infinite values, as in the reference.
 * @example
 * encodeDeltaXYWHUnchecked(p, t, resolveDeltaXYWHOptions({}, 'encode'), new Float32Array(p.length));
 */
export function encodeDeltaXYWHUnchecked(priors: Float32Array, targets: Float32Array, o: ResolvedDeltaXYWHOptions, out: Float32Array): Float32Array {
  const m = o.targetMeans;
  const s = o.targetStds;
  const m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3];
  const s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
  const len = priors.length;
  for (let i = 0; i < len; i += 4) {
    const p0 = priors[i], p1 = priors[i + 1], p2 = priors[i + 2], p3 = priors[i + 3];
    const px = center(p0, p2), py = center(p1, p3), pw = fround(p2 - p0), ph = fround(p3 - p1);
    const g0 = targets[i], g1 = targets[i + 1], g2 = targets[i + 2], g3 = targets[i + 3];
    const gx = center(g0, g2), gy = center(g1, g3), gw = fround(g2 - g0), gh = fround(g3 - g1);
    const dx = fround(fround(gx - px) / pw);
    const dy = fround(fround(gy - py) / ph);
    const dw = fround(Math.log(fround(gw / pw)));
    const dh = fround(Math.log(fround(gh / ph)));
    out[i] = fround(dx - m0) / s0;
    out[i + 1] = fround(dy - m1) / s1;
    out[i + 2] = fround(dw - m2) / s2;
    out[i + 3] = fround(dh - m3) / s3;
  }
  return out;
}

/**
 * Internal kernel of {@link decodeDeltaXYWH}: no validation. `priors` is `[n * 4]`, `deltas`
 * `[n * 4k]` (k is `deltas.length / priors.length`); writes `[n * 4k]` boxes into `out`.
 * @internal
 * @throws never; invalid input gives NaN or infinite values, as in the reference.
 * @example
 * decodeDeltaXYWHUnchecked(p, d, resolveDeltaXYWHOptions({}, 'decode'), new Float32Array(d.length));
 */
export function decodeDeltaXYWHUnchecked(priors: Float32Array, deltas: Float32Array, o: ResolvedDeltaXYWHOptions, out: Float32Array): Float32Array {
  const len = priors.length;
  if (len === 0) return out;
  const groups = deltas.length / len;
  const m = o.targetMeans;
  const s = o.targetStds;
  const m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3];
  const s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
  // numpy computes |log(wh_ratio_clip)| in double; torch.clamp casts the bound to float32.
  const maxRatio = fround(Math.abs(Math.log(o.whRatioClip)));
  const addCtrClamp = o.addCtrClamp;
  const ctr = fround(o.ctrClamp);
  let d = 0;
  for (let i = 0; i < len; i += 4) {
    const r0 = priors[i], r1 = priors[i + 1], r2 = priors[i + 2], r3 = priors[i + 3];
    const px = center(r0, r2), py = center(r1, r3), pw = fround(r2 - r0), ph = fround(r3 - r1);
    for (let g = 0; g < groups; g++, d += 4) {
      const dx = fround(fround(deltas[d] * s0) + m0);
      const dy = fround(fround(deltas[d + 1] * s1) + m1);
      let dw = fround(fround(deltas[d + 2] * s2) + m2);
      let dh = fround(fround(deltas[d + 3] * s3) + m3);
      let sx = fround(pw * dx);
      let sy = fround(ph * dy);
      if (addCtrClamp) {
        sx = clamp(sx, -ctr, ctr);
        sy = clamp(sy, -ctr, ctr);
        if (dw > maxRatio) dw = maxRatio;
        if (dh > maxRatio) dh = maxRatio;
      } else {
        dw = clamp(dw, -maxRatio, maxRatio);
        dh = clamp(dh, -maxRatio, maxRatio);
      }
      const gx = fround(px + sx);
      const gy = fround(py + sy);
      const hw = fround(fround(pw * fround(Math.exp(dw))) * 0.5);
      const hh = fround(fround(ph * fround(Math.exp(dh))) * 0.5);
      writeBoxAround(out, d, gx, gy, hw, hh, hw, hh);
    }
  }
  return clipToShape(out, d, o);
}

/** Reads deltas as `[n * 4k]`, checking that every prior has the same number `k >= 1` of groups. */
function toDeltas(fn: string, input: BoxesInput, n: number): Float32Array {
  let width = 4;
  if (Array.isArray(input) && input.length > 0 && Array.isArray(input[0])) width = (input[0] as readonly number[]).length;
  else if (isNdarray(input)) {
    const shape = checkNdarray(fn, 'deltas', input).shape;
    if (shape.length === 2) width = shape[1];
  }
  if (width === 0 || width % 4 !== 0) {
    throw invalidArgument(fn, 'deltas', 'rows of 4k numbers (k groups of (dx, dy, dw, dh) per prior)', `rows of ${width} numbers`);
  }
  const d = toFlatFloat32(fn, 'deltas', input, width);
  if (n === 0 ? d.length !== 0 : d.length === 0 || d.length % (4 * n) !== 0) {
    throw new LabelAssignError(
      'invalid-argument',
      'deltas',
      `${fn}: deltas must hold 4 or 4k numbers for each of the ${n} boxes of priors (length ${4 * n}k), but has length ${d.length}`,
    );
  }
  checkFinite(fn, 'deltas', d, d.length / Math.max(n, 1));
  checkMagnitudes(fn, 'deltas', d, d.length / Math.max(n, 1));
  return d;
}

function readFour(fn: ErrorSource, path: string, value: unknown, positive: boolean): Float32Array {
  return readFloat32List(fn, path, value, 4, 'an array of 4 numbers for (dx, dy, dw, dh)', positive);
}
