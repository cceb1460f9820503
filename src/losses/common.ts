/**
 * What every loss of label-assign shares: per-element weights, the reduction (`none` / `mean` /
 * `sum`), `avgFactor` and `lossWeight`, with the semantics of mmdetection 3.x
 * `weight_reduce_loss` (mmdet/models/losses/utils.py); the result type (the loss and its
 * gradient with respect to the prediction, computed in the same pass); input readers and
 * checks; and the numerically safe logistic primitives. The IoU-family losses share more in
 * iou-family.ts (their one driver) and box-gradients.ts (overlap gradients); the elementwise
 * regression losses (L1, smooth L1, balanced L1, bounded IoU) share their driver in
 * elementwise.ts.
 *
 * How a loss is assembled:
 * 1. the loss validates its options once ({@link resolveReduction}, {@link readWeight});
 * 2. {@link makeReducer} fixes the factor `d(reported loss) / d(element loss)` of every element
 *    before any element is computed (`lossWeight * weight[e] * (1 | 1 / count | 1 / (avgFactor + eps))`);
 * 3. one pass computes each element's float32 value and writes its gradient, already multiplied
 *    by that factor ({@link coefficient}), into `gradPred`;
 * 4. {@link reduceValue} turns the element values into the reported loss, rounding to float32
 *    where the reference does.
 *
 * Values follow the reference's float32 arithmetic (each step rounded with `Math.fround` where a
 * branch or clamp depends on it); gradients are computed in float64 from those float32
 * intermediates and rounded once, when stored, which keeps them within the reference's own
 * float32 rounding. Where torch's gradient depends on a convention (a tie of an elementwise
 * max / min splits the gradient equally; a clamp passes it at its bounds; `abs` has gradient 0
 * at 0), the losses follow torch.
 */
import { invalidArgument, LabelAssignError } from '../errors.js';
import { checkKnownKeys, checkNdarray, checkNumber, checkObject, isNdarray, isPlainObject, MAX_ARRAY_LENGTH, ndarrayToFloat32, toFlatFloat32, type NdArrayLike, type NumberArrayLike, type NumberRange } from '../validate.js';

const fround = Math.fround;

/**
 * A flat array, an array of rows, or an ndarray ({@link NdArrayLike}: any object with `data`,
 * `shape`, `stride`, `offset`, e.g. a scijs ndarray); read as float32 (as the reference's tensors).
 */
export type LossInput = NumberArrayLike | readonly (readonly number[])[] | NdArrayLike;

/** How element losses become the reported loss. */
export type Reduction = 'none' | 'mean' | 'sum';

export const REDUCTIONS: readonly Reduction[] = Object.freeze(['none', 'mean', 'sum']);

/** `torch.finfo(torch.float32).eps`, added to `avgFactor` by the reference's mean. */
export const FLOAT32_EPS = 1.1920928955078125e-7;

/**
 * A loss and its gradient. `loss` is a number for `mean` / `sum` and a Float32Array of element
 * losses for `none`; `gradPred` is `d(sum of loss) / d(pred)`, one value per entry of `pred`.
 */
export interface LossResult<L extends number | Float32Array = number | Float32Array> {
  readonly loss: L;
  readonly gradPred: Float32Array;
}

/**
 * The type of `loss` for an options type: `Float32Array` when `reduction` is `'none'`, `number`
 * for `'mean'` / `'sum'` or when absent (the default is `'mean'`), either when it is not known
 * statically.
 */
export type LossValue<O> = 'reduction' extends keyof O
  ? O[Extract<'reduction', keyof O>] extends infer R
    ? [Exclude<R, undefined>] extends [never]
      ? number
      : [Exclude<R, undefined>] extends ['none']
        ? Float32Array
        : 'none' extends R
          ? number | Float32Array
          : number
    : never
  : number;

