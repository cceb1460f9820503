/**
 * ATSS, Adaptive Training Sample Selection (Zhang et al., "Bridging the Gap Between Anchor-based
 * and Anchor-free Detection via Adaptive Training Sample Selection", CVPR 2020).
 *
 * For each ground truth, the k priors whose centers are nearest to its center on each pyramid
 * level are its candidates. The gt's IoU threshold is the mean plus the standard deviation of
 * the candidates' IoUs. Candidates at or above the threshold whose center lies inside the box
 * become positive. Port of mmdetection 3.x `ATSSAssigner`, with its ignore rule and the
 * cost-based variant of DDOD (`alpha`), in float32 as the reference computes it.
 *
 * Sparse: the nearest priors of a gt are found by a window search on the grid of a PriorSet,
 * or by a bounded top-k scan of plain boxes. Overlaps are computed only for the candidates, so
 * no priors x gts matrix is ever built.
 */
import { invalidArgument } from '../errors.js';
import { iofOfPair, iouOfPair } from '../geometry/overlaps.js';
import type { PriorLevel } from '../geometry/priors/prior-set.js';
import { apiNames, checkFinite, checkKnownKeys, checkNumber, checkObject, toBoxes, toFlatFloat32, type BoxesInput, type NumberArrayLike, type OptionNames } from '../validate.js';
import { IGNORED, NEGATIVE, POSITIVE, type AssignInput, type AssignResult } from './assign-result.js';
import { checkIgnoreIofThreshold } from './ignore-regions.js';
import { freezeResult, priorFinder, resolveAssignInput, type ResolvedAssignInput } from './inputs.js';

const FN = 'assignAtss';
const f = Math.fround;

/**
 * `maxOverlap` of every prior that is not positive: mmdetection's `-INF` sentinel of ATSS,
 * `-100000000.0`.
 */
export const ATSS_NOT_POSITIVE_OVERLAP = -100000000;
/** The distance the reference gives to ignored priors (its `INF`, 1e8, not a true infinity). */
const IGNORED_DISTANCE = 100000000;
/** `bbox_overlaps`' default eps, as float32. */
const EPS = f(1e-6);
/** A positive's center must be more than this inside its gt box on all four sides (float32 0.01). */
const CENTER_MARGIN = f(0.01);
/** Float32 lanes of the reference's SIMD sums (`Vectorized<float>::size()` without AVX-512). */
const SIMD_LANES = 8;

const OPTION_KEYS = ['topK', 'alpha', 'ignoreIofThreshold'] as const;
const INPUT_KEYS = ['priors', 'gtBoxes', 'gtLabels', 'ignoreBoxes', 'numLevelPriors', 'predScores', 'predBoxes'] as const;

/** Options of {@link assignAtss}; names follow mmdetection's, in camelCase. */
export interface AtssOptions {
  /** Candidates per level and gt (`topk`): a positive integer, default 9. */
  readonly topK?: number;
  /**
   * Cost-based ATSS (DDOD, `alpha`), in [0, 1]. When given, the overlap of a prior with a gt is
   * `sigmoid(predScores[prior, gtLabel]) ** (1 - alpha) * IoU(predBoxes[prior], gt) ** alpha`,
   * and the input must carry `predScores` and `predBoxes`. Default: plain IoU of the priors.
   */
  readonly alpha?: number;
  /**
   * `ignore_iof_thr`: priors whose IoF with some ignore box is above this get the reference's
   * `INF` distance (1e8) and label -1 unless they become positive. A number <= 1; values <= 0
   * switch the rule off (default -1, as in mmdetection).
   */
  readonly ignoreIofThreshold?: number;
}

/** {@link AtssOptions} with the defaults filled in. `alpha` is null for plain IoU. */
export interface ResolvedAtssOptions {
  readonly topK: number;
  readonly alpha: number | null;
  readonly ignoreIofThreshold: number;
}

/** The inputs of {@link assignAtss}: the shared assigner inputs plus the DDOD predictions. */
export interface AtssAssignInput extends AssignInput {
  /**
   * Only with `options.alpha`: classification logits `[numPriors * numClasses]` (prior-major),
   * or `numPriors` rows of `numClasses`. The sigmoid is applied by the assigner.
   */
  readonly predScores?: NumberArrayLike | readonly (readonly number[])[];
  /**
   * Only with `options.alpha`: predicted boxes `[numPriors * 4]`, one per prior. Inverted boxes
   * are accepted (they are network outputs) and get the reference's signed-area IoU.
   */
  readonly predBoxes?: BoxesInput;
}

