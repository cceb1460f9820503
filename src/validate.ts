/**
 * Boundary checks shared by every public function. Each check runs once per call, before any
 * hot loop, and throws a `LabelAssignError` naming the function, the argument and the fix.
 */
import { invalidArgument, invalidConfig, LabelAssignError, quoteString, sourceFn, type ErrorSource, type LabelAssignErrorCode } from './errors.js';
import { copyStrided, STORAGE_ARRAY, STORAGE_GENERIC, STORAGE_TYPED, type NdGenericData, type Storage, type StridedView } from './strided.js';

export type { NdGenericData } from './strided.js';

/** Anything that holds numbers in a flat or `[n][k]` layout. */
export type NumberArrayLike = Float32Array | Float64Array | Int32Array | readonly number[];

/**
 * An ndarray as every function of label-assign accepts it: any object with `data`, `shape`,
 * `stride` and `offset`, such as a scijs `ndarray` or a plain object of that form. Element
 * `(i0, ..., ik)` is `data[offset + i0 * stride[0] + ... + ik * stride[k]]`; strides may be
 * negative (a flipped view) or zero (a broadcast one), as long as every element lies inside
 * `data`. It is recognised by those four fields (duck typing), checked once and copied into a
 * flat Float32Array, row-major, by a plain loop: the core never imports scijs `ndarray` (which
 * generates code from strings, see strided.ts), so it loads under a strict Content-Security-Policy.
 */
export interface NdArrayLike {
  /** The storage: a typed array or array of numbers (or a scijs generic array with `get`). */
  readonly data: ArrayLike<number> | NdGenericData;
  /** Non-negative integer dimensions, e.g. `[n, 4]` for boxes. */
  readonly shape: ArrayLike<number>;
  /** One integer step through `data` per dimension. */
  readonly stride: ArrayLike<number>;
  /** Integer index into `data` of element `(0, ..., 0)`. */
  readonly offset: number;
}

/**
 * Boxes as the API accepts them: a flat `[x1, y1, x2, y2, ...]` typed array or number array,
 * an array of 4-element rows, or an ndarray ({@link NdArrayLike}) of shape `[n, 4]`.
 */
export type BoxesInput = NumberArrayLike | readonly (readonly number[])[] | NdArrayLike;

const NDARRAY_FIELDS = ['data', 'shape', 'stride', 'offset'] as const;

/** True for any object (not an array or typed array) with `data`, `shape`, `stride` and `offset`; the fields are checked by {@link checkNdarray}. */
export function isNdarray(value: unknown): value is NdArrayLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !ArrayBuffer.isView(value) &&
    'data' in value &&
    'shape' in value &&
    'stride' in value &&
    'offset' in value
  );
}

/**
 * The ndarray fields an object lacks when it has some but not all of them (it was probably meant
 * as an ndarray), else null.
 */
function missingNdarrayFields(value: unknown): string[] | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) return null;
  const missing = NDARRAY_FIELDS.filter((key) => !(key in value));
  return missing.length > 0 && missing.length < NDARRAY_FIELDS.length ? missing : null;
}

function isNumericTypedArray(value: unknown): value is ArrayLike<number> {
  return ArrayBuffer.isView(value) && !(value instanceof DataView) && !(value instanceof BigInt64Array) && !(value instanceof BigUint64Array);
}

/** Reads a list of integers (an array or typed array), each at least `min`. */
function integerList(fn: string, path: string, value: unknown, expected: string, min: number): number[] {
  if (!Array.isArray(value) && !isNumericTypedArray(value)) throw invalidArgument(fn, path, expected, value);
  const list = value as ArrayLike<unknown>;
  const out = new Array<number>(list.length);
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
      throw invalidArgument(fn, `${path}[${i}]`, min === 0 ? 'a non-negative integer' : 'an integer', v);
    }
    out[i] = v;
  }
  return out;
}

/**
 * Checks an ndarray's fields once, reading each field once: `shape` non-negative integers,
 * `stride` one integer per dimension, `offset` an integer, `data` numbers, at most
 * {@link MAX_ARRAY_LENGTH} elements, and every index the view reaches inside `data`.
 * @param name the argument, e.g. `boxes1`; errors name `boxes1.stride[1]` and so on.
 * @throws LabelAssignError naming `fn` and the field.
 */