/** The options every loss accepts. */
export interface ReductionOptions {
  /**
   * Per-element weights multiplying the element losses before the reduction. Which lengths a
   * loss accepts (one per element, one per sample) is stated on each loss. Default: none.
   */
  readonly weight?: LossInput | null;
  /** Default `'mean'`. */
  readonly reduction?: Reduction;
  /**
   * With `reduction: 'mean'`, the mean is `sum / (avgFactor + 1.1920929e-7)` instead of
   * `sum / count` (the reference's float32 eps). Ignored with `'none'`; an error with `'sum'`.
   * A number >= 0. Default: none.
   */
  readonly avgFactor?: number | null;
  /** Multiplies the reported loss (and its gradient). Default 1. */
  readonly lossWeight?: number;
}

export const REDUCTION_KEYS = Object.freeze(['weight', 'reduction', 'avgFactor', 'lossWeight'] as const);

/** The checked scalar part of {@link ReductionOptions}. */
export interface ResolvedReduction {
  readonly reduction: Reduction;
  readonly avgFactor: number | null;
  /** `lossWeight` as float32 (the reference multiplies a float32 tensor by it). */
  readonly lossWeight: number;
}

/**
 * Checks `options` as an object with only `known` keys (plus {@link REDUCTION_KEYS}) and
 * returns it as a record.
 * @throws {LabelAssignError} when options is not an object or has an unknown key.
 */
export function checkLossOptions(fn: string, options: unknown, known: readonly string[]): Record<string, unknown> {
  const record = checkObject(fn, 'options', options);
  checkKnownKeys(fn, 'options', record, [...known, ...REDUCTION_KEYS]);
  return record;
}

/**
 * Reads `reduction`, `avgFactor` and `lossWeight`.
 * @throws {LabelAssignError} on an unknown reduction (null included: only undefined means the
 *   default), a negative `avgFactor` or one not finite in float32, a `lossWeight` not finite in
 *   float32, or `avgFactor` together with `reduction: 'sum'` (the reference raises there too).
 */
export function resolveReduction(fn: string, record: Record<string, unknown>): ResolvedReduction {
  // Only undefined means the default: null is not a reduction (the type has no null).
  const reduction = (record.reduction === undefined ? 'mean' : record.reduction) as Reduction;
  if (!REDUCTIONS.includes(reduction)) {
    throw invalidArgument(fn, 'options.reduction', `one of ${REDUCTIONS.map((r) => `'${r}'`).join(', ')}`, record.reduction);
  }
  // avgFactor and lossWeight meet float32 tensors: finite once rounded (1e39 would be Infinity).
  const avgFactor = record.avgFactor === undefined || record.avgFactor === null ? null : checkNumber(fn, 'options.avgFactor', record.avgFactor, { min: 0, float32: true });
  if (avgFactor !== null && reduction === 'sum') {
    throw invalidArgument(fn, 'options.avgFactor', "absent with reduction 'sum' (avgFactor only changes the mean)", avgFactor);
  }
  const lossWeight = record.lossWeight === undefined ? 1 : checkNumber(fn, 'options.lossWeight', record.lossWeight, { float32: true });
  return { reduction, avgFactor, lossWeight: fround(lossWeight) };
}

/** Reads the required `numClasses` option (the columns of `pred`): an integer in [1, 2^31 - 1] (class ids are int32). */
export function readNumClasses(fn: string, record: Record<string, unknown>): number {
  return checkNumber(fn, 'options.numClasses', record.numClasses, { min: 1, integer: true, limit: { max: MAX_ARRAY_LENGTH, why: 'class ids are int32' } });
}

/**
 * Checks that a loss's `target` is an object of named target arrays (not itself an array or a
 * typed array) and returns it as a record.
 * @throws {LabelAssignError} `fn: target must be <expected>` otherwise.
 */
export function readTargetRecord(fn: string, target: unknown, expected: string): Record<string, unknown> {
  // A plain object only: a Map or a class instance would have its fields read as missing.
  if (!isPlainObject(target)) throw invalidArgument(fn, 'target', expected, target);
  return target;
}