/** What {@link assignAtss} returns. */
export interface AtssResult extends AssignResult {
  /**
   * `[numGts]`: each gt's threshold, mean + unbiased standard deviation of its candidates'
   * overlaps (float32). NaN for a gt with fewer than two candidates (it gets no positive), and
   * for every gt when there are no priors.
   */
  readonly overlapThreshold: Float32Array;
}

/**
 * Checks the options of {@link assignAtss} and fills in the defaults.
 * @returns a frozen `{ topK, alpha, ignoreIofThreshold }`, `alpha` null when not given.
 * @throws {LabelAssignError} on an unknown key, `topK` not a positive integer, `alpha` outside
 *   [0, 1], `ignoreIofThreshold` not a finite number <= 1.
 * @param names the words of the errors: the API's (default), or a config's (`assigner.topk`).
 * @example
 * resolveAtssOptions({}); // { topK: 9, alpha: null, ignoreIofThreshold: -1 }
 */
export function resolveAtssOptions(options: AtssOptions = {}, names: OptionNames = apiNames(FN)): ResolvedAtssOptions {
  const record = checkObject(names, names.section, options);
  checkKnownKeys(names, names.section, record, OPTION_KEYS);
  let topK = 9;
  if (record.topK !== undefined) {
    const value = record.topK;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw invalidArgument(names, names.option('topK'), 'a positive integer', value);
    topK = value;
  }
  const alpha = record.alpha === undefined ? null : checkNumber(names, names.option('alpha'), record.alpha, { min: 0, max: 1 });
  const ignoreIofThreshold = checkIgnoreIofThreshold(names, names.option('ignoreIofThreshold'), record.ignoreIofThreshold);
  return Object.freeze({ topK, alpha, ignoreIofThreshold });
}

/** Checked inputs of the kernel. */
interface ResolvedAtssInput {
  readonly base: ResolvedAssignInput;
  /** `[numLevels]` priors per level. */
  readonly numLevelPriors: Int32Array;
  /** Alpha mode only: `[numPriors * numClasses]` logits, else empty. */
  readonly predScores: Float32Array;
  readonly numClasses: number;
  /** Alpha mode only: `[numPriors * 4]`, else empty. */
  readonly predBoxes: Float32Array;
}

function resolveAtssInput(input: AtssAssignInput, alpha: number | null): ResolvedAtssInput {
  const record = checkObject(FN, 'input', input);
  for (const key of Object.keys(record)) {
    if (!(INPUT_KEYS as readonly string[]).includes(key)) {
      throw invalidArgument(FN, `input.${key}`, `absent (known inputs: ${INPUT_KEYS.join(', ')})`, record[key]);
    }
  }
  const { predScores: rawScores, predBoxes: rawBoxes, ...rest } = record;
  const base = resolveAssignInput(FN, rest as unknown as AssignInput, { needLevels: true });
  const numLevelPriors = base.numLevelPriors as Int32Array;
  if (alpha === null) {
    if (rawScores !== undefined) throw invalidArgument(FN, 'input.predScores', 'absent unless options.alpha is set (cost-based ATSS)', rawScores);
    if (rawBoxes !== undefined) throw invalidArgument(FN, 'input.predBoxes', 'absent unless options.alpha is set (cost-based ATSS)', rawBoxes);
    return { base, numLevelPriors, predScores: new Float32Array(0), numClasses: 0, predBoxes: new Float32Array(0) };
  }
  const { numPriors } = base;
  if (rawBoxes === undefined) throw invalidArgument(FN, 'input.predBoxes', 'given when options.alpha is set: predicted boxes [numPriors * 4]');
  if (rawScores === undefined) throw invalidArgument(FN, 'input.predScores', 'given when options.alpha is set: logits [numPriors * numClasses]');
  const predBoxes = toBoxes(FN, 'input.predBoxes', rawBoxes, { allowInverted: true });
  if (predBoxes.length !== numPriors * 4) {
    throw invalidArgument(FN, 'input.predBoxes', `one box per prior (${numPriors} boxes)`, `${predBoxes.length / 4} boxes`);
  }
  const rows = Array.isArray(rawScores) && rawScores.length > 0 && Array.isArray(rawScores[0]);
  const predScores = toFlatFloat32(FN, 'input.predScores', rawScores, rows ? (rawScores as number[][])[0].length || 1 : 1);
  checkFinite(FN, 'input.predScores', predScores, 1);
  const numClasses = numPriors === 0 ? 0 : predScores.length / numPriors;
  if (numPriors === 0 ? predScores.length !== 0 : predScores.length === 0 || !Number.isInteger(numClasses)) {
    throw invalidArgument(FN, 'input.predScores', `[numPriors * numClasses] logits, a non-empty multiple of numPriors (${numPriors})`, `${predScores.length} values`);
  }
  if (numPriors > 0) {
    const labels = base.gtLabels;
    for (let g = 0; g < labels.length; g++) {
      if (labels[g] >= numClasses) throw invalidArgument(FN, `input.gtLabels[${g}]`, `a class id < numClasses (${numClasses}, from predScores)`, labels[g]);
    }
  }
  return { base, numLevelPriors, predScores, numClasses, predBoxes };
}

