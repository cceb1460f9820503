/**
 * Softmax cross entropy, the classification loss of two-stage detectors (Faster R-CNN's
 * R-CNN head) and of many others: `-ln softmax(x)_y`, with optional per-class weights and an
 * ignored label.
 *
 * Matches mmdetection 3.x `CrossEntropyLoss` with `use_sigmoid=False` (`cross_entropy`):
 * `class_weight` scales each sample's loss by its class's weight but the mean stays
 * `sum / n` (not PyTorch's weighted mean); ignored samples count in that n unless
 * `avgNonIgnore`.
 */
import { checkNumber } from '../validate.js';
import { invalidArgument } from '../errors.js';
import {
  checkLength,
  checkLossOptions,
  coefficient,
  makeReducer,
  readBooleanOption,
  readFloat32,
  readLabels,
  readNumClasses,
  readWeight,
  finishLoss,
  resolveReduction,
  type LossInput,
  type LossResult,
  type LossValue,
  type ReductionOptions,
  type ResolvedReduction,
} from './common.js';

const fround = Math.fround;

/** Options of {@link crossEntropyLoss}. */
export interface CrossEntropyLossOptions extends ReductionOptions {
  /** Number of classes C (columns of `pred`); a positive integer. */
  readonly numClasses: number;
  /** `[C]` weight of each class (multiplies the loss of the samples of that class). Default: none. */
  readonly classWeight?: LossInput | null;
  /** Samples with this label are ignored (loss and gradient 0). An integer; default -100 (PyTorch's). */
  readonly ignoreIndex?: number | null;
  /** With `reduction: 'mean'` and no `avgFactor`, average over the non-ignored samples only. Default false. */
  readonly avgNonIgnore?: boolean;
}

const KEYS = ['numClasses', 'classWeight', 'ignoreIndex', 'avgNonIgnore'] as const;

/** Reads `classWeight` (`[C]`, finite) or null. */
export function readClassWeight(fn: string, value: unknown, numClasses: number): Float32Array | null {
  if (value === undefined || value === null) return null;
  const w = readFloat32(fn, 'options.classWeight', value);
  checkLength(fn, 'options.classWeight', w.length, numClasses, 'one weight per class');
  return w;
}

/** Reads `ignoreIndex` (an integer; null or absent: -100). */
export function readIgnoreIndex(fn: string, value: unknown): number {
  return value === undefined || value === null ? -100 : checkNumber(fn, 'options.ignoreIndex', value, { integer: true });
}

/** The checked options and `pred` of {@link crossEntropyLoss} and `binaryCrossEntropyLoss`. */
export interface CrossEntropyCall {
  readonly record: Record<string, unknown>;
  readonly numClasses: number;
  readonly classWeight: Float32Array | null;
  readonly ignoreIndex: number;
  readonly avgNonIgnore: boolean;
  readonly reduction: ResolvedReduction;
  /** `[numSamples * numClasses]` logits. */
  readonly pred: Float32Array;
  readonly numSamples: number;
}

/**
 * Reads what the softmax and the sigmoid cross entropy share, in this order: the options (keys,
 * `numClasses`, `classWeight`, `ignoreIndex`, `avgNonIgnore`, the reduction), then `pred`.
 * @throws {LabelAssignError} on an unknown option or a bad value of one, a pred length not a
 *   multiple of `numClasses`, non-finite logits.
 */
export function readCrossEntropyCall(fn: string, pred: unknown, options: unknown): CrossEntropyCall {
  const record = checkLossOptions(fn, options, KEYS);
  const numClasses = readNumClasses(fn, record);
  const classWeight = readClassWeight(fn, record.classWeight, numClasses);
  const ignoreIndex = readIgnoreIndex(fn, record.ignoreIndex);
  const avgNonIgnore = readBooleanOption(fn, record, 'avgNonIgnore', false);
  const reduction = resolveReduction(fn, record);
  const p = readFloat32(fn, 'pred', pred, numClasses);
  return { record, numClasses, classWeight, ignoreIndex, avgNonIgnore, reduction, pred: p, numSamples: p.length / numClasses };
}

/**
 * `avgNonIgnore`: with `reduction: 'mean'` and no `avgFactor`, the mean is over the `valid`
 * (unmasked) elements (`sum / (valid + eps)`) instead of all of them.
 */
export function meanOverValid(reduction: ResolvedReduction, avgNonIgnore: boolean, valid: number): ResolvedReduction {
  return avgNonIgnore && reduction.reduction === 'mean' && reduction.avgFactor === null ? { ...reduction, avgFactor: valid } : reduction;
}