/** Reads an optional boolean option. */
export function readBooleanOption(fn: string, record: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const value = record[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalidArgument(fn, `options.${key}`, 'true or false', value);
  return value;
}

/**
 * Reads an optional number option with a range. Every loss option meets float32 tensors, so
 * the value must also be valid as a float32 (finite once rounded, and within the range as
 * rounded: a positive option never becomes 0); `range.float32: 'normal'` also refuses
 * subnormals, for divisors and clamps whose reciprocal must stay finite.
 */
export function readNumberOption(fn: string, record: Record<string, unknown>, key: string, fallback: number, range: NumberRange = {}): number {
  const value = record[key];
  return value === undefined ? fallback : checkNumber(fn, `options.${key}`, value, { float32: true, ...range });
}

/**
 * Reads numbers as a flat Float32Array (rounded to float32). Accepts a flat array or typed array,
 * an array of rows, or an ndarray (any shape, read in row-major order). `width` > 1 requires rows
 * of that width and a flat length that is a multiple of it. Every value must be finite.
 */
export function readFloat32(fn: string, name: string, input: unknown, width = 1): Float32Array {
  let out: Float32Array;
  if (isNdarray(input)) {
    const view = checkNdarray(fn, name, input);
    const shape = view.shape;
    // Rows of `width`: the last dimension must be `width` (an empty view of another rank holds no rows at all).
    if (width > 1 && shape[shape.length - 1] !== width && (view.size !== 0 || shape.length === 2)) {
      throw invalidArgument(fn, name, `an ndarray whose last dimension is ${width}`, `an ndarray of shape [${shape.join(', ')}]`);
    }
    // Row-major copy through the view's strides, without a call per element.
    out = ndarrayToFloat32(fn, name, view);
  } else if (width === 1 && Array.isArray(input) && input.length > 0 && Array.isArray(input[0])) {
    out = toFlatFloat32(fn, name, input, (input[0] as unknown[]).length);
  } else {
    out = toFlatFloat32(fn, name, input, width);
  }
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) {
      throw invalidArgument(fn, width > 1 ? `${name}[${Math.floor(i / width)}][${i % width}]` : `${name}[${i}]`, 'a finite number', out[i]);
    }
  }
  return out;
}

/** Reads integer labels (class ids) as an Int32Array. */
export function readLabels(fn: string, name: string, input: unknown): Int32Array {
  if (input instanceof Int32Array) return input;
  const values = readFloat32(fn, name, input);
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || Math.abs(v) > 2 ** 31 - 1) throw invalidArgument(fn, `${name}[${i}]`, 'an integer class id', v);
    out[i] = v;
  }
  return out;
}

/** `fn: name must hold <expected>, but holds <actual>`: a length mismatch. */
export function lengthError(fn: string, name: string, expected: string, actual: number): LabelAssignError {
  return new LabelAssignError('invalid-argument', name, `${fn}: ${name} must hold ${expected}, but holds ${actual}`);
}

/** `1 value`, `2 values`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Throws unless `actual === expected`, naming both lengths. */
export function checkLength(fn: string, name: string, actual: number, expected: number, what: string): void {
  if (actual !== expected) throw lengthError(fn, name, `${plural(expected, 'value')} (${what})`, actual);
}

/** Throws unless every value is in [0, 1] (except those equal to `allowed`). */
export function checkUnitInterval(fn: string, name: string, values: Float32Array, allowed?: number): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= 0 && v <= 1) && v !== allowed) {
      throw invalidArgument(fn, `${name}[${i}]`, allowed === undefined ? 'in [0, 1]' : `in [0, 1] or ${allowed} (ignored)`, v);
    }
  }
}

/** A weight array and how many consecutive elements each of its values covers. */
export interface ElementWeight {
  readonly values: Float32Array;
  /** Element `e` uses `values[floor(e / repeat)]`. */
  readonly repeat: number;
}

/**
 * Reads `options.weight`: one value per element (`count`), or, where the loss broadcasts a
 * per-sample weight over its `perSample` elements of a row, one value per sample.
 * @returns null when no weight is given.
 * @throws {LabelAssignError} on another length or a non-finite value.
 */