/**
 * Assigns each prior to at most one ground truth by Adaptive Training Sample Selection
 * (mmdetection `ATSSAssigner.assign`).
 *
 * Steps, per ground truth g (float32 throughout, as the reference):
 * 1. Center distance of each prior to g: `sqrt(dx² + dy²)` between `((x1 + x2) / 2, (y1 + y2) / 2)`
 *    centers. Ignore rule (when `ignoreIofThreshold > 0` and ignore boxes are given): priors with
 *    IoF(prior, some ignore box) > threshold get distance 1e8 and label -1.
 * 2. On each level, the `min(topK, priorsOnLevel)` priors with the smallest distance are
 *    candidates (levels concatenated, each level sorted by distance). Distance ties at the cut
 *    go to the lower prior index. The reference leaves them to `torch.topk` (libstdc++
 *    `nth_element` on CPU, another rule on GPU), so its choice there is implementation defined.
 * 3. Overlap of each candidate with g: IoU (or the DDOD cost with `alpha`).
 * 4. Threshold = mean + unbiased std of the candidates' overlaps (NaN with one candidate): the
 *    sum in float32 in the order PyTorch's CPU kernel adds it, the std in double, both rounded
 *    to float32 as the reference's tensors are.
 * 5. A candidate is positive when its overlap >= threshold and its center is inside g with
 *    margin: `min(cx - x1, cy - y1, x2 - cx, y2 - cy) > 0.01`.
 * 6. A prior positive for several gts goes to the one with the highest overlap (the lowest gt
 *    index on ties). Ignored priors can become positive this way (they are candidates when a
 *    level has fewer than `topK` other priors).
 *
 * The nearest priors come from a window grown ring by ring around the gt center on each level's
 * grid (PriorSet: visits O(topK / basePriors) locations per level), or from one bounded top-k scan
 * per level (plain boxes: O(numPriors) time per gt, O(topK) memory). Overlaps are computed for
 * the `topK * numLevels` candidates only.
 *
 * @param input `priors` (a PriorSet of anchors from a generator, i.e. each level's base anchors
 *   shifted over its grid, or `[numPriors * 4]` boxes with `numLevelPriors`), `gtBoxes` `[numGts * 4]`, optional `gtLabels` `[numGts]`, `ignoreBoxes`
 *   `[numIgnore * 4]`, and with `alpha` also `predScores` `[numPriors * numClasses]` and
 *   `predBoxes` `[numPriors * 4]`.
 * @param options see {@link AtssOptions}.
 * @returns per prior `[numPriors]`: `gtIndex` (0-based, -1 unless positive), `label` (1 positive,
 *   0 negative, -1 ignored), `gtLabel` (class or -1), `maxOverlap` (the overlap with the assigned
 *   gt for positives, {@link ATSS_NOT_POSITIVE_OVERLAP} otherwise); and `overlapThreshold`
 *   `[numGts]`. No gts: every prior negative with `maxOverlap` 0. No priors: empty arrays.
 * @throws {LabelAssignError} on bad options (see {@link resolveAtssOptions}), malformed boxes or
 *   labels, plain-box priors without `numLevelPriors`, level counts not summing to the number of
 *   priors, `predScores`/`predBoxes` missing or of the wrong length with `alpha` (or given
 *   without it), a gt label >= numClasses with `alpha`, unknown input keys.
 * @example
 * const set = anchorGenerator({ strides: [8, 16], ratios: [1], octaveBaseScale: 8, scalesPerOctave: 1 })
 *   .gridPriors([[8, 8], [4, 4]]);
 * const result = assignAtss({ priors: set, gtBoxes: [[10, 10, 40, 40]], gtLabels: [3] }, { topK: 9 });
 * result.gtIndex; // Int32Array [numPriors]: 0 for the positives, -1 elsewhere
 */
export function assignAtss(input: AtssAssignInput, options: AtssOptions = {}): AtssResult {
  const resolvedOptions = resolveAtssOptions(options);
  return atssKernel(resolveAtssInput(input, resolvedOptions.alpha), resolvedOptions);
}

function emptyResult(numPriors: number, numGts: number): AtssResult {
  return freezeResult({
    numGts,
    gtIndex: new Int32Array(numPriors).fill(-1),
    label: new Int8Array(numPriors).fill(NEGATIVE),
    gtLabel: new Int32Array(numPriors).fill(-1),
    maxOverlap: new Float32Array(numPriors),
    overlapThreshold: new Float32Array(numGts).fill(NaN),
  });
}

