/**
 * Pieces shared by the box coders: option readers, the boundary checks of the public wrappers
 * and the small float32 helpers of the kernels. Internal to `geometry/coders`: the coders keep
 * their own messages (function names, argument names) and pass them in, so every error reads
 * exactly as it did when each coder carried its own copy.
 */
import { LabelAssignError, invalidArgument, type ErrorSource } from '../../errors.js';
import { apiNames, checkCoordinates, checkFinite, checkKnownKeys, checkNumber, checkObject, optionNamesArgument, toBoxes, toFlatFloat32, type BoxesInput, type NumberArrayLike, type OptionNames } from '../../validate.js';

const fround = Math.fround;

/**
 * The `clipBorder` option of the coders whose decoders clip (DeltaXYWH, distance-point, TBLR).
 * Public through their option types, which extend it.
 */
export interface ClipBorderOption {
  /** Decode only: clip decoded boxes to `maxShape` when it is given. Default `true`. */
  readonly clipBorder?: boolean;
}

/** The per-call image shape those decoders clip to; public through their decode option types. */
export interface MaxShapeOption {
  /** Image shape `[h, w]`: with `clipBorder`, x is clamped to `[0, w]` and y to `[0, h]`. Default: no clipping. */
  readonly maxShape?: NumberArrayLike | null;
}

/** {@link ClipBorderOption} and {@link MaxShapeOption} once checked; public through the resolved option types. */
export interface ResolvedClipOptions {
  readonly clipBorder: boolean;
  /** `[h, w]` or `null` for no clipping. */
  readonly maxShape: readonly [number, number] | null;
}

/**
 * An unchecked coder kernel: reads `priors` and `values` (targets, deltas, ...) with resolved
 * options `o`, writes into `out` and returns it.
 * @internal
 */
export type CoderKernel<O> = (priors: Float32Array, values: Float32Array, o: O, out: Float32Array) => Float32Array;

/**
 * The arguments of a public coder resolver after `options`, checked (they are public through it):
 * `op` is `'encode'` or `'decode'`; `names` a function name, an OptionNames, or undefined for
 * the API names of the function `op` picks (`encodeX` / `decodeX`).
 * @internal
 * @throws {LabelAssignError} `resolveTBLROptions: op must be 'encode' or 'decode', but was 'x'`.
 * @example coderResolverArguments('resolveTBLROptions', 'encode', undefined, 'TBLR').fn; // 'encodeTBLR'
 */
export function coderResolverArguments(resolver: string, op: unknown, names: unknown, coder: string): OptionNames {
  if (op !== 'encode' && op !== 'decode') throw invalidArgument(resolver, 'op', "'encode' or 'decode'", op);
  return optionNamesArgument(resolver, names, (name) => apiNames(name, 'options.'), `${op}${coder}`);
}

/**
 * Checks an optional options object (an object, only `known` keys) before any of its values are read.
 * @internal
 * @returns `options`, or an empty object when it is undefined.
 * @throws {LabelAssignError} when `options` is not an object or has an unknown key.
 * @example
 * const o = checkOptions(coderNames('encodeTBLR'), options, ['normalizer', 'clipBorder']);
 */
export function checkOptions(names: OptionNames, options: object | undefined, known: readonly string[]): Record<string, unknown> {
  const o = options === undefined ? {} : checkObject(names, names.section, options);
  checkKnownKeys(names, names.section, o, known);
  return o;
}

/**
 * torch.clamp: `min(max(v, lo), hi)`; NaN stays NaN. This is also what mmdetection's
 * `torch.where(b < 0, 0, b)` then `torch.where(b > max, max, b)` border clip computes.
 * @internal
 * @example
 * clamp(12, 0, 10); // 10
 */
export function clamp(v: number, lo: number, hi: number): number {
  const a = v < lo ? lo : v;
  return a > hi ? hi : a;
}

/**
 * Midpoint of two float32 coordinates, `(lo + hi) * 0.5` rounded after each operation as torch
 * computes a box center. Takes values, not an array and index, so each kernel loads a box's
 * coordinates once; the JIT inlines the call.
 * @internal
 * @example
 * center(0, 10); // 5
 */
