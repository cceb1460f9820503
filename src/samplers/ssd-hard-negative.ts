/**
 * SSD hard negative mining (Liu et al. 2016, "SSD: Single Shot MultiBox Detector"): every
 * positive prior is kept, and of the negatives only the ones with the largest classification
 * loss, at most `negPosRatio` (3) per positive, so background does not swamp the loss.
 *
 * Port of mmdetection 3.x `SSDHead.loss_by_feat_single` (mmdet/models/dense_heads/ssd_head.py):
 * the per-prior softmax cross entropy (`loss_cls_all`), the hard negatives in the order of
 * `topk`, and the head's averaged classification and smooth-L1 box losses. The cross entropy
 * and smooth L1 are the losses module's own kernels (src/losses/cross-entropy.ts,
 * src/losses/smooth-l1.ts).
 */
import type { AssignResult } from '../assigners/assign-result.js';
import { invalidArgument } from '../errors.js';
import { FLOAT32_EPS } from '../losses/common.js';
import { crossEntropyRowsInto } from '../losses/cross-entropy.js';
import { smoothL1Value } from '../losses/smooth-l1.js';
import { checkKnownKeys, checkNumber, checkObject } from '../validate.js';
import { checkSamplerAssign, isNumberArrayLike, topKDescending, type SampleResult } from './common.js';

const fround = Math.fround;

/** Options of {@link sampleSsdHardNegatives}. */
export interface SsdHardNegativeOptions {
  /** Negatives kept per positive, a non-negative integer; default 3. */
  readonly negPosRatio?: number;
}

/** {@link SsdHardNegativeOptions} with the default filled in. */
export interface ResolvedSsdHardNegativeOptions {
  readonly negPosRatio: number;
}

const SAMPLE_FN = 'sampleSsdHardNegatives';

/** What a value that is not finite in float32 must be: finite, or (for 1e39) within float32's range. */
function finiteFloat32(v: unknown): string {
  return typeof v === 'number' && Number.isFinite(v) ? 'a number within the float32 range (|v| <= 3.4e38)' : 'a finite number';
}
const HEAD_FN = 'ssdHeadLoss';
const CE_FN = 'softmaxCrossEntropy';

/**
 * Checks `options` and fills in the default (`negPosRatio` 3).
 * @throws {LabelAssignError} on an unknown key or `negPosRatio` not a non-negative integer.
 * @example
 * resolveSsdHardNegativeOptions({}).negPosRatio; // 3
 */
export function resolveSsdHardNegativeOptions(options: SsdHardNegativeOptions = {}): ResolvedSsdHardNegativeOptions {
  return resolveRatio(SAMPLE_FN, options, ['negPosRatio']);
}

function resolveRatio(fn: string, options: object, known: readonly string[]): ResolvedSsdHardNegativeOptions {
  const record = checkObject(fn, 'options', options);
  checkKnownKeys(fn, 'options', record, known);
  const negPosRatio = record.negPosRatio === undefined ? 3 : checkNumber(fn, 'negPosRatio', record.negPosRatio, { min: 0, integer: true });
  return Object.freeze({ negPosRatio });
}

/**
 * Per-row softmax cross entropy of logits against integer targets, times an optional weight:
 * `loss[i] = (logsumexp(logits[i, :]) - logits[i, targets[i]]) * weights[i]` (PyTorch's
 * `F.cross_entropy(..., reduction='none')`). Computed in double from the float32 logits and
 * rounded to float32 once (then multiplied by the weight in float32), so it agrees with the
 * reference to about one float32 ulp. A checked convenience over the losses module's kernel
 * (the same values as `crossEntropyLoss` with `reduction: 'none'` and `weight`, without the
 * gradient).
 * @param logits `[numRows * numChannels]` finite logits, row-major.
 * @param numChannels classes per row (for SSD: `numClasses + 1`, background last).
 * @param targets `[numRows]` integers in `[0, numChannels)`.
 * @param weights `[numRows]` finite weights; default all 1.
 * @returns `[numRows]` losses.
 * @throws {LabelAssignError} on mismatched lengths, a non-finite logit or weight, or a target out of range.
 * @example
 * softmaxCrossEntropy(Float32Array.of(0, 0), 2, [1]); // Float32Array [0.6931472]
 */