/** The assignment on checked inputs (see {@link assignAtss}). */
function atssKernel(input: ResolvedAtssInput, options: ResolvedAtssOptions): AtssResult {
  const { base, numLevelPriors } = input;
  const { numPriors, numGts, priors, gtBoxes, gtLabels, set } = base;
  if (numGts === 0 || numPriors === 0) return emptyResult(numPriors, numGts);
  const { topK, alpha } = options;
  const search = prepareSearch(base, numLevelPriors, options);
  const candidates = new Int32Array(search.maxCandidates);
  const candidateOverlaps = new Float32Array(search.maxCandidates);
  const { centers, ignored } = search;

  const gtIndex = new Int32Array(numPriors).fill(-1);
  const maxOverlap = new Float32Array(numPriors).fill(ATSS_NOT_POSITIVE_OVERLAP);
  const overlapThreshold = new Float32Array(numGts);
  const { predScores, predBoxes, numClasses } = input;
  const exponentScore = alpha === null ? 0 : 1 - alpha;
  const exponentIou = alpha === null ? 0 : alpha;

  for (let g = 0; g < numGts; g++) {
    const go = g * 4;
    const gx1 = gtBoxes[go];
    const gy1 = gtBoxes[go + 1];
    const gx2 = gtBoxes[go + 2];
    const gy2 = gtBoxes[go + 3];
    const gcx = f(gx1 + gx2) / 2;
    const gcy = f(gy1 + gy2) / 2;
    const gtArea = f(f(gx2 - gx1) * f(gy2 - gy1));

    // Steps 1-2: the nearest priors of each level, sorted by (distance, index), concatenated.
    const n = gatherCandidates(search, set, numLevelPriors, topK, gcx, gcy, candidates, 0);

    // Step 3: overlaps of the candidates only.
    for (let c = 0; c < n; c++) {
      const p = candidates[c];
      const o = p * 4;
      if (alpha === null) {
        const area = f(f(priors[o + 2] - priors[o]) * f(priors[o + 3] - priors[o + 1]));
        candidateOverlaps[c] = iouOfPair(priors, o, area, gtBoxes, go, gtArea, EPS);
      } else {
        const area = f(f(predBoxes[o + 2] - predBoxes[o]) * f(predBoxes[o + 3] - predBoxes[o + 1]));
        const iou = iouOfPair(predBoxes, o, area, gtBoxes, go, gtArea, EPS);
        const score = sigmoid(predScores[p * numClasses + gtLabels[g]]);
        candidateOverlaps[c] = f(powLikeTorch(score, exponentScore) * powLikeTorch(iou, exponentIou));
      }
    }

    // Step 4: threshold = mean + std, reduced as torch reduces the [candidates, gts] matrix.
    const mean = f(columnSumLikeTorch(candidateOverlaps, n, g, numGts) / n);
    const std = numGts === 1 ? twoPassStd(candidateOverlaps, n, mean) : welfordStd(candidateOverlaps, n);
    const threshold = f(mean + std);
    overlapThreshold[g] = threshold;

    // Steps 5-6: positives, each prior kept for its highest overlap (first gt on ties).
    for (let c = 0; c < n; c++) {
      const overlap = candidateOverlaps[c];
      if (!(overlap >= threshold)) continue;
      const p = candidates[c];
      const cx = centers[p * 2];
      const cy = centers[p * 2 + 1];
      const left = f(cx - gx1);
      const top = f(cy - gy1);
      const right = f(gx2 - cx);
      const bottom = f(gy2 - cy);
      if (!(Math.min(left, top, right, bottom) > CENTER_MARGIN)) continue;
      if (overlap > maxOverlap[p]) {
        maxOverlap[p] = overlap;
        gtIndex[p] = g;
      }
    }
  }

  const label = new Int8Array(numPriors);
  const gtLabel = new Int32Array(numPriors).fill(-1);
  for (let p = 0; p < numPriors; p++) {
    const g = gtIndex[p];
    if (g >= 0) {
      label[p] = POSITIVE;
      gtLabel[p] = gtLabels[g];
    } else if (ignored !== null && ignored[p] === 1) {
      label[p] = IGNORED;
    }
  }
  return freezeResult({ numGts, gtIndex, label, gtLabel, maxOverlap, overlapThreshold });
}