export function checkNdarray(fn: string, name: string, value: NdArrayLike): StridedView {
  const shape = integerList(fn, `${name}.shape`, value.shape, 'an array of non-negative integer dimensions', 0);
  const stride = integerList(fn, `${name}.stride`, value.stride, `an array of ${shape.length} integer strides (one per dimension of shape)`, -Infinity);
  if (stride.length !== shape.length) {
    throw invalidArgument(fn, `${name}.stride`, `an array of ${shape.length} integer strides (one per dimension of shape)`, value.stride);
  }
  const offset: unknown = value.offset;
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset)) throw invalidArgument(fn, `${name}.offset`, 'an integer index into data', offset);
  const data: unknown = value.data;
  let storage: Storage;
  if (isNumericTypedArray(data)) storage = STORAGE_TYPED;
  else if (Array.isArray(data)) storage = STORAGE_ARRAY;
  else if (data instanceof BigInt64Array || data instanceof BigUint64Array) throw invalidArgument(fn, `${name}.data`, 'numbers, not BigInts', data);
  else if (typeof data === 'object' && data !== null && typeof (data as NdGenericData).get === 'function' && Number.isSafeInteger((data as NdGenericData).length)) storage = STORAGE_GENERIC;
  else throw invalidArgument(fn, `${name}.data`, 'a typed array or an array of numbers', data);
  let size = 1;
  for (let axis = 0; axis < shape.length; axis++) size *= shape[axis];
  if (size > MAX_ARRAY_LENGTH) {
    throw invalidArgument(fn, `${name}.shape`, `dimensions whose product is at most ${MAX_ARRAY_LENGTH}`, `[${shape.join(', ')}]`);
  }
  if (size > 0) {
    // The lowest and highest index reached: each dimension moves one way, by stride * (extent - 1).
    let lowest = offset;
    let highest = offset;
    for (let axis = 0; axis < shape.length; axis++) {
      const reach = stride[axis] * (shape[axis] - 1);
      if (reach < 0) lowest += reach;
      else highest += reach;
    }
    const length = (data as ArrayLike<number>).length;
    if (lowest < 0 || highest >= length) {
      throw new LabelAssignError(
        'invalid-argument',
        name,
        `${fn}: ${name} must only reach indices inside its data (0 to ${length - 1}), but its offset ${offset}, shape [${shape.join(', ')}] and stride [${stride.join(', ')}] reach ${lowest} to ${highest}`,
      );
    }
  }
  return { data: data as ArrayLike<number> | NdGenericData, storage, shape, stride, offset, size };
}

/** Copies a checked view into a new flat Float32Array, row-major (values rounded to float32). */
export function ndarrayToFloat32(fn: string, name: string, view: StridedView): Float32Array {
  const out = new Float32Array(view.size);
  const bad = copyStrided(view, out);
  if (bad >= 0) {
    const v = view.storage === STORAGE_GENERIC ? (view.data as NdGenericData).get(bad) : (view.data as ArrayLike<unknown>)[bad];
    throw invalidArgument(fn, `${name}.data[${bad}]`, 'a number', v);
  }
  return out;
}

/**
 * Copies (or, for a contiguous Float32Array, reuses) `input` as a flat float32 array whose
 * length is a multiple of `width`. Values are rounded to float32, as the reference rounds them.
 * Rows given as nested arrays or ndarrays ({@link NdArrayLike}, any strides) must have exactly
 * `width` columns.
 */
