/**
 * Sigmoid focal loss: Lin, Goyal, Girshick, He, Dollár, "Focal Loss for Dense Object
 * Detection" (ICCV 2017, RetinaNet). Binary cross entropy per class, scaled down for easy
 * examples by `(1 - p_t)^gamma` and balanced between positives and negatives by `alpha`.
 *
 * Matches mmdetection 3.x `FocalLoss` with `use_sigmoid=True` (`py_sigmoid_focal_loss`, and
 * `py_focal_loss_with_prob` for `activated=True`), weight broadcasting and reductions included.
 */
import { invalidArgument } from '../errors.js';
import {
  bceOfProbability,
  bceOfProbabilityGrad,
  checkLength,
  checkLossOptions,
  checkUnitInterval,
  coefficient,
  makeReducer,
  powGrad,
  readBooleanOption,
  readFloat32,
  readLabels,
  readNumClasses,
  readNumberOption,
  readTargetRecord,
  readWeight,
  finishLoss,
  resolveReduction,
  type LossInput,
  type LossResult,
  type LossValue,
  type ReductionOptions,
} from './common.js';

const fround = Math.fround;

/**
 * Classification targets: `labels` (one class id per sample, `[n]`, `numClasses` = background)
 * or `dense` (one target per class, `[n * numClasses]`, in [0, 1]: one-hot or soft).
 */
export type ClassTarget = { readonly labels: LossInput } | { readonly dense: LossInput };

/** Options of {@link focalLoss}. */
export interface FocalLossOptions extends ReductionOptions {
  /** Number of classes C (columns of `pred`); a positive integer. */
  readonly numClasses: number;
  /** Focusing exponent, >= 0. Default 2. */
  readonly gamma?: number;
  /** Weight of the positive term, in [0, 1] (the negative term gets 1 - alpha). Default 0.25. */
  readonly alpha?: number;
  /** `pred` holds probabilities in [0, 1] instead of logits. Default false. */
  readonly activated?: boolean;
}

const KEYS = ['numClasses', 'gamma', 'alpha', 'activated'] as const;

/**
 * Checks that `target` is a {@link ClassTarget}-shaped object with exactly one of `labels` and
 * `dense`, and returns it as a record.
 * @throws {LabelAssignError} on another value, or on both or neither of `labels` and `dense`.
 */
export function readLabelsOrDense(fn: string, target: unknown): Record<string, unknown> {
  const record = readTargetRecord(fn, target, '{ labels: [n] } or { dense: [n * numClasses] }');
  if ((record.labels === undefined) === (record.dense === undefined)) throw invalidArgument(fn, 'target', 'either { labels } or { dense } (exactly one)', target);
  return record;
}

/**
 * Reads dense classification targets `target.dense`, `[count]` (rows of `numClasses`), each in [0, 1].
 * @throws {LabelAssignError} on another length, rows of another width, non-finite values or values outside [0, 1].
 */
export function readDenseTarget(fn: string, value: unknown, numClasses: number, count: number): Float32Array {
  const dense = readFloat32(fn, 'target.dense', value, numClasses);
  checkLength(fn, 'target.dense', dense.length, count, 'one value per entry of pred');
  checkUnitInterval(fn, 'target.dense', dense);
  return dense;
}

/** Reads a {@link ClassTarget} into dense-or-labels form, checking lengths and ranges. */
export function readClassTarget(
  fn: string,
  target: unknown,
  numSamples: number,
  numClasses: number,
  labelRange: 'with-background' | 'any',
): { labels: Int32Array | null; dense: Float32Array | null } {
  const record = readLabelsOrDense(fn, target);
  if (record.labels !== undefined) {
    const labels = readLabels(fn, 'target.labels', record.labels);
    checkLength(fn, 'target.labels', labels.length, numSamples, 'one class id per row of pred');
    if (labelRange === 'with-background') {
      for (let i = 0; i < labels.length; i++) {
        if (labels[i] < 0 || labels[i] > numClasses) {
          throw invalidArgument(fn, `target.labels[${i}]`, `a class id in [0, ${numClasses}] (${numClasses} = background)`, labels[i]);
        }
      }
    }
    return { labels, dense: null };
  }
  return { labels: null, dense: readDenseTarget(fn, record.dense, numClasses, numSamples * numClasses) };
}

/** Reads `pred` as `[n * numClasses]`, checking `numClasses` and (for probabilities) the range. */
export function readClassPred(fn: string, pred: unknown, numClasses: number, probabilities: boolean): Float32Array {
  const p = readFloat32(fn, 'pred', pred, numClasses);
  if (probabilities) checkUnitInterval(fn, 'pred', p);
  return p;
}