/** Per-assignment state of the candidate search (allocated once, reused for every gt). */
interface CandidateSearch {
  /** `[numPriors * 2]` float32 prior centers. */
  readonly centers: Float32Array;
  /** `[numPriors]` 1 for ignored priors, or null when the ignore rule is off. */
  readonly ignored: Uint8Array | null;
  /** `[numLevels]` index of each level's first prior. */
  readonly levelStart: Int32Array;
  /** Candidates per gt: the sum over levels of `min(topK, count)`. */
  readonly maxCandidates: number;
  /** Scratch heap of `max(min(topK, count))` entries. */
  readonly heapDist: Float32Array;
  readonly heapIndex: Int32Array;
}

function prepareSearch(base: ResolvedAssignInput, numLevelPriors: Int32Array, options: ResolvedAtssOptions): CandidateSearch {
  const { numPriors, priors } = base;
  // Prior centers, float32 `(x1 + x2) / 2.0` as the reference.
  const centers = new Float32Array(numPriors * 2);
  for (let p = 0; p < numPriors; p++) {
    const o = p * 4;
    centers[p * 2] = f(priors[o] + priors[o + 2]) / 2;
    centers[p * 2 + 1] = f(priors[o + 1] + priors[o + 3]) / 2;
  }
  const numLevels = numLevelPriors.length;
  const levelStart = new Int32Array(numLevels);
  let maxCandidates = 0;
  let maxPerLevel = 0;
  for (let l = 0, s = 0; l < numLevels; l++) {
    levelStart[l] = s;
    s += numLevelPriors[l];
    const k = Math.min(options.topK, numLevelPriors[l]);
    maxCandidates += k;
    if (k > maxPerLevel) maxPerLevel = k;
  }
  return {
    centers,
    ignored: markIgnored(base, options.ignoreIofThreshold),
    levelStart,
    maxCandidates,
    heapDist: new Float32Array(maxPerLevel),
    heapIndex: new Int32Array(maxPerLevel),
  };
}

/**
 * Writes the candidates of the gt centered at `(gcx, gcy)` into `out` from `offset`: on each
 * level the `min(topK, count)` nearest priors sorted by (distance, index), levels in order.
 * Returns how many were written.
 */
function gatherCandidates(
  search: CandidateSearch,
  set: ResolvedAssignInput['set'],
  numLevelPriors: Int32Array,
  topK: number,
  gcx: number,
  gcy: number,
  out: Int32Array,
  offset: number,
): number {
  const { centers, ignored, levelStart, heapDist, heapIndex } = search;
  let n = offset;
  for (let l = 0; l < numLevelPriors.length; l++) {
    const count = numLevelPriors[l];
    if (count === 0) continue;
    const k = Math.min(topK, count);
    if (set !== null && k < count) gridNearest(set.levels[l], centers, ignored, gcx, gcy, k, heapDist, heapIndex);
    else scanNearest(levelStart[l], count, centers, ignored, gcx, gcy, k, heapDist, heapIndex);
    heapSortAscending(heapDist, heapIndex, k);
    out.set(heapIndex.subarray(0, k), n);
    n += k;
  }
  return n - offset;
}

/**
 * The candidates of every gt (steps 1-2 of {@link assignAtss}), for inspection and tests:
 * gt g's candidates are `indices[offsets[g] .. offsets[g + 1])`, level by level, each level
 * sorted by (distance, index). Same inputs, options and checks as {@link assignAtss}.
 * @returns `offsets` `[numGts + 1]` and `indices` `[offsets[numGts]]`.
 * @throws {LabelAssignError} as {@link assignAtss}.
 * @example
 * const { offsets, indices } = atssCandidates({ priors: set, gtBoxes: [[10, 10, 40, 40]] }, { topK: 9 });
 * @internal
 */
export function atssCandidates(input: AtssAssignInput, options: AtssOptions = {}): { offsets: Int32Array; indices: Int32Array } {
  const resolvedOptions = resolveAtssOptions(options);
  const { base, numLevelPriors } = resolveAtssInput(input, resolvedOptions.alpha);
  const { numGts, numPriors, gtBoxes } = base;
  const offsets = new Int32Array(numGts + 1);
  if (numPriors === 0) return { offsets, indices: new Int32Array(0) };
  const search = prepareSearch(base, numLevelPriors, resolvedOptions);
  const indices = new Int32Array(search.maxCandidates * numGts);
  let n = 0;
  for (let g = 0; g < numGts; g++) {
    const o = g * 4;
    const gcx = f(gtBoxes[o] + gtBoxes[o + 2]) / 2;
    const gcy = f(gtBoxes[o + 1] + gtBoxes[o + 3]) / 2;
    n += gatherCandidates(search, base.set, numLevelPriors, resolvedOptions.topK, gcx, gcy, indices, n);
    offsets[g + 1] = n;
  }
  return { offsets, indices };
}