export function center(lo: number, hi: number): number {
  return fround(fround(lo + hi) * 0.5);
}

/**
 * Writes the box whose sides lie `left`, `top`, `right`, `bottom` away from the point `(x, y)`
 * at `out[i..i + 3]`: `[x - left, y - top, x + right, y + bottom]`, mmdet's `distance2bbox`
 * form that every decoder ends in. The Float32Array store does the float32 rounding.
 * @internal
 * @example
 * writeBoxAround(out, 0, 5, 5, 5, 3, 5, 7); // out[0..3] = [0, 2, 10, 12]
 */
export function writeBoxAround(out: Float32Array, i: number, x: number, y: number, left: number, top: number, right: number, bottom: number): void {
  out[i] = x - left;
  out[i + 1] = y - top;
  out[i + 2] = x + right;
  out[i + 3] = y + bottom;
}

/**
 * A decoder's border clip: with `clipBorder` and `maxShape = [h, w]`, clamps x to `[0, w]` and
 * y to `[0, h]` for the boxes in `out[0..end)`, in place. A separate pass after the decode loop
 * rather than a branch inside it: it keeps the loop branch-free, which measured faster, and
 * clamping the stored float32 values is exactly torch's clamp of the float32 boxes.
 * @internal
 * @param end - how far the kernel wrote (a multiple of 4).
 * @returns `out`.
 * @example
 * return clipToShape(out, priors.length, o);
 */
export function clipToShape(out: Float32Array, end: number, o: ResolvedClipOptions): Float32Array {
  if (!o.clipBorder || o.maxShape === null) return out;
  const maxH = fround(o.maxShape[0]);
  const maxW = fround(o.maxShape[1]);
  for (let i = 0; i < end; i += 4) {
    out[i] = clamp(out[i], 0, maxW);
    out[i + 1] = clamp(out[i + 1], 0, maxH);
    out[i + 2] = clamp(out[i + 2], 0, maxW);
    out[i + 3] = clamp(out[i + 3], 0, maxH);
  }
  return out;
}

/**
 * Whether `value` is a number array or a typed array (not a DataView) of exactly `length` items.
 * @internal
 * @example
 * isListOfLength([8, 12], 2); // true
 */
export function isListOfLength(value: unknown, length: number): value is ArrayLike<unknown> {
  return (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) && (value as ArrayLike<unknown>).length === length;
}

/**
 * Reads a boolean option.
 * @internal
 * @returns `fallback` when `value` is undefined, else `value`.
 * @throws {LabelAssignError} when `value` is neither undefined nor a boolean.
 * @example
 * readBoolean('decodeTBLR', 'options.clipBorder', undefined, true); // true
 */
export function readBoolean(fn: ErrorSource, path: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalidArgument(fn, path, 'true or false', value);
  return value;
}

/**
 * Reads a `maxShape` option, the image shape `[h, w]` decoded boxes are clipped to.
 * @internal
 * @returns `[h, w]`, or `null` (no clipping) when `value` is undefined or null.
 * @throws {LabelAssignError} when `value` is not two positive numbers.
 * @example
 * readMaxShape('decodeTBLR', 'options.maxShape', [8, 12]); // [8, 12]
 */
export function readMaxShape(fn: ErrorSource, path: string, value: unknown): readonly [number, number] | null {
  if (value === undefined || value === null) return null;
  if (!isListOfLength(value, 2)) throw invalidArgument(fn, path, 'an image shape [h, w] of two positive numbers', value);
  // Clipping compares with the float32 values: positive and finite once rounded.
  const range = { min: 0, exclusiveMin: true, float32: true } as const;
  return [checkNumber(fn, `${path}[0]`, value[0], range), checkNumber(fn, `${path}[1]`, value[1], range)];
}

/**
 * Reads an array option of `length` finite numbers as float32.
 * @internal
 * @param expected - what the whole option must be, for the message when it is not such an array.
 * @param positive - whether every value must also be positive after rounding to float32.
 * @throws {LabelAssignError} when `value` is not an array of `length` items, or naming the first
 *   item that is not a finite (positive) number.
 * @example
 * readFloat32List('f', 'options.targetStds', [0.1, 0.1, 0.2, 0.2], 4, 'an array of 4 numbers', true);
 */