/**
 * Sigmoid focal loss and its gradient.
 *
 * Per element (sample i, class c), with target t (1 for the sample's class, 0 elsewhere, or the
 * dense value) and p = sigmoid(x) (or x itself when `activated`):
 *   `q = (1 - p) t + p (1 - t)` (the paper's `1 - p_t`),
 *   `FL = BCE(x, t) * (alpha t + (1 - alpha)(1 - t)) * q^gamma`,
 * with `BCE` the binary cross entropy with logits (computed as `max(x, 0) - x t + log(1 + e^-|x|)`,
 * finite for any logit) or, when `activated`, of probabilities (logs clamped at -100, gradient
 * `(p - t) / max(p (1 - p), 1e-12)` as PyTorch's). The gradient includes the modulating factor's.
 *
 * Steps: 1. elements `[n * C]`; 2. `weight` is `[n]` (broadcast over classes) or `[n * C]`;
 * 3. reduction over all n * C elements (mean of nothing is NaN, as the reference's); 4. times
 * `lossWeight`.
 *
 * @param pred `[n * C]` logits (or probabilities with `activated`), row-major by sample.
 * @param target `{ labels: [n] }` class ids in [0, C] (C = background: all-zero targets), or
 *   `{ dense: [n * C] }` targets in [0, 1].
 * @returns `loss` (a number, or `[n * C]` with `reduction: 'none'`) and `gradPred` `[n * C]`.
 * @throws {LabelAssignError} on an unknown option, `numClasses` not a positive integer, `gamma`
 *   < 0, `alpha` outside [0, 1], a pred length not a multiple of C, non-finite values,
 *   probabilities outside [0, 1] with `activated`, labels outside [0, C], dense targets outside
 *   [0, 1], mismatched target or weight lengths, `avgFactor` with `reduction: 'sum'`.
 * @example
 * const { loss, gradPred } = focalLoss(new Float32Array([2, -1, 0, 3]), { labels: [0, 2] }, { numClasses: 2 });
 */
export function focalLoss<O extends FocalLossOptions>(pred: LossInput, target: ClassTarget, options: O): LossResult<LossValue<O>> {
  const fn = 'focalLoss';
  const record = checkLossOptions(fn, options, KEYS);
  const numClasses = readNumClasses(fn, record);
  const gamma = readNumberOption(fn, record, 'gamma', 2, { min: 0 });
  const alpha = readNumberOption(fn, record, 'alpha', 0.25, { min: 0, max: 1 });
  const activated = readBooleanOption(fn, record, 'activated', false);
  const reduction = resolveReduction(fn, record);
  const p = readClassPred(fn, pred, numClasses, activated);
  const n = p.length / numClasses;
  const { labels, dense } = readClassTarget(fn, target, n, numClasses, 'with-background');
  const weight = readWeight(fn, record.weight, p.length, numClasses);
  const red = makeReducer(reduction, p.length, weight);
  const elem = new Float32Array(p.length);
  const grad = new Float32Array(p.length);
  for (let i = 0, j = 0; i < n; i++) {
    const label = labels === null ? -1 : labels[i];
    for (let c = 0; c < numClasses; c++, j++) {
      const t = dense === null ? (c === label ? 1 : 0) : dense[j];
      const x = p[j];
      const balance = alpha * t + (1 - alpha) * (1 - t);
      let bce: number;
      let dBce: number;
      let pt: number;
      let dPt: number;
      if (activated) {
        pt = (1 - x) * t + x * (1 - t);
        dPt = 1 - 2 * t;
        bce = bceOfProbability(x, t);
        dBce = bceOfProbabilityGrad(x, t);
      } else {
        // sigma(x), sigma(-x) and log(1 + e^-|x|) from one exponential, finite for any logit
        const e = Math.exp(-Math.abs(x));
        const inv = 1 / (1 + e);
        const s = x >= 0 ? inv : e * inv;
        const sNeg = x >= 0 ? e * inv : inv;
        pt = sNeg * t + s * (1 - t);
        dPt = s * sNeg * (1 - 2 * t);
        bce = (x > 0 ? x : 0) - x * t + Math.log1p(e);
        dBce = s - t;
      }
      const modulation = gamma === 2 ? pt * pt : Math.pow(pt, gamma);
      const dModulation = gamma === 2 ? 2 * pt : powGrad(pt, gamma);
      elem[j] = fround(bce * balance * modulation);
      grad[j] = coefficient(red, j) * balance * (dBce * modulation + bce * dModulation * dPt);
    }
  }
  return finishLoss(fn, red, elem, grad) as LossResult<LossValue<O>>;
}