export function toFlatFloat32(fn: string, name: string, input: unknown, width: number): Float32Array {
  if (input instanceof Float32Array) {
    if (input.length % width !== 0) {
      throw invalidArgument(fn, name, `a flat array whose length is a multiple of ${width} ([x1, y1, x2, y2, ...] for boxes)`, input);
    }
    return input;
  }
  if (isNdarray(input)) {
    const view = checkNdarray(fn, name, input);
    const shape = view.shape;
    if (shape.length === 1 && shape[0] === 0) return new Float32Array(0);
    if (shape.length !== 2 || shape[1] !== width) {
      throw invalidArgument(fn, name, `an ndarray of shape [n, ${width}]`, `an ndarray of shape [${shape.join(', ')}]`);
    }
    // Copy through the view's strides (any layout, any numeric storage) into one flat float32 buffer.
    return ndarrayToFloat32(fn, name, view);
  }
  if (input instanceof BigInt64Array || input instanceof BigUint64Array) {
    throw invalidArgument(fn, name, `numbers (a Float32Array, Float64Array, Int32Array or number array), not BigInts`, input);
  }
  if (ArrayBuffer.isView(input) && !(input instanceof DataView)) {
    const arr = input as unknown as ArrayLike<number>;
    if (arr.length % width !== 0) {
      throw invalidArgument(fn, name, `a flat array whose length is a multiple of ${width}`, input);
    }
    return Float32Array.from(arr);
  }
  if (Array.isArray(input)) {
    if (input.length === 0) return new Float32Array(0);
    if (Array.isArray(input[0])) {
      const out = new Float32Array(input.length * width);
      for (let i = 0; i < input.length; i++) {
        const row = input[i];
        if (!Array.isArray(row) || row.length !== width) {
          throw invalidArgument(fn, `${name}[${i}]`, `a row of ${width} numbers`, row);
        }
        for (let j = 0; j < width; j++) {
          const v = row[j];
          if (typeof v !== 'number') throw invalidArgument(fn, `${name}[${i}][${j}]`, 'a number', v);
          out[i * width + j] = v;
        }
      }
      return out;
    }
    if (input.length % width !== 0) {
      throw invalidArgument(fn, name, `a flat array whose length is a multiple of ${width}`, input);
    }
    const out = new Float32Array(input.length);
    for (let i = 0; i < input.length; i++) {
      const v = input[i];
      if (typeof v !== 'number') throw invalidArgument(fn, `${name}[${i}]`, 'a number', v);
      out[i] = v;
    }
    return out;
  }
  const missing = missingNdarrayFields(input);
  if (missing !== null) {
    throw invalidArgument(fn, name, `an ndarray with data, shape, stride and offset (it has no ${missing.join(', ')})`, input);
  }
  throw invalidArgument(
    fn,
    name,
    `a Float32Array [x1, y1, x2, y2, ...], an array of [x1, y1, x2, y2] rows or an ndarray of shape [n, ${width}]`,
    input,
  );
}

/** Throws unless every value of `values` is finite; names the row and column. */
export function checkFinite(fn: string, name: string, values: ArrayLike<number>, width: number): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      throw invalidArgument(fn, `${name}[${Math.floor(i / width)}]${width > 1 ? `[${i % width}]` : ''}`, 'a finite number', v);
    }
  }
}

const CORNER = ['x1', 'y1', 'x2', 'y2'] as const;

/**
 * Largest coordinate magnitude a box may have. Beyond it the float32 arithmetic every strategy
 * shares overflows (an area is a product of two sides, a DIoU penalty a squared distance of
 * center sums), which would turn an IoU into Infinity or NaN. 1e15 leaves that arithmetic a
 * margin of more than 1e7 below float32's largest value, and is far beyond any image.
 */
export const MAX_COORDINATE = 1e15;

/**
 * Throws unless `|v| <= MAX_COORDINATE` (NaN fails too); `path` names the coordinate.
 * @example checkCoordinate('iouLoss', 'pred[0].x1', 12); // passes
 */
export function checkCoordinate(fn: string, path: string, v: number): void {
  if (!(v >= -MAX_COORDINATE && v <= MAX_COORDINATE)) {
    throw invalidArgument(fn, path, Number.isFinite(v) ? `a number of magnitude <= ${MAX_COORDINATE} (beyond it float32 areas and distances overflow)` : 'a finite number', v);
  }
}

/**
 * Checks every value of `values` with {@link checkCoordinate}; `pathOf(i)` names value `i` and is
 * called only for the value that fails, so validating a large prior set allocates nothing.
 */
export function checkCoordinates(fn: string, values: ArrayLike<number>, pathOf: (i: number) => string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= -MAX_COORDINATE && v <= MAX_COORDINATE)) checkCoordinate(fn, pathOf(i), v);
  }
}

/**
 * Largest typed array the toolkit allocates for one result (indices are int32). Computed sizes
 * (priors of a grid, class heatmaps, target maps) are checked against it up front, so an absurd
 * size gives a LabelAssignError instead of a RangeError from the allocation.
 */
export const MAX_ARRAY_LENGTH = 2 ** 31 - 1;