/**
 * Softmax cross entropy and its gradient.
 *
 * Per sample with label y (not ignored) and class weights w (default 1):
 *   `CE = -w_y ln softmax(x)_y = w_y (logsumexp(x) - x_y)`,
 * gradient `w_y (softmax(x) - onehot(y))`. Ignored samples: 0.
 *
 * Steps: 1. per-sample losses `[n]`; 2. `weight` `[n]`; 3. reduction over n, or, with
 * `avgNonIgnore` (and `'mean'`, no `avgFactor`), `sum / (number of non-ignored + eps)`; mean of
 * nothing is NaN; 4. `* lossWeight`.
 *
 * @param pred `[n * C]` logits.
 * @param labels `[n]` class ids in [0, C), or `ignoreIndex`.
 * @returns `loss` (a number, or `[n]` with `reduction: 'none'`) and `gradPred` `[n * C]`.
 * @throws {LabelAssignError} on an unknown option, a bad `numClasses`, `classWeight` or
 *   `ignoreIndex`, non-finite values, labels out of range, mismatched lengths, `avgFactor`
 *   with `'sum'`.
 * @example
 * crossEntropyLoss([0, 0, 0], [1], { numClasses: 3 }).loss; // ln 3
 */
export function crossEntropyLoss<O extends CrossEntropyLossOptions>(pred: LossInput, labels: LossInput, options: O): LossResult<LossValue<O>> {
  const fn = 'crossEntropyLoss';
  const { record, numClasses, classWeight, ignoreIndex, avgNonIgnore, reduction, pred: p, numSamples: n } = readCrossEntropyCall(fn, pred, options);
  const y = readLabels(fn, 'labels', labels);
  checkLength(fn, 'labels', y.length, n, 'one label per row of pred');
  let ignored = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] === ignoreIndex) ignored++;
    else if (y[i] < 0 || y[i] >= numClasses) {
      throw invalidArgument(fn, `labels[${i}]`, `a class id in [0, ${numClasses}) or ignoreIndex (${ignoreIndex})`, y[i]);
    }
  }
  const weight = readWeight(fn, record.weight, n);
  const red = makeReducer(meanOverValid(reduction, avgNonIgnore, n - ignored), n, weight);
  const elem = new Float32Array(n);
  const grad = new Float32Array(p.length);
  for (let i = 0; i < n; i++) {
    const label = y[i];
    if (label === ignoreIndex) continue;
    const w = classWeight === null ? 1 : classWeight[label];
    const ce = crossEntropyRow(p, i * numClasses, numClasses, label, grad, coefficient(red, i) * w);
    elem[i] = classWeight === null ? ce : fround(ce * w);
  }
  return finishLoss(fn, red, elem, grad) as LossResult<LossValue<O>>;
}

/**
 * The one softmax cross entropy kernel, for one row and unchecked: with `x` the float32 values
 * of `logits[offset, offset + numChannels)`, returns `logsumexp(x) - x[target]` (computed in
 * double as `ln(sum_c e^(x_c - max)) - (x[target] - max)`, rounded to float32 once, which
 * agrees with the reference's float32 `log_softmax` to about one ulp). When `grad` is not
 * null, also writes `gradScale * (softmax(x) - onehot(target))` into
 * `grad[offset, offset + numChannels)`.
 * Callers guarantee finite logits, `numChannels >= 1` and `target` in `[0, numChannels)`.
 * @internal
 */
export function crossEntropyRow(
  logits: ArrayLike<number>,
  offset: number,
  numChannels: number,
  target: number,
  grad: Float32Array | null,
  gradScale: number,
): number {
  let max = -Infinity;
  for (let c = 0; c < numChannels; c++) {
    const v = fround(logits[offset + c]);
    if (v > max) max = v;
  }
  let sum = 0;
  for (let c = 0; c < numChannels; c++) sum += Math.exp(fround(logits[offset + c]) - max);
  if (grad !== null) {
    for (let c = 0; c < numChannels; c++) grad[offset + c] = (gradScale * Math.exp(fround(logits[offset + c]) - max)) / sum;
    grad[offset + target] -= gradScale;
  }
  return fround(Math.log(sum) - (fround(logits[offset + target]) - max));
}

/**
 * Per-row softmax cross entropy without checks and without gradient, into `out`:
 * `out[i] = crossEntropyRow(row i) * weights[i]` (the product in float32; no weights: 1), as
 * PyTorch's `F.cross_entropy(..., reduction='none')` times a weight. For callers that
 * validated their inputs once and need only the values (SSD hard negative mining, OHEM).
 * @param logits `[out.length * numChannels]` finite logits, row-major.
 * @param targets `[out.length]` integers in `[0, numChannels)`.
 * @param weights `[out.length]` finite weights, or undefined.
 * @param out `[numRows]`, overwritten and returned.
 * @internal
 */
export function crossEntropyRowsInto(
  logits: ArrayLike<number>,
  numChannels: number,
  targets: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
  out: Float32Array,
): Float32Array {
  for (let i = 0, o = 0; i < out.length; i++, o += numChannels) {
    const ce = crossEntropyRow(logits, o, numChannels, targets[i], null, 0);
    out[i] = weights === undefined ? ce : fround(ce * fround(weights[i]));
  }
  return out;
}