/**
 * The reference's ignore rule: 1 for priors whose IoF with some ignore box is above the
 * threshold; null when the rule is off (threshold <= 0 or no ignore boxes). Visits only the
 * priors that touch each ignore box.
 */
function markIgnored(base: ResolvedAssignInput, threshold: number): Uint8Array | null {
  const { ignoreBoxes, priors, numPriors } = base;
  if (!(threshold > 0) || ignoreBoxes.length === 0) return null;
  const thr = f(threshold);
  const finder = priorFinder(base);
  const found = new Int32Array(numPriors);
  const mask = new Uint8Array(numPriors);
  for (let j = 0; j < ignoreBoxes.length; j += 4) {
    const count = finder.find(ignoreBoxes[j], ignoreBoxes[j + 1], ignoreBoxes[j + 2], ignoreBoxes[j + 3], found);
    for (let k = 0; k < count; k++) {
      const p = found[k];
      if (mask[p] === 1) continue;
      const o = p * 4;
      const area = f(f(priors[o + 2] - priors[o]) * f(priors[o + 3] - priors[o + 1]));
      if (iofOfPair(priors, o, area, ignoreBoxes, j, EPS) > thr) mask[p] = 1;
    }
  }
  return mask;
}

// ---- nearest priors: a bounded max-heap of (distance, index), largest on top ----

/** Float32 center distance of prior `p` to `(gcx, gcy)`, or the reference's INF when ignored. */
function centerDistance(centers: Float32Array, ignored: Uint8Array | null, p: number, gcx: number, gcy: number): number {
  if (ignored !== null && ignored[p] === 1) return IGNORED_DISTANCE;
  const dx = f(centers[p * 2] - gcx);
  const dy = f(centers[p * 2 + 1] - gcy);
  return f(Math.sqrt(f(f(dx * dx) + f(dy * dy))));
}

/** True when entry a comes after entry b in (distance, index) order. */
function after(dist: Float32Array, index: Int32Array, a: number, b: number): boolean {
  return dist[a] > dist[b] || (dist[a] === dist[b] && index[a] > index[b]);
}

/** Swaps heap entries a and b. */
function swapEntries(dist: Float32Array, index: Int32Array, a: number, b: number): void {
  const d = dist[a];
  const x = index[a];
  dist[a] = dist[b];
  index[a] = index[b];
  dist[b] = d;
  index[b] = x;
}

function siftDown(dist: Float32Array, index: Int32Array, i: number, size: number): void {
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) return;
    const r = l + 1;
    const c = r < size && after(dist, index, r, l) ? r : l;
    if (!after(dist, index, c, i)) return;
    swapEntries(dist, index, i, c);
    i = c;
  }
}

/** Offers `(d, p)` to a heap of at most `k` entries holding `size`; returns the new size. */
function heapOffer(dist: Float32Array, index: Int32Array, size: number, k: number, d: number, p: number): number {
  if (size < k) {
    let i = size;
    dist[i] = d;
    index[i] = p;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!after(dist, index, i, parent)) break;
      swapEntries(dist, index, i, parent);
      i = parent;
    }
    return size + 1;
  }
  if (d < dist[0] || (d === dist[0] && p < index[0])) {
    dist[0] = d;
    index[0] = p;
    siftDown(dist, index, 0, size);
  }
  return size;
}

/** Sorts a full heap of `size` entries in place, ascending by (distance, index). */
function heapSortAscending(dist: Float32Array, index: Int32Array, size: number): void {
  for (let end = size - 1; end > 0; end--) {
    swapEntries(dist, index, 0, end);
    siftDown(dist, index, 0, end);
  }
}

/** The `k` nearest of the priors `[start, start + count)` by one scan; leaves them in the heap. */
function scanNearest(
  start: number,
  count: number,
  centers: Float32Array,
  ignored: Uint8Array | null,
  gcx: number,
  gcy: number,
  k: number,
  dist: Float32Array,
  index: Int32Array,
): void {
  let size = 0;
  for (let p = start, end = start + count; p < end; p++) {
    size = heapOffer(dist, index, size, k, centerDistance(centers, ignored, p, gcx, gcy), p);
  }
}

/**
 * The `k` nearest priors of one grid level (`k` < the level's count); leaves them in the heap.
 *
 * All base anchors of a location share (up to float32 rounding) the center `base center +
 * (col * strideX, row * strideY)`. Starting from the location nearest the gt center, the window
 * of visited locations grows by one row or column on each side that may still hold a prior
 * at least as near as the current k-th: the nearest unvisited prior beyond a side is no nearer
 * than that side's bound (the distance along one axis to the next row/column, less a float32
 * slack). The search ends when every side's bound exceeds the k-th distance, so the result
 * equals a scan of the whole level, ties by lower index included.
 */