/**
 * Throws unless `length` (a computed number of array entries) is at most {@link MAX_ARRAY_LENGTH}.
 * @param path the argument that sets the size, e.g. `featmapSizes`.
 * @param what what the array holds, e.g. `prior coordinates`.
 * @example checkArrayLength('centerNetTargets', 'options.numClasses', 80 * 128 * 128, 'heatmap values');
 */
export function checkArrayLength(fn: string, path: string, length: number, what: string): void {
  if (!(length <= MAX_ARRAY_LENGTH)) {
    throw invalidArgument(fn, path, `small enough for at most ${MAX_ARRAY_LENGTH} ${what} (it asks for ${length})`);
  }
}

export interface BoxCheckOptions {
  /**
   * Accept boxes with x2 < x1 or y2 < y1 (they have negative area, as in the reference).
   * Off by default: an inverted box is almost always a bug in the caller's format.
   */
  readonly allowInverted?: boolean;
}

/**
 * Converts and checks boxes in `[x1, y1, x2, y2]` layout: finite values of magnitude at most
 * {@link MAX_COORDINATE}, x2 >= x1, y2 >= y1.
 * @returns a flat Float32Array of length `4 * n` (the input itself when it already is one).
 */
export function toBoxes(fn: string, name: string, input: unknown, options: BoxCheckOptions = {}): Float32Array {
  const boxes = toFlatFloat32(fn, name, input, 4);
  const inverted = options.allowInverted === true;
  const m = MAX_COORDINATE;
  // One pass over a Float32Array (a monomorphic loop: this check runs on every prior set given
  // as plain boxes); the precise message is built only for the box that fails.
  for (let i = 0; i < boxes.length; i += 4) {
    const x1 = boxes[i];
    const y1 = boxes[i + 1];
    const x2 = boxes[i + 2];
    const y2 = boxes[i + 3];
    if (!(x1 >= -m && x1 <= m && y1 >= -m && y1 <= m && x2 >= -m && x2 <= m && y2 >= -m && y2 <= m)) {
      checkCoordinates(fn, boxes.subarray(i, i + 4), (k) => `${name}[${i >> 2}].${CORNER[k]}`);
    }
    if (inverted) continue;
    if (x2 < x1) {
      throw invalidArgument(fn, `${name}[${i / 4}].x2`, `>= x1 (${boxes[i]}); boxes are [x1, y1, x2, y2], convert [x, y, w, h] first`, boxes[i + 2]);
    }
    if (y2 < y1) {
      throw invalidArgument(fn, `${name}[${i / 4}].y2`, `>= y1 (${boxes[i + 1]}); boxes are [x1, y1, x2, y2], convert [x, y, w, h] first`, boxes[i + 3]);
    }
  }
  return boxes;
}

/** Largest finite float32, `(2 - 2^-23) * 2^127`: a larger number is Infinity once rounded. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Smallest normal float32, `2^-126`; below it a float32 is subnormal (fewer bits) down to `2^-149`, then 0. */
export const FLOAT32_MIN_NORMAL = 2 ** -126;

/** Smallest positive float32, `2^-149` (subnormal): a smaller positive number is 0 once rounded. */
export const FLOAT32_MIN_POSITIVE = 2 ** -149;

/**
 * Smallest stride (pixels between neighbouring grid locations) a prior grid may have. Strategies
 * divide distances by strides (FCOS's normalised targets, cell indices, candidate windows); a
 * distance between coordinates within ±{@link MAX_COORDINATE} divided by a stride of at least
 * 1e-20 stays below 2e35, well inside float32. No detector comes near it.
 */
export const MIN_STRIDE = 1e-20;

/** The range {@link checkNumber} accepts. */
export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  /** `min` itself is refused. */
  readonly exclusiveMin?: boolean;
  /** `max` itself is refused. */
  readonly exclusiveMax?: boolean;
  readonly integer?: boolean;
  /**
   * The value is used in float32 arithmetic (the reference rounds it to float32 when it meets a
   * tensor): it must also be finite once rounded (|v| <= {@link FLOAT32_MAX}) and within
   * `min`/`max` as rounded, so a positive option never becomes 0 (1e-300) and a finite one never
   * Infinity (1e39). `'normal'`: besides, not subnormal once rounded (|v| >= 2^-126 unless 0),
   * for divisors and clamps whose reciprocal must stay finite in float32.
   */
  readonly float32?: boolean | 'normal';
  /**
   * A sane upper bound checked after the range, with its own message (`at most 16777216 (why)`),
   * so the range's message stays the plain one: for counts that bound a loop or an allocation.
   */
  readonly limit?: { readonly max: number; readonly why: string };
}