export function softmaxCrossEntropy(
  logits: ArrayLike<number>,
  numChannels: number,
  targets: ArrayLike<number>,
  weights?: ArrayLike<number>,
): Float32Array {
  checkNumber(CE_FN, 'numChannels', numChannels, { min: 1, integer: true });
  if (!isNumberArrayLike(logits) || logits.length % numChannels !== 0) {
    throw invalidArgument(CE_FN, 'logits', `a flat array of rows of ${numChannels} logits`, logits);
  }
  const n = logits.length / numChannels;
  if (!isNumberArrayLike(targets) || targets.length !== n) throw invalidArgument(CE_FN, 'targets', `${n} class indices (one per row)`, targets);
  if (weights !== undefined && (!isNumberArrayLike(weights) || weights.length !== n)) {
    throw invalidArgument(CE_FN, 'weights', `${n} weights (one per row)`, weights);
  }
  for (let i = 0; i < logits.length; i++) {
    // Finite after the float32 rounding the kernel applies (1e39 becomes Infinity); a number at
    // all first (fround of a Symbol or a BigInt throws a TypeError).
    const v: unknown = logits[i];
    if (typeof v !== 'number' || !Number.isFinite(fround(v))) throw invalidArgument(CE_FN, `logits[${Math.floor(i / numChannels)}][${i % numChannels}]`, finiteFloat32(v), v);
  }
  for (let i = 0; i < n; i++) {
    const t = targets[i];
    if (!Number.isInteger(t) || t < 0 || t >= numChannels) throw invalidArgument(CE_FN, `targets[${i}]`, `an integer in [0, ${numChannels})`, t);
    const w: unknown = weights === undefined ? 1 : weights[i];
    if (typeof w !== 'number' || !Number.isFinite(fround(w))) throw invalidArgument(CE_FN, `weights[${i}]`, finiteFloat32(w), w);
  }
  const out = new Float32Array(n);
  crossEntropyRowsInto(logits, numChannels, targets, weights, out);
  // Finite values can still overflow: a weight or a logit gap near the float32 limit.
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(out[i])) {
      if (weights !== undefined && Math.abs(weights[i]) > 1) {
        throw invalidArgument(CE_FN, `weights[${i}]`, 'small enough that the weighted loss stays finite in float32', weights[i]);
      }
      throw invalidArgument(CE_FN, `logits[${i}]`, `logits whose loss (logsumexp minus the target's logit) is finite in float32`, `a loss of ${out[i]}`);
    }
  }
  return out;
}

/**
 * The hard negatives: of `candidates`, the `k` with the largest `losses[candidate]`, by
 * descending loss (exact ties: lower index first).
 * @internal
 */
export function hardestByLoss(losses: ArrayLike<number>, candidates: Int32Array, k: number): Int32Array {
  const values = new Float64Array(candidates.length);
  for (let j = 0; j < candidates.length; j++) values[j] = losses[candidates[j]];
  const order = topKDescending(values, candidates.length, k);
  for (let j = 0; j < order.length; j++) order[j] = candidates[order[j]];
  return order;
}

/**
 * SSD hard negative mining on an assignment (Liu et al. 2016): all positives, and the
 * negatives with the largest classification loss.
 *
 * Counts, with `P` positives (label 1) and `N` negatives (label 0; ignored priors are never
 * sampled): positives `P` (all); negatives `min(negPosRatio * P, N)`, those with the largest
 * `losses`, listed by descending loss (exact ties: lower index first). No positives: no
 * negatives. Deterministic (`nextRng` null); ground truths are never added (`numGtsAdded` 0).
 *
 * mmdetection's head counts every prior whose target is background as a candidate negative,
 * ignored ones included with loss 0 (their label weight); here ignored priors are left out, so
 * they can never fill the quota (their loss of 0 adds nothing either way). {@link ssdHeadLoss}
 * follows the head exactly.
 * @param assign an assignment (`label`, `gtIndex`, `numGts` are read), never modified.
 * @param losses `[numPriors]` classification loss of each prior against its target
 *   (e.g. {@link softmaxCrossEntropy}); no NaN; never modified.
 * @returns a frozen {@link SampleResult}: `posIndices` ascending, `negIndices` by descending loss.
 * @throws {LabelAssignError} as {@link resolveSsdHardNegativeOptions}, on a malformed
 *   assignment, or on `losses` of the wrong length or holding NaN.
 * @example
 * const lossAll = softmaxCrossEntropy(clsScores, numClasses + 1, targets);
 * const { posIndices, negIndices } = sampleSsdHardNegatives(assign, lossAll, { negPosRatio: 3 });
 */