function gridNearest(
  level: PriorLevel,
  centers: Float32Array,
  ignored: Uint8Array | null,
  gcx: number,
  gcy: number,
  k: number,
  dist: Float32Array,
  index: Int32Array,
): void {
  const width = level.featWidth;
  const height = level.featHeight;
  const sx = level.strideX;
  const sy = level.strideY;
  const base = level.baseAnchors;
  let bxLo = Infinity;
  let bxHi = -Infinity;
  let byLo = Infinity;
  let byHi = -Infinity;
  for (let b = 0; b < base.length; b += 4) {
    const bx = (base[b] + base[b + 2]) / 2;
    const by = (base[b + 1] + base[b + 3]) / 2;
    if (bx < bxLo) bxLo = bx;
    if (bx > bxHi) bxHi = bx;
    if (by < byLo) byLo = by;
    if (by > byHi) byHi = by;
  }
  // Float32 rounding of the stored centers and of the distances, relative to the magnitudes involved.
  const magnitude = Math.abs(gcx) + Math.abs(gcy) + Math.max(Math.abs(bxLo), Math.abs(bxHi)) + Math.max(Math.abs(byLo), Math.abs(byHi)) + width * sx + height * sy;
  const slack = magnitude * 2 ** -18;
  // Ignored priors have distance 1e8 wherever they are: no bound can exceed it.
  const cap = ignored !== null ? IGNORED_DISTANCE : Infinity;

  const col0 = clampIndex(Math.round((gcx - (bxLo + bxHi) / 2) / sx), width);
  const row0 = clampIndex(Math.round((gcy - (byLo + byHi) / 2) / sy), height);
  let colLo = col0;
  let colHi = col0;
  let rowLo = row0;
  let rowHi = row0;
  let size = visitRow(level, centers, ignored, gcx, gcy, k, dist, index, 0, row0, col0, col0);
  for (;;) {
    const full = size >= k;
    const kth = full ? dist[0] : Infinity;
    const growLeft = colLo > 0 && (!full || Math.min(Math.max(0, gcx - (bxHi + (colLo - 1) * sx)) - slack, cap) <= kth);
    const growRight = colHi < width - 1 && (!full || Math.min(Math.max(0, bxLo + (colHi + 1) * sx - gcx) - slack, cap) <= kth);
    const growUp = rowLo > 0 && (!full || Math.min(Math.max(0, gcy - (byHi + (rowLo - 1) * sy)) - slack, cap) <= kth);
    const growDown = rowHi < height - 1 && (!full || Math.min(Math.max(0, byLo + (rowHi + 1) * sy - gcy) - slack, cap) <= kth);
    if (!growLeft && !growRight && !growUp && !growDown) return;
    const newColLo = growLeft ? colLo - 1 : colLo;
    const newColHi = growRight ? colHi + 1 : colHi;
    if (growUp) size = visitRow(level, centers, ignored, gcx, gcy, k, dist, index, size, rowLo - 1, newColLo, newColHi);
    if (growDown) size = visitRow(level, centers, ignored, gcx, gcy, k, dist, index, size, rowHi + 1, newColLo, newColHi);
    for (let row = rowLo; row <= rowHi; row++) {
      if (growLeft) size = visitRow(level, centers, ignored, gcx, gcy, k, dist, index, size, row, newColLo, newColLo);
      if (growRight) size = visitRow(level, centers, ignored, gcx, gcy, k, dist, index, size, row, newColHi, newColHi);
    }
    colLo = newColLo;
    colHi = newColHi;
    if (growUp) rowLo--;
    if (growDown) rowHi++;
  }
}

function clampIndex(value: number, length: number): number {
  return value < 0 ? 0 : value > length - 1 ? length - 1 : value;
}

/** Offers every prior of the locations `(row, colLo..colHi)` to the heap; returns its size. */
function visitRow(
  level: PriorLevel,
  centers: Float32Array,
  ignored: Uint8Array | null,
  gcx: number,
  gcy: number,
  k: number,
  dist: Float32Array,
  index: Int32Array,
  size: number,
  row: number,
  colLo: number,
  colHi: number,
): number {
  const numBase = level.numBasePriors;
  const first = level.start + (row * level.featWidth + colLo) * numBase;
  const last = level.start + (row * level.featWidth + colHi + 1) * numBase;
  for (let p = first; p < last; p++) size = heapOffer(dist, index, size, k, centerDistance(centers, ignored, p, gcx, gcy), p);
  return size;
}

// ---- float32 arithmetic as the reference's torch ops perform it ----

/** `torch.sigmoid` on a float32 logit. */
function sigmoid(x: number): number {
  return f(1 / f(1 + f(Math.exp(-x))));
}

