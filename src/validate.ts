/**
 * Boundary checks shared by every public function. Each check runs once per call, before any
 * hot loop, and throws a `LabelAssignError` naming the function, the argument and the fix.
 */
import type { NdArray } from 'ndarray';
import ndarray from 'ndarray';
import ops from 'ndarray-ops';
import { invalidArgument, invalidConfig, LabelAssignError, sourceFn, type ErrorSource, type LabelAssignErrorCode } from './errors.js';

/** Anything that holds numbers in a flat or `[n][k]` layout. */
export type NumberArrayLike = Float32Array | Float64Array | Int32Array | readonly number[];

/**
 * Boxes as the API accepts them: a flat `[x1, y1, x2, y2, ...]` typed array or number array,
 * an array of 4-element rows, or a scijs `ndarray` of shape `[n, 4]`.
 */
export type BoxesInput = NumberArrayLike | readonly (readonly number[])[] | NdArray;

export function isNdarray(value: unknown): value is NdArray {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as NdArray).shape) &&
    (value as NdArray).stride !== undefined &&
    typeof (value as NdArray).get === 'function'
  );
}

/**
 * Copies (or, for a contiguous Float32Array, reuses) `input` as a flat float32 array whose
 * length is a multiple of `width`. Values are rounded to float32, as the reference rounds them.
 * Rows given as nested arrays or ndarrays must have exactly `width` columns.
 */
export function toFlatFloat32(fn: string, name: string, input: unknown, width: number): Float32Array {
  if (input instanceof Float32Array) {
    if (input.length % width !== 0) {
      throw invalidArgument(fn, name, `a flat array whose length is a multiple of ${width} ([x1, y1, x2, y2, ...] for boxes)`, input);
    }
    return input;
  }
  if (isNdarray(input)) {
    const shape = input.shape;
    if (shape.length === 1 && shape[0] === 0) return new Float32Array(0);
    if (shape.length !== 2 || shape[1] !== width) {
      throw invalidArgument(fn, name, `an ndarray of shape [n, ${width}]`, `an ndarray of shape [${shape.join(', ')}]`);
    }
    // Copy through the view's strides (any layout, any dtype) into one flat float32 buffer.
    const out = new Float32Array(shape[0] * width);
    ops.assign(ndarray(out, [shape[0], width]), input);
    return out;
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
  checkCoordinates(fn, boxes, (i) => `${name}[${i >> 2}].${CORNER[i & 3]}`);
  if (options.allowInverted) return boxes;
  for (let i = 0; i < boxes.length; i += 4) {
    if (boxes[i + 2] < boxes[i]) {
      throw invalidArgument(fn, `${name}[${i / 4}].x2`, `>= x1 (${boxes[i]}); boxes are [x1, y1, x2, y2], convert [x, y, w, h] first`, boxes[i + 2]);
    }
    if (boxes[i + 3] < boxes[i + 1]) {
      throw invalidArgument(fn, `${name}[${i / 4}].y2`, `>= y1 (${boxes[i + 1]}); boxes are [x1, y1, x2, y2], convert [x, y, w, h] first`, boxes[i + 3]);
    }
  }
  return boxes;
}

/** Checks a finite number, optionally within [min, max] (inclusive unless `exclusiveMin`). */
export function checkNumber(
  fn: ErrorSource,
  path: string,
  value: unknown,
  range: { min?: number; max?: number; exclusiveMin?: boolean; integer?: boolean } = {},
): number {
  const { min, max, exclusiveMin, integer } = range;
  const describeRange = (): string => {
    const kind = integer ? 'an integer' : 'a number';
    if (min !== undefined && max !== undefined) return `${kind} in ${exclusiveMin ? '(' : '['}${min}, ${max}]`;
    if (min !== undefined) return `${kind} ${exclusiveMin ? '>' : '>='} ${min}`;
    if (max !== undefined) return `${kind} <= ${max}`;
    return `a finite ${integer ? 'integer' : 'number'}`;
  };
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidArgument(fn, path, describeRange(), value);
  if (integer && !Number.isInteger(value)) throw invalidArgument(fn, path, describeRange(), value);
  if (min !== undefined && (exclusiveMin ? value <= min : value < min)) throw invalidArgument(fn, path, describeRange(), value);
  if (max !== undefined && value > max) throw invalidArgument(fn, path, describeRange(), value);
  return value;
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
 * Reads a number in the closed unit interval [0, 1] (an IoU, a fraction): `fallback` when
 * undefined, required when `fallback` is omitted.
 * @throws {LabelAssignError} `fn: path must be a number in [0, 1], but was 1.5`.
 * @example checkUnitInterval('assignMaxIoU', 'minPositiveIou', undefined, 0); // 0
 */
export function checkUnitInterval(fn: ErrorSource, path: string, value: unknown, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  return checkNumber(fn, path, value, { min: 0, max: 1 });
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

/**
 * `names` itself, or the API names of a function name (the resolvers that have always taken a
 * function name still do).
 * @example namesOf('centerNetTargets').option('numClasses'); // 'numClasses'
 */
export function namesOf(names: OptionNames | string): OptionNames {
  return typeof names === 'string' ? apiNames(names) : names;
}

/** Checks that `value` is a plain object; returns it typed as a record. */
export function checkObject(fn: ErrorSource, path: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) {
    throw invalidArgument(fn, path, 'an object', value);
  }
  return value as Record<string, unknown>;
}

/**
 * Throws on any key of `options` that is not in `known`, suggesting the closest known name
 * (a misspelt option silently ignored is the worst kind of bug in a config).
 */
export function checkKnownKeys(fn: ErrorSource, path: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const hint = closest(key, known);
      throw new LabelAssignError(
        'invalid-config',
        `${path}.${key}`,
        `${sourceFn(fn)}: unknown option '${key}' in ${path}${hint ? `; did you mean '${hint}'?` : '.'} Known options: ${known.join(', ')}`,
      );
    }
  }
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