export function readFloat32List(fn: ErrorSource, path: string, value: unknown, length: number, expected: string, positive: boolean): Float32Array {
  if (!isListOfLength(value, length)) throw invalidArgument(fn, path, expected, value);
  const out = new Float32Array(length);
  for (let k = 0; k < length; k++) {
    const v = value[k];
    // A positive double can round to float32 zero, so positivity is checked on the stored value.
    // Finite after the rounding too: 1e39 would be stored as Infinity.
    if (typeof v !== 'number' || !Number.isFinite(fround(v)) || (positive && !(fround(v) > 0))) {
      const range = typeof v === 'number' && Number.isFinite(v) && !Number.isFinite(fround(v)) ? ' within the float32 range (|v| <= 3.4e38)' : '';
      throw invalidArgument(fn, `${path}[${k}]`, positive ? `a positive number${range}` : `a finite number${range}`, v);
    }
    out[k] = v;
  }
  return out;
}

/**
 * Reads an option that is one positive number for all `length` slots or an array of `length`
 * positive numbers (TBLR's normaliser, YOLO's stride), as float32.
 * @internal
 * @param expected - what the option must be, for the message when it is neither form.
 * @throws {LabelAssignError} when `value` is neither form, or naming the first array item that is
 *   not a positive number.
 * @example
 * readPositiveFloat32s('encodeYOLO', 'options.stride', 32, 3, 'a positive number ...'); // [32, 32, 32]
 */
export function readPositiveFloat32s(fn: ErrorSource, path: string, value: unknown, length: number, expected: string): Float32Array {
  if (typeof value === 'number') {
    if (!Number.isFinite(fround(value)) || !(fround(value) > 0)) throw invalidArgument(fn, path, expected, value);
    return new Float32Array(length).fill(value);
  }
  return readFloat32List(fn, path, value, length, expected, true);
}

/**
 * Reads rows of `width` numbers as flat float32 and checks that every value is finite and of
 * magnitude at most `MAX_COORDINATE` (1e15), so that decoding cannot make Infinity - Infinity.
 * @internal
 * @throws {LabelAssignError} when the layout is not rows of `width` or a value is NaN, infinite
 *   or beyond ±1e15.
 * @example
 * toFiniteRows('decodeTBLR', 'encodings', [[0.25, 0.25, 0.25, 0.25]], 4); // Float32Array [0.25, ...]
 */
export function toFiniteRows(fn: string, name: string, input: BoxesInput, width: number): Float32Array {
  const rows = toFlatFloat32(fn, name, input, width);
  checkFinite(fn, name, rows, width);
  checkMagnitudes(fn, name, rows, width);
  return rows;
}

/**
 * Throws unless every value of `rows` (`width` per row) is within ±`MAX_COORDINATE`.
 * @internal
 * @throws {LabelAssignError} naming `name[row][column]`.
 * @example
 * checkMagnitudes('decodeYOLO', 'predictions', Float32Array.of(0.5, 0.5, 1, 1), 4);
 */
export function checkMagnitudes(fn: string, name: string, rows: Float32Array, width: number): void {
  checkCoordinates(fn, rows, (i) => `${name}[${Math.floor(i / width)}][${i % width}]`);
}

/**
 * Checks that `name` has one row per row of the first argument.
 * @internal
 * @param rowPer - the coder's wording, e.g. `'row per box of priors'`.
 * @throws {LabelAssignError} `${fn}: ${name} must have one ${rowPer} (${n}), but has ${count}`.
 * @example
 * checkOneRowPer('decodeTBLR', 'encodings', 2, 1, 'row per box of priors'); // throws
 */
export function checkOneRowPer(fn: string, name: string, count: number, n: number, rowPer: string): void {
  if (count !== n) {
    throw new LabelAssignError('invalid-argument', name, `${fn}: ${name} must have one ${rowPer} (${n}), but has ${count}`);
  }
}

/**
 * Checks that every box of `boxes` has a positive width and height, for encoders that divide by them.
 * @internal
 * @throws {LabelAssignError} naming the first box `name[i]` that has zero (or NaN) width or height.
 * @example
 * checkPositiveSize('encodeTBLR', 'priors', new Float32Array([0, 0, 0, 4])); // throws
 */