export function sampleSsdHardNegatives(assign: AssignResult, losses: ArrayLike<number>, options: SsdHardNegativeOptions = {}): SampleResult {
  const { negPosRatio } = resolveSsdHardNegativeOptions(options);
  checkSamplerAssign(SAMPLE_FN, assign);
  const label = assign.label;
  const n = label.length;
  if (!isNumberArrayLike(losses) || losses.length !== n) throw invalidArgument(SAMPLE_FN, 'losses', `one loss per prior (${n})`, losses);
  let numPos = 0;
  let numNeg = 0;
  for (let i = 0; i < n; i++) {
    if (label[i] === 0 && (typeof losses[i] !== 'number' || Number.isNaN(losses[i]))) throw invalidArgument(SAMPLE_FN, `losses[${i}]`, 'a number (not NaN)', losses[i]);
    if (label[i] === 1) numPos++;
    else if (label[i] === 0) numNeg++;
  }
  const pos = new Int32Array(numPos);
  const negCandidates = new Int32Array(numNeg);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (label[i] === 1) pos[a++] = i;
    else if (label[i] === 0) negCandidates[b++] = i;
  }
  const neg = hardestByLoss(losses, negCandidates, Math.min(negPosRatio * numPos, numNeg));
  const posGtIndex = new Int32Array(numPos);
  for (let k = 0; k < numPos; k++) posGtIndex[k] = assign.gtIndex[pos[k]];
  return Object.freeze({ posIndices: pos, negIndices: neg, posGtIndex, posIsGt: new Uint8Array(numPos), numGtsAdded: 0, nextRng: null });
}

/** The inputs of {@link ssdHeadLoss}: one image's targets as mmdetection's `SSDHead.get_targets` makes them. */
export interface SsdHeadLossInput {
  /** `[numPriors * (numClasses + 1)]` classification logits, background last. */
  readonly clsScore: ArrayLike<number>;
  /** `[numPriors]` target class: `[0, numClasses)` foreground, `numClasses` background. */
  readonly labels: ArrayLike<number>;
  /** `[numPriors]` classification weights (0 for priors left out of the loss). */
  readonly labelWeights: ArrayLike<number>;
  /** `[numPriors * 4]` predicted box deltas. */
  readonly bboxPred: ArrayLike<number>;
  /** `[numPriors * 4]` regression targets. */
  readonly bboxTargets: ArrayLike<number>;
  /** `[numPriors * 4]` regression weights. */
  readonly bboxWeights: ArrayLike<number>;
  /** The loss normaliser (number of positives, at least 1), a number > 0. */
  readonly avgFactor: number;
}

/** Options of {@link ssdHeadLoss} (mmdetection's `num_classes` and `train_cfg`, in camelCase). */
export interface SsdHeadLossOptions {
  /** Number of foreground classes, an integer >= 1. */
  readonly numClasses: number;
  /** Negatives kept per positive, a non-negative integer; default 3. */
  readonly negPosRatio?: number;
  /** Smooth-L1 beta, > 0; default 1. */
  readonly smoothL1Beta?: number;
}

/** What {@link ssdHeadLoss} returns. */
export interface SsdHeadLossResult {
  /** `[numPriors]` cross entropy of each prior times its label weight (`loss_cls_all`). */
  readonly lossClsAll: Float32Array;
  /** Priors with a foreground target, ascending. */
  readonly posIndices: Int32Array;
  /** The hard negatives, by descending `lossClsAll` (exact ties: lower index first). */
  readonly negIndices: Int32Array;
  /** `(sum of lossClsAll over positives + over hard negatives) / avgFactor`, float32. */
  readonly lossCls: number;
  /** `sum(smoothL1(bboxPred - bboxTargets) * bboxWeights) / (avgFactor + eps32)`, float32. */
  readonly lossBbox: number;
}

/**
 * The SSD head's loss for one image (SSD; Liu et al. 2016), exactly as mmdetection's
 * `SSDHead.loss_by_feat_single` (with `reg_decoded_bbox` false):
 * 1. `lossClsAll = crossEntropy(clsScore, labels) * labelWeights`;
 * 2. positives: `0 <= label < numClasses`; candidate negatives: `label == numClasses`
 *    (zero-weight priors included, with loss 0);
 * 3. hard negatives: the `min(negPosRatio * numPos, numCandidates)` candidates with the
 *    largest `lossClsAll`, by descending loss;
 * 4. `lossCls = (sum over positives + sum over hard negatives) / avgFactor`;
 * 5. `lossBbox` = smooth L1 (`0.5 d^2 / beta` for `d < beta`, else `d - 0.5 beta`, with
 *    `d = |pred - target|`) times `bboxWeights`, summed, over `avgFactor + 2^-23`.
 * Float32 per element as the reference; sums in double, rounded once (well within 1e-5).
 * @returns a frozen {@link SsdHeadLossResult}.
 * @throws {LabelAssignError} on an unknown option, `numClasses` < 1, a bad `negPosRatio` or
 *   `smoothL1Beta`, mismatched lengths, a label outside `[0, numClasses]`, a non-finite value
 *   or a non-positive `avgFactor`.
 * @example
 * const { lossCls, lossBbox, negIndices } = ssdHeadLoss(targets, { numClasses: 80 });
 */