/**
 * Checks a finite number, optionally within [min, max] (inclusive unless `exclusiveMin` /
 * `exclusiveMax`), an integer, or (with `float32`) valid as the float32 it becomes. A value
 * that fails only as a float32 gets a message that says so:
 * `iouLoss: options.eps must be a number > 0 once rounded to float32 (at least 1.1754943508222875e-38, not subnormal), but was 1e-46`.
 * @example checkNumber('iouLoss', 'options.eps', 1e-6, { min: 0, exclusiveMin: true, float32: 'normal' }); // 1e-6
 */
export function checkNumber(fn: ErrorSource, path: string, value: unknown, range: NumberRange = {}): number {
  const { min, max, exclusiveMin, exclusiveMax, integer, float32 } = range;
  const describeRange = (): string => {
    const kind = integer ? 'an integer' : 'a number';
    if (min !== undefined && max !== undefined) return `${kind} in ${exclusiveMin ? '(' : '['}${min}, ${max}${exclusiveMax ? ')' : ']'}`;
    if (min !== undefined) return `${kind} ${exclusiveMin ? '>' : '>='} ${min}`;
    if (max !== undefined) return `${kind} ${exclusiveMax ? '<' : '<='} ${max}`;
    return `a finite ${integer ? 'integer' : 'number'}`;
  };
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidArgument(fn, path, describeRange(), value);
  if (integer && !Number.isInteger(value)) throw invalidArgument(fn, path, describeRange(), value);
  if (min !== undefined && (exclusiveMin ? value <= min : value < min)) throw invalidArgument(fn, path, describeRange(), value);
  if (max !== undefined && (exclusiveMax ? value >= max : value > max)) throw invalidArgument(fn, path, describeRange(), value);
  if (float32) checkFloat32(fn, path, value, describeRange(), range);
  if (range.limit !== undefined && value > range.limit.max) throw invalidArgument(fn, path, `at most ${range.limit.max} (${range.limit.why})`, value);
  return value;
}

/** The float32 part of {@link checkNumber}: `value` already passed the plain range `described`. */
function checkFloat32(fn: ErrorSource, path: string, value: number, described: string, range: NumberRange): void {
  const r = Math.fround(value);
  if (!Number.isFinite(r)) throw invalidArgument(fn, path, `${described} within the float32 range (|v| <= ${FLOAT32_MAX})`, value);
  const { min, max, exclusiveMin, exclusiveMax } = range;
  const normal = range.float32 === 'normal';
  const smallest = normal ? `at least ${FLOAT32_MIN_NORMAL}, not subnormal` : `at least ${FLOAT32_MIN_POSITIVE}`;
  const belowMin = min !== undefined && (exclusiveMin ? r <= min : r < min);
  const aboveMax = max !== undefined && (exclusiveMax ? r >= max : r > max);
  if (belowMin || aboveMax) {
    const hint = belowMin && min === 0 && exclusiveMin ? ` (${smallest})` : '';
    throw invalidArgument(fn, path, `${described} once rounded to float32${hint}`, value);
  }
  if (normal && r !== 0 && Math.abs(r) < FLOAT32_MIN_NORMAL) {
    throw invalidArgument(fn, path, `${described} and not subnormal in float32 (|v| >= ${FLOAT32_MIN_NORMAL})`, value);
  }
}

/**
 * Reads an optional boolean option: `fallback` when undefined.
 * @throws {LabelAssignError} when `value` is neither undefined nor a boolean.
 * @example checkBoolean('anchorGenerator', 'scaleMajor', undefined, true); // true
 */
export function checkBoolean(fn: ErrorSource, path: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalidArgument(fn, path, 'true or false', value);
  return value;
}