export function checkPositiveSize(fn: string, name: string, boxes: Float32Array): void {
  for (let i = 0; i < boxes.length; i += 4) {
    if (!(boxes[i + 2] > boxes[i]) || !(boxes[i + 3] > boxes[i + 1])) {
      const box = `[${boxes[i]}, ${boxes[i + 1]}, ${boxes[i + 2]}, ${boxes[i + 3]}]`;
      throw new LabelAssignError('invalid-argument', `${name}[${i / 4}]`, `${fn}: ${name}[${i / 4}] must have a positive width and height (the encoding divides by them), but was ${box}`);
    }
  }
}

/**
 * The caller's `out`, checked, or a new buffer.
 * @internal
 * @returns `out`, or a new zeroed Float32Array of `length` when `out` is undefined.
 * @throws {LabelAssignError} when `out` is not a Float32Array of exactly `length`.
 * @example
 * outputBuffer('encodeTBLR', undefined, 8); // Float32Array(8)
 */
export function outputBuffer(fn: string, out: Float32Array | undefined, length: number): Float32Array {
  if (out === undefined) return new Float32Array(length);
  if (!(out instanceof Float32Array) || out.length !== length) throw invalidArgument(fn, 'out', `a Float32Array of length ${length}`, out);
  return out;
}

/**
 * The checked path of an encoder that divides by its priors' sizes (DeltaXYWH, TBLR): reads
 * `priors` and `targets` as boxes, checks one target per prior and that every prior has a
 * positive size, then runs `kernel` into `out` (checked) or a new buffer. Options are resolved
 * by the caller beforehand, so option errors are reported first.
 * @internal
 * @param rowPer - the coder's wording for the count message, see {@link checkOneRowPer}.
 * @returns `[n * 4]`, what `kernel` writes.
 * @throws {LabelAssignError} from {@link toBoxes}, {@link checkOneRowPer},
 *   {@link checkPositiveSize} or {@link outputBuffer}, in that order.
 * @example
 * encodeAgainstPriors('encodeTBLR', encodeTBLRUnchecked, priors, targets, o, out, 'row per box of priors');
 */
export function encodeAgainstPriors<O>(
  fn: string,
  kernel: CoderKernel<O>,
  priors: BoxesInput,
  targets: BoxesInput,
  o: O,
  out: Float32Array | undefined,
  rowPer: string,
): Float32Array {
  const p = toBoxes(fn, 'priors', priors);
  const t = toBoxes(fn, 'targets', targets);
  checkOneRowPer(fn, 'targets', t.length / 4, p.length / 4, rowPer);
  checkPositiveSize(fn, 'priors', p);
  return kernel(p, t, o, outputBuffer(fn, out, p.length));
}

/**
 * The checked coders' last step: every value they return is finite. Valid but extreme inputs can
 * overflow float32 inside a coder (a prior far smaller than its distance to the target, a tiny
 * std or normaliser, a large `w` through `exp`); the reference returns Infinity there silently,
 * the API names the row and what overflows it. One pass over the output, after the kernel's
 * loop (the kernel itself stays free of checks).
 * @internal
 * @param row - the argument whose row is named, e.g. `'targets'`.
 * @param expected - what that row must be, e.g. `'a box whose encoding against its prior is finite in float32 (...)'`.
 * @param documented - spares the infinities the coder documents (DeltaXYWH: the log of a zero-size target).
 * @throws {LabelAssignError} `fn: targets[3] must be <expected>, but column 1 was Infinity`.
 * @example
 * checkFiniteOutput('decodeYOLO', out, 'predictions', 'a row whose decoded box is finite in float32');
 */
export function checkFiniteOutput(fn: string, out: Float32Array, row: string, expected: string, documented?: (index: number) => boolean): void {
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    // v - v is 0 for every finite v and NaN for NaN and the infinities.
    if (v - v !== 0 && (documented === undefined || !documented(i))) {
      const r = i >> 2;
      throw new LabelAssignError('invalid-argument', `${row}[${r}]`, `${fn}: ${row}[${r}] must be ${expected}, but column ${i & 3} was ${v}`);
    }
  }
}
