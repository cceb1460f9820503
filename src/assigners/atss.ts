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
import { boxArea, boxCenters, columnSumLikeTorch, powLikeTorch, sigmoidFloat32, twoPassStd, welfordStd } from '../geometry/float32.js';
import { iouOfPair } from '../geometry/overlaps.js';
import { priorFinder } from '../geometry/priors/candidates.js';
import { NearestPriorSearch } from '../geometry/priors/nearest.js';
import { apiNames, checkKnownKeys, checkNumber, checkObject, optionNamesArgument, type BoxesInput, type NumberArrayLike, type OptionNames } from '../validate.js';
import { IGNORED, POSITIVE, type AssignInput, type AssignResult } from './assign-result.js';
import { checkIgnoreIofThreshold, findIgnoredByIof } from './ignore-regions.js';
import { allNegative, excludeInvalidPriors, freezeResult, rejectUnused, resolveAssignInput, type AssignerInputs, type ResolvedAssignInput } from './inputs.js';

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

const OPTION_KEYS = ['topK', 'alpha', 'ignoreIofThreshold'] as const;

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
export function resolveAtssOptions(options: AtssOptions = {}, namesArgument: OptionNames | string = apiNames(FN)): ResolvedAtssOptions {
  const names = optionNamesArgument('resolveAtssOptions', namesArgument, (name) => apiNames(name), FN);
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

/**
 * What {@link assignAtss} takes: box priors per pyramid level, and DDOD's predictions (only with
 * `options.alpha`).
 */
export const ATSS_INPUTS: AssignerInputs = Object.freeze({ priors: 'boxes', levels: true, extra: Object.freeze(['predScores', 'predBoxes']) });

/** Checks what only cost-based ATSS takes: predictions exactly when `alpha` is set. */
function checkPredictions(input: ResolvedAssignInput, alpha: number | null): void {
  if (alpha === null) {
    rejectUnused(FN, 'input.predScores', input.predScores, 'absent unless options.alpha is set (cost-based ATSS)');
    rejectUnused(FN, 'input.predBoxes', input.predBoxes, 'absent unless options.alpha is set (cost-based ATSS)');
    return;
  }
  if (input.predBoxes === null) throw invalidArgument(FN, 'input.predBoxes', 'given when options.alpha is set: predicted boxes [numPriors * 4]');
  if (input.predScores === null) throw invalidArgument(FN, 'input.predScores', 'given when options.alpha is set: logits [numPriors * numClasses]');
}

/**
 * Assigns each prior to at most one ground truth by Adaptive Training Sample Selection
 * (mmdetection `ATSSAssigner.assign`).
 *
 * Steps, per ground truth g (float32 throughout, as the reference):
 * 1. Center distance of each prior to g: `sqrt(dx² + dy²)` between `((x1 + x2) / 2, (y1 + y2) / 2)`
 *    centers. Ignore rule (when `ignoreIofThreshold > 0` and ignore boxes are given): priors with
 *    IoF(prior, some ignore box) > threshold get distance 1e8 and label -1. Priors excluded by
 *    `validFlags` are never candidates (the reference's `anchors[inside_flags]` with
 *    `num_level_anchors_inside`) and come out ignored.
 * 2. On each level, the `min(topK, valid priors on the level)` priors with the smallest distance are
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
  const resolved = resolveAssignInput(FN, input, ATSS_INPUTS);
  checkPredictions(resolved, resolvedOptions.alpha);
  return assignAtssResolved(resolved, resolvedOptions);
}

function emptyResult(numPriors: number, numGts: number, validFlags: Uint8Array | null): AtssResult {
  const result = { ...allNegative(numPriors, numGts), overlapThreshold: new Float32Array(numGts).fill(NaN) };
  excludeInvalidPriors(validFlags, result.label, result.gtIndex, result.gtLabel, result.maxOverlap, 0);
  return freezeResult(result);
}

/**
 * ATSS on checked inputs (see {@link assignAtss}); `numLevelPriors` must be known, and the
 * predictions given exactly when `options.alpha` is set.
 * @internal for the presets, which validate once per image.
 */
export function assignAtssResolved(input: ResolvedAssignInput, options: ResolvedAtssOptions): AtssResult {
  const { numPriors, numGts, priors, gtBoxes, gtLabels, validFlags } = input;
  if (numGts === 0 || numPriors === 0) return emptyResult(numPriors, numGts, validFlags);
  const { alpha } = options;
  const centers = boxCenters(priors);
  const ignored = findIgnoredByIof(priors, () => priorFinder(priors, input.set), input.ignoreBoxes, options.ignoreIofThreshold);
  const search = nearestSearch(input, centers, ignored, options);
  const candidates = new Int32Array(search.maxCandidates);
  const candidateOverlaps = new Float32Array(search.maxCandidates);

  const gtIndex = new Int32Array(numPriors).fill(-1);
  const maxOverlap = new Float32Array(numPriors).fill(ATSS_NOT_POSITIVE_OVERLAP);
  const overlapThreshold = new Float32Array(numGts);
  const predBoxes = input.predBoxes as Float32Array;
  const predScores = input.predScores as Float32Array;
  const numClasses = input.numClasses;
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
    const gtArea = boxArea(gtBoxes, go);

    // Steps 1-2: the nearest priors of each level, sorted by (distance, index), concatenated.
    const n = search.gather(gcx, gcy, candidates, 0);

    // Step 3: overlaps of the candidates only.
    for (let c = 0; c < n; c++) {
      const p = candidates[c];
      const o = p * 4;
      if (alpha === null) {
        candidateOverlaps[c] = iouOfPair(priors, o, boxArea(priors, o), gtBoxes, go, gtArea, EPS);
      } else {
        const iou = iouOfPair(predBoxes, o, boxArea(predBoxes, o), gtBoxes, go, gtArea, EPS);
        const score = sigmoidFloat32(predScores[p * numClasses + gtLabels[g]]);
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
    } else if ((ignored !== null && ignored[p] === 1) || (validFlags !== null && validFlags[p] === 0)) {
      label[p] = IGNORED;
    }
  }
  return freezeResult({ numGts, gtIndex, label, gtLabel, maxOverlap, overlapThreshold });
}

/** The candidate search of one assignment: `topK` per level, invalid priors excluded, ignored ones far. */
function nearestSearch(input: ResolvedAssignInput, centers: Float32Array, ignored: Uint8Array | null, options: ResolvedAtssOptions): NearestPriorSearch {
  return new NearestPriorSearch(centers, input.set, input.numLevelPriors as Int32Array, { k: options.topK, valid: input.validFlags, far: ignored, farDistance: IGNORED_DISTANCE });
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
  const resolved = resolveAssignInput(FN, input, ATSS_INPUTS);
  checkPredictions(resolved, resolvedOptions.alpha);
  const { numGts, numPriors, gtBoxes, priors } = resolved;
  const offsets = new Int32Array(numGts + 1);
  if (numPriors === 0) return { offsets, indices: new Int32Array(0) };
  const ignored = findIgnoredByIof(priors, () => priorFinder(priors, resolved.set), resolved.ignoreBoxes, resolvedOptions.ignoreIofThreshold);
  const search = nearestSearch(resolved, boxCenters(priors), ignored, resolvedOptions);
  const indices = new Int32Array(search.maxCandidates * numGts);
  let n = 0;
  for (let g = 0; g < numGts; g++) {
    const o = g * 4;
    const gcx = f(gtBoxes[o] + gtBoxes[o + 2]) / 2;
    const gcy = f(gtBoxes[o + 1] + gtBoxes[o + 3]) / 2;
    n += search.gather(gcx, gcy, indices, n);
    offsets[g + 1] = n;
  }
  return { offsets, indices };
}