/** `tensor ** exponent` for a Python float exponent (torch's special cases 0, 1, 0.5 first). */
function powLikeTorch(x: number, exponent: number): number {
  if (exponent === 0) return 1;
  if (exponent === 1) return x;
  if (exponent === 0.5) return f(Math.sqrt(x));
  return f(Math.pow(x, f(exponent)));
}

/**
 * Sum of one column of the `[n, numCols]` candidate matrix, in the order PyTorch's CPU sum
 * kernel adds it (float32 accumulators; 8 float lanes). Which order a column gets depends on
 * its index and on the number of columns: a cascade over all rows for the columns handled in
 * groups of 4 (4 vectors when numCols >= 8), four interleaved partial sums for the rest, and a
 * lane-wise vector sum for a single column of >= 8 rows. Only the last bits differ between
 * orders, but a threshold is compared with `>=`.
 */
function columnSumLikeTorch(values: Float32Array, n: number, column: number, numColumns: number): number {
  if (numColumns === 1) return n >= SIMD_LANES ? vectorInnerSum(values, n) : interleavedSum(values, 0, 1, n);
  const group = numColumns >= SIMD_LANES ? 4 * SIMD_LANES : 4;
  const cascaded = Math.floor(numColumns / group) * group;
  return column < cascaded ? cascadeSum(values, 0, 1, n) : interleavedSum(values, 0, 1, n);
}

/** `ceil(log2(x))` with 1 for x <= 2, as c10's CeilLog2. */
function ceilLog2(x: number): number {
  return x <= 2 ? 1 : Math.ceil(Math.log2(x));
}

/** torch's `multi_row_sum` for one lane: `count` values `values[start + i * stride]`. */
function cascadeSum(values: Float32Array, start: number, stride: number, count: number): number {
  const levelPower = Math.max(4, Math.floor(ceilLog2(count) / 4));
  const step = 2 ** levelPower;
  const mask = step - 1;
  let acc0 = 0;
  let acc1 = 0;
  let acc2 = 0;
  let acc3 = 0;
  let i = 0;
  while (i + step <= count) {
    for (let j = 0; j < step; j++, i++) acc0 = f(acc0 + values[start + i * stride]);
    acc1 = f(acc1 + acc0);
    acc0 = 0;
    if ((i & (mask << levelPower)) !== 0) continue;
    acc2 = f(acc2 + acc1);
    acc1 = 0;
    if ((i & (mask << (2 * levelPower))) !== 0) continue;
    acc3 = f(acc3 + acc2);
    acc2 = 0;
  }
  for (; i < count; i++) acc0 = f(acc0 + values[start + i * stride]);
  acc0 = f(acc0 + acc1);
  acc0 = f(acc0 + acc2);
  return f(acc0 + acc3);
}

/** torch's `row_sum`: four interleaved cascades, the tail into the first, then combined. */
function interleavedSum(values: Float32Array, start: number, stride: number, count: number): number {
  const rows = Math.floor(count / 4);
  let p0 = cascadeSum(values, start, 4 * stride, rows);
  const p1 = cascadeSum(values, start + stride, 4 * stride, rows);
  const p2 = cascadeSum(values, start + 2 * stride, 4 * stride, rows);
  const p3 = cascadeSum(values, start + 3 * stride, 4 * stride, rows);
  for (let i = rows * 4; i < count; i++) p0 = f(p0 + values[start + i * stride]);
  p0 = f(p0 + p1);
  p0 = f(p0 + p2);
  return f(p0 + p3);
}

/** torch's `vectorized_inner_sum` for one contiguous row of `n >= 8` floats. */
function vectorInnerSum(values: Float32Array, n: number): number {
  const vectors = Math.floor(n / SIMD_LANES);
  let total = 0;
  for (let i = vectors * SIMD_LANES; i < n; i++) total = f(total + values[i]);
  for (let lane = 0; lane < SIMD_LANES; lane++) total = f(total + interleavedSum(values, lane, SIMD_LANES, vectors));
  return total;
}

/** Unbiased std of `n` float32 values as torch's Welford reduction (double accumulators). */
function welfordStd(values: Float32Array, n: number): number {
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    const delta = x - mean;
    mean += delta / (i + 1);
    m2 += delta * (x - mean);
  }
  return f(Math.sqrt(m2 / (n > 1 ? n - 1 : 0)));
}

/** Unbiased std as torch's all-reduce path (one column): two passes in double around the float32 mean. */
function twoPassStd(values: Float32Array, n: number, mean: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    sum += d * d;
  }
  return f(Math.sqrt(sum / Math.max(0, n - 1)));
}