/**
 * Reads a number in the unit interval (an IoU, a fraction): [0, 1], or open at an end with
 * `open.low` / `open.high`; `fallback` when undefined, required when `fallback` is omitted.
 * @throws {LabelAssignError} `fn: path must be a number in [0, 1], but was 1.5`.
 * @example checkUnitInterval('assignMaxIoU', 'minPositiveIou', undefined, 0); // 0
 * @example checkUnitInterval('gaussianRadius', 'minOverlap', 0.3, undefined, { low: true, high: true }); // 0.3, in (0, 1)
 */
export function checkUnitInterval(fn: ErrorSource, path: string, value: unknown, fallback?: number, open: { readonly low?: boolean; readonly high?: boolean } = {}): number {
  if (value === undefined && fallback !== undefined) return fallback;
  return checkNumber(fn, path, value, { min: 0, max: 1, exclusiveMin: open.low, exclusiveMax: open.high });
}

/**
 * The words an error uses for a function's options. The API speaks camelCase under the public
 * function's name; a dialect speaks the input the user actually wrote: an mmdetection config's
 * snake_case keys under `presetFromConfig` (tables in `src/interop/mmdet/config-keys.ts`), a
 * command's flags under the command. Resolvers write every message through it from the start,
 * so no message is ever rewritten afterwards. An `OptionNames` is an `ErrorSource`: the check
 * helpers take it where they take a function name, and its errors carry its `code`.
 */
export interface OptionNames {
  /** The function (or command) every message starts with, e.g. `assignMaxIoU` or `presetFromConfig`. */
  readonly fn: string;
  /** The code of an error about a bad value: `invalid-argument` for the API, `invalid-config` for a config. */
  readonly code: LabelAssignErrorCode;
  /** The options object as a whole, e.g. `options` (API) or `prior_generator` (a config section). */
  readonly section: string;
  /** How option `key` (the API's camelCase name) is written as an error's path, e.g. `assigner.pos_iou_thr`. */
  option(key: string): string;
  /**
   * How a message's text refers to option `key` (another option than the one at fault, as in
   * "must be <= ignoreRatio (0.5)"): the API's bare camelCase name, a config's key as its
   * section's siblings know it (`min_sizes`) or, when it lives in another section, its path
   * (`prior_generator.strides`).
   */
  mention(key: string): string;
}

/**
 * The API's own names: `fn`, each option as `prefix + key`, mentioned as `key`; code
 * `invalid-argument`; the object itself is `options`.
 * @example apiNames('assignFcos', 'options.').option('strides'); // 'options.strides'
 */
export function apiNames(fn: string, prefix = ''): OptionNames {
  return { fn, code: 'invalid-argument', section: 'options', option: (key) => prefix + key, mention: (key) => key };
}

const ERROR_CODES: readonly LabelAssignErrorCode[] = ['invalid-argument', 'invalid-config', 'unsupported', 'io'];

/**
 * The `names` argument of a public resolver, checked (it is public through the resolver, so a
 * caller can pass anything): `undefined` gives `fromName(fallback)`; a non-empty string, the
 * words of that function name (`fromName(value)`); an {@link OptionNames} (as the presets and
 * the interop layer pass) is used once its fields have the right types.
 * @param fn the resolver, which the error names.
 * @throws {LabelAssignError} `resolveAtssOptions: names must be a function name or an OptionNames ..., but was 5`.
 * @example optionNamesArgument('resolveAtssOptions', undefined, (n) => apiNames(n), 'assignAtss').fn; // 'assignAtss'
 */
export function optionNamesArgument(fn: string, value: unknown, fromName: (name: string) => OptionNames, fallback: string): OptionNames {
  if (value === undefined) return fromName(fallback);
  if (typeof value === 'string' && value.length > 0) return fromName(value);
  const names = value as Partial<OptionNames> | null;
  if (
    typeof names !== 'object' ||
    names === null ||
    typeof names.fn !== 'string' ||
    !ERROR_CODES.includes(names.code as LabelAssignErrorCode) ||
    typeof names.section !== 'string' ||
    typeof names.option !== 'function' ||
    typeof names.mention !== 'function'
  ) {
    throw invalidArgument(fn, 'names', 'a function name (a non-empty string) or an OptionNames { fn, code, section, option, mention }; leave it out for the API\'s own names', value);
  }
  return names as OptionNames;
}

/**
 * `names` itself, or the API names of a function name (the resolvers that have always taken a
 * function name still do).
 * @example namesOf('centerNetTargets').option('numClasses'); // 'numClasses'
 */