export function readWeight(fn: string, value: unknown, count: number, perSample?: number): ElementWeight | null {
  if (value === undefined || value === null) return null;
  const values = readFloat32(fn, 'options.weight', value);
  if (values.length === count) return { values, repeat: 1 };
  if (perSample !== undefined && perSample > 0 && values.length * perSample === count) return { values, repeat: perSample };
  const expected =
    perSample !== undefined && perSample > 1
      ? `${plural(count, 'value')} (one per element) or ${count / perSample} (one per sample)`
      : `${plural(count, 'value')} (one per element)`;
  throw lengthError(fn, 'options.weight', expected, values.length);
}

/** The reduction of one call, fixed before the elements are computed. */
export interface Reducer {
  readonly reduction: Reduction;
  readonly lossWeight: number;
  /** Number of element losses. */
  readonly count: number;
  readonly weight: Float32Array | null;
  readonly repeat: number;
  /** `lossWeight * (1 | 1 / count | 1 / float32(avgFactor + eps))`. */
  readonly scale: number;
  /** The mean's divisor (`count` or `float32(avgFactor + eps)`), 1 otherwise. */
  readonly divisor: number;
}

/**
 * Fixes the reduction of `count` element losses: the divisor of the mean and the gradient factor.
 * A mean of zero elements is NaN (0 / 0), as `torch.mean` of an empty tensor.
 */
export function makeReducer(r: ResolvedReduction, count: number, weight: ElementWeight | null): Reducer {
  let divisor = 1;
  if (r.reduction === 'mean') divisor = r.avgFactor === null ? count : fround(r.avgFactor + FLOAT32_EPS);
  return {
    reduction: r.reduction,
    lossWeight: r.lossWeight,
    count,
    weight: weight === null ? null : weight.values,
    repeat: weight === null ? 1 : weight.repeat,
    scale: r.lossWeight / divisor,
    divisor,
  };
}

/** `d(reported loss) / d(element e)`: the reducer's scale times the element's weight. */
export function coefficient(red: Reducer, e: number): number {
  const w = red.weight;
  return w === null ? red.scale : red.scale * w[red.repeat === 1 ? e : Math.floor(e / red.repeat)];
}

/** The element's weight (1 without weights). */
export function elementWeight(red: Reducer, e: number): number {
  const w = red.weight;
  return w === null ? 1 : w[red.repeat === 1 ? e : Math.floor(e / red.repeat)];
}

/**
 * The reported loss from float32 element values: `loss * weight` per element (float32), then
 * the sum / mean, then `* lossWeight` (float32), as `lossWeight * weight_reduce_loss(...)`.
 */
export function reduceValue(red: Reducer, elem: Float32Array): number | Float32Array {
  const lw = red.lossWeight;
  if (red.reduction === 'none') {
    const out = new Float32Array(elem.length);
    for (let e = 0; e < elem.length; e++) {
      const v = red.weight === null ? elem[e] : fround(elem[e] * elementWeight(red, e));
      out[e] = lw === 1 ? v : fround(lw * v);
    }
    return out;
  }
  let sum = 0;
  for (let e = 0; e < elem.length; e++) sum += red.weight === null ? elem[e] : fround(elem[e] * elementWeight(red, e));
  let v = fround(sum);
  if (red.reduction === 'mean') v = fround(v / red.divisor);
  return lw === 1 ? v : fround(lw * v);
}

/**
 * The last step of every public loss: the reported loss and its gradient must be finite. With
 * finite float32 inputs only values near the float32 limit (a weight: `lossWeight`, `weight`, a
 * class weight, varifocal's `alpha`; or a difference of two huge inputs) can overflow them; the
 * reference would return Infinity or NaN silently, the API says what to scale down. One pass
 * over the gradient, after the kernel.
 * `emptyMean`: the loss is a mean of nothing, NaN as `torch.mean` of an empty tensor (documented).
 * @throws {LabelAssignError} `fn: the weights (...) must keep the loss finite in float32 ..., but the loss was Infinity`.
 */
