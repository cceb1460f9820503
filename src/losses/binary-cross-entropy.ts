/**
 * Binary cross entropy with logits, one independent sigmoid per class: the classification loss
 * of RPN and of sigmoid-based heads (`CrossEntropyLoss` with `use_sigmoid=True`).
 *
 * Matches mmdetection 3.x `binary_cross_entropy` (mmdet/models/losses/cross_entropy_loss.py):
 * class-id labels are expanded to one-hot rows (a label >= C, the background, gives an all-zero
 * row), labels `< 0` or equal to `ignoreIndex` are masked out, and `classWeight` is passed to
 * PyTorch as `pos_weight` (it weights the positive term of each class).
 */
import {
  bceWithLogits,
  checkLength,
  coefficient,
  makeReducer,
  readFloat32,
  readLabels,
  finishLoss,
  sigmoid,
  softplus,
  type LossInput,
  type LossResult,
  type LossValue,
  type ReductionOptions,
} from './common.js';
import { invalidArgument } from '../errors.js';
import { meanOverValid, readCrossEntropyCall } from './cross-entropy.js';
import { readLabelsOrDense, type ClassTarget } from './focal.js';

const fround = Math.fround;

/** Options of {@link binaryCrossEntropyLoss}. */
export interface BinaryCrossEntropyLossOptions extends ReductionOptions {
  /** Number of classes C (columns of `pred`); a positive integer. */
  readonly numClasses: number;
  /** `[C]` weight of the positive term of each class (PyTorch's `pos_weight`). Default: none. */
  readonly classWeight?: LossInput | null;
  /** Labels (or dense targets) equal to this are masked out. An integer; default -100. */
  readonly ignoreIndex?: number | null;
  /** With `reduction: 'mean'` and no `avgFactor`, average over the unmasked elements only. Default false. */
  readonly avgNonIgnore?: boolean;
}

/**
 * Binary cross entropy with logits and its gradient.
 *
 * Per element with target t and positive-class weight w (default 1):
 *   `BCE = -(w t ln sigma(x) + (1 - t) ln(1 - sigma(x)))`, gradient `(w t + 1 - t) sigma(x) - w t`,
 * computed as `(1 - t) x + (1 + (w - 1) t) softplus(-x)`, finite for any finite logit.
 *
 * Steps: 1. elements `[n * C]`; 2. the element weight is the validity mask (label `>= 0` and not
 * `ignoreIndex`) times `weight` (`[n]` for labels, broadcast over classes; `[n * C]` for dense
 * targets); 3. reduction over the n * C elements, or with `avgNonIgnore` (`'mean'`, no
 * `avgFactor`) over the unmasked ones (`+ eps`); mean of nothing is NaN; 4. `* lossWeight`.
 *
 * @param pred `[n * C]` logits.
 * @param target `{ labels: [n] }` class ids (>= C: background, all-zero row; < 0 or
 *   `ignoreIndex`: masked) or `{ dense: [n * C] }` targets in [0, 1] (or `ignoreIndex`: masked).
 * @returns `loss` (a number, or `[n * C]` with `reduction: 'none'`) and `gradPred` `[n * C]`.
 * @throws {LabelAssignError} on an unknown option, a bad `numClasses`, `classWeight` or
 *   `ignoreIndex`, non-finite values, non-integer labels, dense targets outside [0, 1],
 *   mismatched lengths, `avgFactor` with `'sum'`.
 * @example
 * binaryCrossEntropyLoss([0, 0], { labels: [1] }, { numClasses: 2, reduction: 'sum' }).loss; // 2 ln 2
 */
export function binaryCrossEntropyLoss<O extends BinaryCrossEntropyLossOptions>(
  pred: LossInput,
  target: ClassTarget,
  options: O,
): LossResult<LossValue<O>> {
  const fn = 'binaryCrossEntropyLoss';
  const { record, numClasses, classWeight, ignoreIndex, avgNonIgnore, reduction, pred: p, numSamples: n } = readCrossEntropyCall(fn, pred, options);
  const tr = readLabelsOrDense(fn, target);
  // Dense targets t [n * C] and the element weights (validity mask times weight) [n * C].
  const t = new Float32Array(p.length);
  const w = new Float32Array(p.length);
  let valid = 0;
  if (tr.labels !== undefined) {
    const labels = readLabels(fn, 'target.labels', tr.labels);
    checkLength(fn, 'target.labels', labels.length, n, 'one class id per row of pred');
    const sample = readSampleWeight(fn, record.weight, n, 'one weight per row of pred');
    for (let i = 0; i < n; i++) {
      const label = labels[i];
      const ok = label >= 0 && label !== ignoreIndex;
      const wi = ok ? (sample === null ? 1 : sample[i]) : 0;
      if (ok) valid += numClasses;
      for (let c = 0; c < numClasses; c++) {
        t[i * numClasses + c] = ok && c === label ? 1 : 0;
        w[i * numClasses + c] = wi;
      }
    }
  } else {
    const dense = readFloat32(fn, 'target.dense', tr.dense, numClasses);
    checkLength(fn, 'target.dense', dense.length, p.length, 'one value per entry of pred');
    const weight = readSampleWeight(fn, record.weight, p.length, 'one weight per entry of pred');
    for (let j = 0; j < p.length; j++) {
      const v = dense[j];
      const ok = v >= 0 && v !== ignoreIndex;
      if (v !== ignoreIndex && !(v >= 0 && v <= 1)) throw invalidArgument(fn, `target.dense[${j}]`, `in [0, 1] or ignoreIndex (${ignoreIndex})`, v);
      t[j] = v;
      w[j] = ok ? (weight === null ? 1 : weight[j]) : 0;
      if (ok) valid++;
    }
  }
  const red = makeReducer(meanOverValid(reduction, avgNonIgnore, valid), p.length, { values: w, repeat: 1 });
  const elem = new Float32Array(p.length);
  const grad = new Float32Array(p.length);
  for (let j = 0; j < p.length; j++) {
    const x = p[j];
    const y = t[j];
    if (classWeight === null) {
      elem[j] = fround(bceWithLogits(x, y));
      grad[j] = coefficient(red, j) * (sigmoid(x) - y);
    } else {
      const pw = classWeight[j % numClasses];
      const logWeight = (pw - 1) * y + 1;
      elem[j] = fround((1 - y) * x + logWeight * softplus(-x));
      grad[j] = coefficient(red, j) * (1 - y - logWeight * sigmoid(-x));
    }
  }
  return finishLoss(fn, red, elem, grad) as LossResult<LossValue<O>>;
}

/** `weight` of the labels form (`[n]`) or the dense form (`[n * C]`), or null. */
function readSampleWeight(fn: string, value: unknown, length: number, what: string): Float32Array | null {
  if (value === undefined || value === null) return null;
  const weight = readFloat32(fn, 'options.weight', value);
  checkLength(fn, 'options.weight', weight.length, length, what);
  return weight;
}