export function namesOf(names: OptionNames | string): OptionNames {
  return typeof names === 'string' ? apiNames(names) : names;
}

/**
 * True for a plain object: an object literal, `Object.create(null)`, a JSON-parsed object, or
 * one from another realm (its prototype is that realm's `Object.prototype`). Arrays, typed
 * arrays, `Date`s, `Map`s, `ArrayBuffer`s, class instances and functions are not.
 * @example isPlainObject({ a: 1 }); // true
 * @example isPlainObject(new Date()); // false
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null) return true;
  // Object.prototype of this realm or another: its own prototype is null.
  return Object.getPrototypeOf(proto) === null && Object.prototype.toString.call(value) === '[object Object]';
}

/**
 * Checks that `value` is a plain object ({@link isPlainObject}: an options or config object,
 * not a `Date`, a `Map`, an `ArrayBuffer` or a class instance, whose fields would be read as
 * missing); returns it typed as a record.
 * @throws {LabelAssignError} `fn: options must be a plain object, but was a Map`.
 * @example checkObject('assignAtss', 'options', { topK: 9 });
 */
export function checkObject(fn: ErrorSource, path: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) {
    throw invalidArgument(fn, path, 'an object', value);
  }
  if (!isPlainObject(value)) throw invalidArgument(fn, path, 'a plain object ({ ... })', value);
  return value;
}

/**
 * Throws on any key of `options` that is not in `known`, suggesting the closest known name
 * (a misspelt option silently ignored is the worst kind of bug in a config). The key is quoted
 * with its control characters escaped.
 */
export function checkKnownKeys(fn: ErrorSource, path: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const hint = closest(key, known);
      throw new LabelAssignError(
        'invalid-config',
        `${path}.${key}`,
        `${sourceFn(fn)}: unknown option ${quoteString(key)} in ${path}${hint ? `; did you mean '${hint}'?` : '.'} Known options: ${known.join(', ')}`,
      );
    }
  }
}

/**
 * Reads an array as a dense list: holes of a sparse array (`[1, , 3]`) are read as `undefined`,
 * so the element check names them, where `map` / `forEach` would skip them silently.
 * @throws {LabelAssignError} `fn: path must be <expected>, but was ...` when `value` is not an array.
 * @example denseArray('anchorGenerator', 'ratios', [1, , 2], 'an array of positive numbers'); // [1, undefined, 2]
 */
export function denseArray(fn: ErrorSource, path: string, value: unknown, expected: string): unknown[] {
  if (!Array.isArray(value)) throw invalidArgument(fn, path, expected, value);
  return Array.from(value as unknown[]);
}

/**
 * Throws unless `value` is a number (any number: NaN and infinities included), for coordinates
 * that a function compares without arithmetic surprises: a Symbol or a BigInt would throw a
 * TypeError from deep inside, a string would compare as text.
 * @example checkNumberType('priorsOverlappingBox', 'x1', 10);
 */
export function checkNumberType(fn: ErrorSource, path: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw invalidArgument(fn, path, 'a number', value);
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase().replace(/[_-]/g, '');
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase().replace(/[_-]/g, ''));
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

export { invalidConfig };

/** The mark of an object whose boxes the toolkit has checked (see {@link markBoxesChecked}). */
const BOXES_CHECKED = Symbol('label-assign: boxes checked');

/**
 * Marks `value` (an image from a loader, an image prepared by a preset) as holding boxes the
 * toolkit has already checked, so the next stage does not check them again: validate once.
 * The mark is a non-enumerable symbol property: a copy or a hand-made look-alike has none and is
 * checked. Call before freezing `value`.
 * @returns `value`.
 * @example const image = Object.freeze(markBoxesChecked({ id, width, height, boxes, labels, ignoreBoxes }));
 */
export function markBoxesChecked<T extends object>(value: T): T {
  Object.defineProperty(value, BOXES_CHECKED, { value: true });
  return value;
}

/**
 * True when `value` carries the mark of {@link markBoxesChecked}.
 * @example boxesChecked(preset.prepare(image)); // true
 */
export function boxesChecked(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { [BOXES_CHECKED]?: unknown })[BOXES_CHECKED] === true;
}