export function ssdHeadLoss(input: SsdHeadLossInput, options: SsdHeadLossOptions): SsdHeadLossResult {
  const record = checkObject(HEAD_FN, 'options', options);
  const { negPosRatio } = resolveRatio(HEAD_FN, record, ['numClasses', 'negPosRatio', 'smoothL1Beta']);
  const numClasses = checkNumber(HEAD_FN, 'numClasses', record.numClasses, { min: 1, integer: true });
  const beta = record.smoothL1Beta === undefined ? 1 : checkNumber(HEAD_FN, 'smoothL1Beta', record.smoothL1Beta, { min: 0, exclusiveMin: true, float32: true });
  const data = checkObject(HEAD_FN, 'input', input);
  checkKnownKeys(HEAD_FN, 'input', data, ['clsScore', 'labels', 'labelWeights', 'bboxPred', 'bboxTargets', 'bboxWeights', 'avgFactor']);
  const labels = data.labels as ArrayLike<number>;
  if (!isNumberArrayLike(labels)) throw invalidArgument(HEAD_FN, 'input.labels', 'an array of target classes', labels);
  const n = labels.length;
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    if (!Number.isInteger(l) || l < 0 || l > numClasses) {
      throw invalidArgument(HEAD_FN, `input.labels[${i}]`, `an integer in [0, ${numClasses}] (${numClasses} = background)`, l);
    }
  }
  const flat = (name: string, width: number): ArrayLike<number> => {
    const v = data[name] as ArrayLike<number>;
    if (!isNumberArrayLike(v) || v.length !== n * width) throw invalidArgument(HEAD_FN, `input.${name}`, `${n * width} numbers (${n} priors x ${width})`, v);
    // Finite after the float32 rounding of the computation (1e39 becomes Infinity); a number at all first.
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x !== 'number' || !Number.isFinite(fround(x))) throw invalidArgument(HEAD_FN, `input.${name}[${i}]`, finiteFloat32(x), x);
    }
    return v;
  };
  const clsScore = flat('clsScore', numClasses + 1);
  const labelWeights = flat('labelWeights', 1);
  const bboxPred = flat('bboxPred', 4);
  const bboxTargets = flat('bboxTargets', 4);
  const bboxWeights = flat('bboxWeights', 4);
  // The divisor of both losses: positive and not subnormal in float32 (1e-45 would divide to Infinity).
  const avgFactor = checkNumber(HEAD_FN, 'input.avgFactor', data.avgFactor, { min: 0, exclusiveMin: true, float32: 'normal' });

  const lossClsAll = crossEntropyRowsInto(clsScore, numClasses + 1, labels, labelWeights, new Float32Array(n));
  let numPos = 0;
  let numNeg = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] < numClasses) numPos++;
    else numNeg++;
  }
  const posIndices = new Int32Array(numPos);
  const negCandidates = new Int32Array(numNeg);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (labels[i] < numClasses) posIndices[a++] = i;
    else negCandidates[b++] = i;
  }
  const negIndices = hardestByLoss(lossClsAll, negCandidates, Math.min(negPosRatio * numPos, numNeg));
  let sum = 0;
  for (let k = 0; k < numPos; k++) sum += lossClsAll[posIndices[k]];
  for (let k = 0; k < negIndices.length; k++) sum += lossClsAll[negIndices[k]];
  const lossCls = fround(fround(sum) / fround(avgFactor));

  let boxSum = 0;
  const b32 = fround(beta);
  for (let i = 0; i < n * 4; i++) {
    const d = Math.abs(fround(fround(bboxPred[i]) - fround(bboxTargets[i])));
    boxSum += fround(smoothL1Value(d, b32) * fround(bboxWeights[i]));
  }
  const lossBbox = fround(fround(boxSum) / fround(avgFactor + FLOAT32_EPS));
  // A small but normal avgFactor can still overflow a large sum: say so rather than return Infinity.
  if (!Number.isFinite(lossCls) || !Number.isFinite(lossBbox)) {
    const cls = !Number.isFinite(lossCls);
    const total = fround(cls ? sum : boxSum);
    if (!Number.isFinite(total)) {
      // The sum itself overflowed: weights (or values) near the float32 limit.
      throw invalidArgument(HEAD_FN, cls ? 'input.labelWeights' : 'input.bboxWeights', `weights whose weighted losses sum to a finite float32`, `a sum of ${total}`);
    }
    throw invalidArgument(HEAD_FN, 'input.avgFactor', `large enough that the losses stay finite in float32 (the ${cls ? 'classification' : 'box'} loss sum ${total} divided by it overflows)`, avgFactor);
  }
  return Object.freeze({ lossClsAll, posIndices, negIndices, lossCls, lossBbox });
}