export function checkLossResult(fn: string, result: LossResult, emptyMean: boolean): LossResult {
  const { loss, gradPred } = result;
  let where: string | null = null;
  let value = 0;
  if (typeof loss === 'number') {
    if (!Number.isFinite(loss) && !(emptyMean && Number.isNaN(loss))) [where, value] = ['loss', loss];
  } else {
    for (let i = 0; i < loss.length && where === null; i++) if (!Number.isFinite(loss[i])) [where, value] = [`loss[${i}]`, loss[i]];
  }
  for (let i = 0; i < gradPred.length && where === null; i++) {
    const v = gradPred[i];
    // v - v is 0 for every finite v and NaN for NaN and the infinities.
    if (v - v !== 0) [where, value] = [`gradient gradPred[${i}]`, v];
  }
  if (where !== null) {
    throw new LabelAssignError(
      'invalid-argument',
      'options',
      `${fn}: the weights (options.lossWeight, options.weight, class weights) and inputs must be small enough that the loss and its gradient stay finite in float32 (scale them down), but the ${where} was ${value}`,
    );
  }
  return result;
}

/** {@link reduceValue} and the gradient as a checked {@link LossResult} (see {@link checkLossResult}). */
export function finishLoss(fn: string, red: Reducer, elem: Float32Array, grad: Float32Array): LossResult {
  return checkLossResult(fn, { loss: reduceValue(red, elem), gradPred: grad }, red.reduction === 'mean' && red.count === 0);
}

/**
 * The shortcut of several mmdetection box losses when no weight is positive: they return
 * `(pred * weight).sum()` (no lossWeight, whatever the reduction) and its gradient `weight`.
 * `repeat` broadcasts a per-box weight over the box's coordinates. With `reduction: 'none'`
 * this returns the per-element terms instead of their sum (the reference returns the sum).
 */
export function weightedPredShortcut(pred: Float32Array, weight: ElementWeight, reduction: Reduction, elementSize: number): LossResult {
  const grad = new Float32Array(pred.length);
  const perElement = new Float32Array(pred.length / elementSize);
  let total = 0;
  for (let j = 0; j < pred.length; j++) {
    const w = weight.values[weight.repeat === 1 ? j : Math.floor(j / weight.repeat)];
    grad[j] = w;
    const term = fround(pred[j] * w);
    perElement[Math.floor(j / elementSize)] += term;
    total += term;
  }
  return { loss: reduction === 'none' ? perElement : fround(total), gradPred: grad };
}

/** True when a weight is given and none of its values is > 0 (the reference's `not any(weight > 0)`). */
export function noPositiveWeight(weight: ElementWeight | null): weight is ElementWeight {
  if (weight === null) return false;
  for (let i = 0; i < weight.values.length; i++) if (weight.values[i] > 0) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Logistic primitives (float64; callers round results to float32).

/** sigma(x) = 1 / (1 + e^-x), without overflow for any finite x. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + e^x) without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Binary cross entropy with logits, `-(t log sigma(x) + (1 - t) log(1 - sigma(x)))`, finite for any finite x. */
export function bceWithLogits(x: number, t: number): number {
  return (x > 0 ? x : 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * Binary cross entropy of a probability, as `F.binary_cross_entropy`: each log clamped at -100,
 * `-(t max(log p, -100) + (1 - t) max(log(1 - p), -100))`.
 */
export function bceOfProbability(p: number, t: number): number {
  const logP = Math.max(Math.log(p), -100);
  const log1mP = Math.max(Math.log(1 - p), -100);
  return -(t * logP + (1 - t) * log1mP);
}

/** The reference's gradient of {@link bceOfProbability}: `(p - t) / max((1 - p) p, 1e-12)`. */
export function bceOfProbabilityGrad(p: number, t: number): number {
  return (p - t) / Math.max((1 - p) * p, 1e-12);
}

/** `d(x^gamma)/dx` as torch's pow backward (0 for gamma 0). */
export function powGrad(x: number, gamma: number): number {
  return gamma === 0 ? 0 : gamma * Math.pow(x, gamma - 1);
}

/** torch's sign (abs backward): -1, 0 or 1. */
export function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}
