/**
 * MaxIoU assignment: each prior takes the ground truth it overlaps most, positive above one
 * IoU threshold, negative below another, ignored in between; then every ground truth claims
 * its best prior(s) ("low-quality matches") so that no object goes unmatched.
 *
 * From Faster R-CNN (Ren et al., NeurIPS 2015), used by the RPN and R-CNN stages, RetinaNet
 * (Lin et al., ICCV 2017) and SSD (Liu et al., ECCV 2016). Port of mmdetection 3.x
 * `MaxIoUAssigner.assign` / `assign_wrt_overlaps`, exact in float32 and in its ties.
 *
 * The reference builds the dense gts x priors IoU matrix. Here the matrix is never built: for
 * each gt only the priors that intersect it are visited (grid arithmetic for a `PriorSet`, an
 * R-tree for plain boxes); every other pair has IoU exactly 0, and the reference's answers for
 * all-zero rows and columns (argmax 0, "every prior is the max") are reproduced from that fact.
 * The decision half ({@link createSparseMaxIoU}, {@link recordGtOverlaps},
 * {@link finishMaxIoU}) is shared with the ApproxMaxIoU assigner.
 */
import { invalidArgument } from '../errors.js';
import { boxAreasInto, iouOfPair } from '../geometry/overlaps.js';
import { priorFinder, type PriorFinder } from '../geometry/priors/candidates.js';
import { apiNames, checkBoolean, checkKnownKeys, checkObject, checkUnitInterval, namesOf, optionNamesArgument, type OptionNames } from '../validate.js';
import { IGNORED, NEGATIVE, POSITIVE, type AssignInput, type AssignResult } from './assign-result.js';
import { checkIgnoreIofThreshold, findIgnoredByIof } from './ignore-regions.js';
import { allNegative, freezeResult, resolveAssignInput, type AssignerInputs, type ResolvedAssignInput } from './inputs.js';

const fround = Math.fround;
/** `bbox_overlaps`' default eps (float32). */
const EPS = fround(1e-6);

/** Options of {@link assignMaxIoU}; mmdetection's names are given in brackets. */
export interface MaxIoUOptions {
  /** [pos_iou_thr] A prior whose best IoU is `>=` this is positive. Required, in [0, 1]. */
  readonly positiveIouThreshold: number;
  /**
   * [neg_iou_thr] A number `t`: a prior whose best IoU is in `[0, t)` is negative. A pair
   * `[lo, hi]` (the reference's tuple form): best IoU in `[lo, hi)` is negative, and priors
   * below `lo` stay ignored. Required; values in [0, 1], `lo <= hi`.
   */
  readonly negativeIouThreshold: number | readonly [number, number];
  /** [min_pos_iou] A gt makes low-quality matches only when its best IoU is `>=` this. Default 0, in [0, 1]. */
  readonly minPositiveIou?: number;
  /**
   * [gt_max_assign_all] Low-quality matching gives a gt every prior tied at its best IoU
   * (default true), or only the first such prior (false).
   */
  readonly gtMaxAssignAll?: boolean;
  /** [match_low_quality] Run the low-quality matching step (default true; R-CNN stages turn it off). */
  readonly matchLowQuality?: boolean;
  /**
   * [ignore_iof_thr] The reference's ignore rule: priors whose IoF with some ignore box is `>`
   * this are ignored. A number `<= 1`; any value `<= 0` turns the rule off, as in the reference.
   * Default -1 (off).
   */
  readonly ignoreIofThreshold?: number;
  /**
   * [ignore_wrt_candidates] The IoF is the intersection over the prior's area (default true),
   * or over the ignore box's area (false).
   */
  readonly ignoreWrtCandidates?: boolean;
}

/** {@link MaxIoUOptions} checked, with every default filled in. */
export interface ResolvedMaxIoUOptions {
  readonly positiveIouThreshold: number;
  readonly negativeIouThreshold: number | readonly [number, number];
  readonly minPositiveIou: number;
  readonly gtMaxAssignAll: boolean;
  readonly matchLowQuality: boolean;
  readonly ignoreIofThreshold: number;
  readonly ignoreWrtCandidates: boolean;
}

/** MaxIoU's input: the shared one (`validFlags` there is mmdetection's `inside_flags`). */
export type MaxIoUAssignInput = AssignInput;

/** What {@link assignMaxIoU} takes: box priors, as a `PriorSet` or plain boxes; nothing else. */
export const MAX_IOU_INPUTS: AssignerInputs = Object.freeze({ priors: 'boxes' });

/** A MaxIoU assignment: the shared result plus each gt's best overlap. */
export interface MaxIoUResult extends AssignResult {
  /**
   * `[numPriors]` (inherited): each prior's largest IoU over the gts, the reference's
   * `max_overlaps`; -1 for priors removed by the ignore rule; all 0 when there are no gts.
   */
  readonly maxOverlap: Float32Array;
  /**
   * `[numGts]`: each gt's largest IoU over the priors that are not ignored (the reference's
   * `gt_max_overlaps`); -1 when every prior is ignored, 0 when there are no priors.
   */
  readonly gtMaxOverlap: Float32Array;
}

const FN = 'assignMaxIoU';
const KNOWN_KEYS = [
  'positiveIouThreshold',
  'negativeIouThreshold',
  'minPositiveIou',
  'gtMaxAssignAll',
  'matchLowQuality',
  'ignoreIofThreshold',
  'ignoreWrtCandidates',
] as const;

/**
 * Checks MaxIoU options, with the errors in `names` (a function name: its API names).
 * @internal shared with the ApproxMaxIoU assigner.
 */
export function resolveMaxIoUOptionsFor(names: OptionNames | string, options: MaxIoUOptions): ResolvedMaxIoUOptions {
  const n = namesOf(names);
  const at = (key: string): string => n.option(key);
  const record = checkObject(n, n.section, options);
  checkKnownKeys(n, n.section, record, KNOWN_KEYS);
  if (record.positiveIouThreshold === undefined) {
    throw invalidArgument(n, at('positiveIouThreshold'), 'given (a number in [0, 1]; mmdetection pos_iou_thr)');
  }
  const positiveIouThreshold = checkUnitInterval(n, at('positiveIouThreshold'), record.positiveIouThreshold);
  const neg = record.negativeIouThreshold;
  let negativeIouThreshold: number | readonly [number, number];
  if (neg === undefined) {
    throw invalidArgument(n, at('negativeIouThreshold'), 'given (a number in [0, 1] or a [lo, hi] pair; mmdetection neg_iou_thr)');
  } else if (Array.isArray(neg) || ArrayBuffer.isView(neg)) {
    const pair = neg as ArrayLike<unknown>;
    if (pair.length !== 2) throw invalidArgument(n, at('negativeIouThreshold'), 'a number or a [lo, hi] pair of 2 numbers', neg);
    const lo = checkUnitInterval(n, `${at('negativeIouThreshold')}[0]`, pair[0]);
    const hi = checkUnitInterval(n, `${at('negativeIouThreshold')}[1]`, pair[1]);
    if (lo > hi) throw invalidArgument(n, at('negativeIouThreshold'), `a [lo, hi] pair with lo <= hi (lo is ${lo})`, hi);
    negativeIouThreshold = Object.freeze([lo, hi] as const);
  } else {
    negativeIouThreshold = checkUnitInterval(n, at('negativeIouThreshold'), neg);
  }
  return Object.freeze({
    positiveIouThreshold,
    negativeIouThreshold,
    minPositiveIou: checkUnitInterval(n, at('minPositiveIou'), record.minPositiveIou, 0),
    gtMaxAssignAll: checkBoolean(n, at('gtMaxAssignAll'), record.gtMaxAssignAll, true),
    matchLowQuality: checkBoolean(n, at('matchLowQuality'), record.matchLowQuality, true),
    ignoreIofThreshold: checkIgnoreIofThreshold(n, at('ignoreIofThreshold'), record.ignoreIofThreshold),
    ignoreWrtCandidates: checkBoolean(n, at('ignoreWrtCandidates'), record.ignoreWrtCandidates, true),
  });
}

/**
 * Checks {@link MaxIoUOptions} and fills in the defaults (mmdetection's: `minPositiveIou` 0,
 * `gtMaxAssignAll` true, `matchLowQuality` true, `ignoreIofThreshold` -1, `ignoreWrtCandidates` true).
 * @returns a frozen object; a `[lo, hi]` negative threshold is a frozen copy.
 * @throws {LabelAssignError} on an unknown key, a missing `positiveIouThreshold` or
 *   `negativeIouThreshold`, a threshold outside [0, 1] (`ignoreIofThreshold`: above 1), a
 *   negative pair of the wrong length or with `lo > hi`, a non-boolean flag.
 * @param names the words of the errors: the API's (default), or a config's (the presets name
 *   `assigner.pos_iou_thr` under `presetFromConfig`).
 * @example
 * resolveMaxIoUOptions({ positiveIouThreshold: 0.7, negativeIouThreshold: 0.3, minPositiveIou: 0.3 }).gtMaxAssignAll; // true
 */
export function resolveMaxIoUOptions(options: MaxIoUOptions, names: OptionNames | string = apiNames(FN)): ResolvedMaxIoUOptions {
  return resolveMaxIoUOptionsFor(optionNamesArgument('resolveMaxIoUOptions', names, (name) => apiNames(name), FN), options);
}

// ---------------------------------------------------------------------------------------------
// The shared decision half: per-prior / per-gt maxima from sparse overlaps, then the rules.
// ---------------------------------------------------------------------------------------------

/**
 * Running state of a sparse MaxIoU assignment (see {@link recordGtOverlaps}).
 * @internal shared with the ApproxMaxIoU assigner.
 */
export interface SparseMaxIoU {
  readonly numPriors: number;
  readonly numGts: number;
  readonly options: ResolvedMaxIoUOptions;
  /** `[numPriors]` 1 for priors removed by the ignore rule, or null when none are. */
  readonly ignored: Uint8Array | null;
  /** First prior that is not ignored, -1 when every prior is. */
  readonly firstFree: number;
  /** `[numPriors]` running max over gts (`max_overlaps`): 0 to start, -1 for ignored priors. */
  readonly priorMax: Float32Array;
  /** `[numPriors]` first gt reaching `priorMax` (`argmax_overlaps`); 0 for all-zero columns. */
  readonly priorArgmax: Int32Array;
  /** `[numGts]` `gt_max_overlaps`. */
  readonly gtMax: Float32Array;
  /** `[numGts]` `gt_argmax_overlaps`. */
  readonly gtArgmax: Int32Array;
  /**
   * `[numPriors]` the last gt (so far) whose low-quality claim covers the prior, among gts
   * whose best IoU is > 0 (or, without `gtMaxAssignAll`, any qualifying gt); -1 for none.
   */
  readonly lowQualityGt: Int32Array;
  /** With `gtMaxAssignAll`: the last qualifying gt whose best IoU is 0 (it claims every free prior); -1 for none. */
  lastZeroMaxGt: number;
  /** Next gt expected by {@link recordGtOverlaps}. */
  nextGt: number;
}

/**
 * Starts a sparse assignment of `numPriors` priors (`numPriors, numGts > 0`).
 * @param ignored `[numPriors]` 1 for priors whose whole column the reference sets to -1, or null.
 * @internal
 */
export function createSparseMaxIoU(numPriors: number, numGts: number, ignored: Uint8Array | null, options: ResolvedMaxIoUOptions): SparseMaxIoU {
  const priorMax = new Float32Array(numPriors);
  let firstFree = 0;
  if (ignored !== null) {
    firstFree = -1;
    for (let p = 0; p < numPriors; p++) {
      if (ignored[p] !== 0) priorMax[p] = -1;
      else if (firstFree < 0) firstFree = p;
    }
  }
  return {
    numPriors,
    numGts,
    options,
    ignored,
    firstFree,
    priorMax,
    priorArgmax: new Int32Array(numPriors),
    gtMax: new Float32Array(numGts),
    gtArgmax: new Int32Array(numGts),
    lowQualityGt: new Int32Array(numPriors).fill(-1),
    lastZeroMaxGt: -1,
    nextGt: 0,
  };
}

/**
 * Records the overlaps of gt `gt` with the priors. Call once per gt, in increasing gt order
 * (the reference's loops run in that order, and ties depend on it).
 * @param priors `[count]` strictly increasing prior indices: every prior whose overlap with
 *   the gt may be non-zero; the overlap of every prior not listed is exactly 0.
 * @param overlaps `[count]` float32 overlaps (>= 0) of those priors with the gt.
 * @throws {LabelAssignError} when gts are recorded out of order.
 * @internal
 */
export function recordGtOverlaps(state: SparseMaxIoU, gt: number, priors: Int32Array, overlaps: Float32Array, count: number): void {
  if (gt !== state.nextGt) throw invalidArgument('recordGtOverlaps', 'gt', `${state.nextGt} (gts in increasing order)`, gt);
  state.nextGt = gt + 1;
  const { priorMax, priorArgmax, ignored } = state;
  // 1. Per prior: max over gts, first gt wins ties (strict >, gts in order). Per gt: max over
  //    non-ignored priors, first prior wins ties (strict >, priors in order).
  let best = 0;
  let bestPrior = -1;
  for (let k = 0; k < count; k++) {
    const p = priors[k];
    if (ignored !== null && ignored[p] !== 0) continue;
    const v = overlaps[k];
    if (v > priorMax[p]) {
      priorMax[p] = v;
      priorArgmax[p] = gt;
    }
    if (v > best) {
      best = v;
      bestPrior = p;
    }
  }
  // Every unlisted free prior has overlap 0: a row without positive overlap has max 0 at the
  // first free prior, or -1 at prior 0 when every prior is ignored.
  if (bestPrior < 0) {
    state.gtMax[gt] = state.firstFree >= 0 ? 0 : -1;
    state.gtArgmax[gt] = state.firstFree >= 0 ? state.firstFree : 0;
  } else {
    state.gtMax[gt] = best;
    state.gtArgmax[gt] = bestPrior;
  }
  // 2. Low-quality claims, in gt order so later gts overwrite earlier ones.
  const { matchLowQuality, gtMaxAssignAll, minPositiveIou } = state.options;
  const gtMax = state.gtMax[gt];
  if (!matchLowQuality || !(gtMax >= fround(minPositiveIou))) return;
  if (!gtMaxAssignAll) {
    state.lowQualityGt[state.gtArgmax[gt]] = gt;
  } else if (gtMax === 0) {
    // Reference quirk: with best IoU 0, every free prior (all have IoU 0) "equals the max".
    state.lastZeroMaxGt = gt;
  } else {
    const lowQualityGt = state.lowQualityGt;
    for (let k = 0; k < count; k++) {
      const p = priors[k];
      if (overlaps[k] === gtMax && (ignored === null || ignored[p] === 0)) lowQualityGt[p] = gt;
    }
  }
}

/**
 * Applies the MaxIoU rules to the recorded overlaps (after {@link recordGtOverlaps} ran for
 * every gt): negatives, positives, then the low-quality matches.
 * @param gtLabels `[numGts]` class ids.
 * @internal
 */
export function finishMaxIoU(state: SparseMaxIoU, gtLabels: Int32Array): MaxIoUResult {
  const { numPriors, numGts, priorMax, priorArgmax, lowQualityGt, ignored, options } = state;
  if (state.nextGt !== numGts) throw invalidArgument('finishMaxIoU', 'state', `overlaps recorded for all ${numGts} gts`, `${state.nextGt} gts`);
  const neg = options.negativeIouThreshold;
  const negLo = typeof neg === 'number' ? 0 : fround(neg[0]);
  const negHi = fround(typeof neg === 'number' ? neg : neg[1]);
  const pos = fround(options.positiveIouThreshold);
  const lowQuality = options.matchLowQuality;
  const zeroMaxGt = state.lastZeroMaxGt;
  const gtIndex = new Int32Array(numPriors);
  const label = new Int8Array(numPriors);
  const gtLabel = new Int32Array(numPriors);
  for (let p = 0; p < numPriors; p++) {
    const m = priorMax[p];
    // assigned: -1 ignored, 0 negative, g >= 1 gt g - 1 (the reference's gt_inds).
    let assigned = -1;
    if (m >= negLo && m < negHi) assigned = 0;
    if (m >= pos) assigned = priorArgmax[p] + 1;
    if (lowQuality) {
      const g = lowQualityGt[p];
      if (g > zeroMaxGt) assigned = g + 1;
      else if (zeroMaxGt >= 0 && (ignored === null || ignored[p] === 0)) assigned = zeroMaxGt + 1;
    }
    if (assigned > 0) {
      gtIndex[p] = assigned - 1;
      label[p] = POSITIVE;
      gtLabel[p] = gtLabels[assigned - 1];
    } else {
      gtIndex[p] = -1;
      label[p] = assigned === 0 ? NEGATIVE : IGNORED;
      gtLabel[p] = -1;
    }
  }
  return freezeResult({ numGts, gtIndex, label, gtLabel, maxOverlap: priorMax, gtMaxOverlap: state.gtMax });
}

/**
 * The result for no gts (all negative, overlaps 0) or no priors (empty arrays).
 * @internal
 */
export function emptyMaxIoUResult(numPriors: number, numGts: number, validFlags: Uint8Array | null): MaxIoUResult {
  const result = { ...allNegative(numPriors, numGts), gtMaxOverlap: new Float32Array(numPriors === 0 ? numGts : 0) };
  // Excluded priors are not negatives either: they take no part.
  for (let p = 0; validFlags !== null && p < numPriors; p++) {
    if (validFlags[p] === 0) {
      result.label[p] = IGNORED;
      result.maxOverlap[p] = -1;
    }
  }
  return freezeResult(result);
}

/**
 * The priors the reference takes out before it assigns: those the ignore rule marks (their
 * IoF with an ignore box is above `ignoreIofThreshold`) and those `validFlags` excludes. Both
 * get IoU -1 with every gt.
 * @returns `[numPriors]` 1 = out, or null when none is.
 * @internal shared with the ApproxMaxIoU assigner.
 */
export function priorsTakenOut(
  priors: Float32Array,
  finder: () => PriorFinder,
  ignoreBoxes: Float32Array,
  options: ResolvedMaxIoUOptions,
  validFlags: Uint8Array | null,
): Uint8Array | null {
  const ignored = findIgnoredByIof(priors, finder, ignoreBoxes, options.ignoreIofThreshold, options.ignoreWrtCandidates);
  if (validFlags === null) return ignored;
  const out = ignored ?? new Uint8Array(validFlags.length);
  for (let p = 0; p < validFlags.length; p++) if (validFlags[p] === 0) out[p] = 1;
  return out;
}

/**
 * MaxIoU on checked inputs, without validation: the kernel behind {@link assignMaxIoU}. Boxes
 * with x2 < x1 or y2 < y1 are computed as the reference computes them (they overlap nothing).
 * @internal for the presets (inputs validated once per image) and the interop layer (which
 *   replays reference inputs the public API rejects).
 */
export function assignMaxIoUResolved(input: ResolvedAssignInput, options: ResolvedMaxIoUOptions): MaxIoUResult {
  const { priors, numPriors, gtBoxes, numGts, gtLabels, ignoreBoxes, validFlags } = input;
  if (numGts === 0 || numPriors === 0) return emptyMaxIoUResult(numPriors, numGts, validFlags);
  const finder = priorFinder(priors, input.set);
  const out = priorsTakenOut(priors, () => finder, ignoreBoxes, options, validFlags);
  const state = createSparseMaxIoU(numPriors, numGts, out, options);
  const priorAreas = boxAreasInto(priors);
  const gtAreas = boxAreasInto(gtBoxes);
  const found = new Int32Array(numPriors);
  const ious = new Float32Array(numPriors);
  for (let g = 0; g < numGts; g++) {
    const o = g << 2;
    const n = finder.find(gtBoxes[o], gtBoxes[o + 1], gtBoxes[o + 2], gtBoxes[o + 3], found);
    const area = gtAreas[g];
    // bbox_overlaps(gts, priors): the gt is boxes1.
    for (let k = 0; k < n; k++) ious[k] = iouOfPair(gtBoxes, o, area, priors, found[k] << 2, priorAreas[found[k]], EPS);
    recordGtOverlaps(state, g, found, ious, n);
  }
  return finishMaxIoU(state, gtLabels);
}

/**
 * Assigns each prior to a ground truth by IoU (mmdetection `MaxIoUAssigner`), in this order:
 *
 * 1. Ignore rule (only when `ignoreIofThreshold > 0` and ignore boxes are given): every prior
 *    whose largest IoF with an ignore box is `> ignoreIofThreshold` gets IoU -1 with every gt.
 * 2. Per prior, `maxOverlap` = its largest IoU over the gts, first gt on ties.
 * 3. Every prior starts ignored; `maxOverlap` in `[0, t)` (or `[lo, hi)` for a pair) makes it negative.
 * 4. `maxOverlap >= positiveIouThreshold` makes it positive, on its best gt.
 * 5. With `matchLowQuality`, for each gt in order whose best IoU (over non-ignored priors) is
 *    `>= minPositiveIou`: every prior tied at that best IoU (`gtMaxAssignAll`), or the first
 *    one, becomes positive on that gt, overwriting steps 3-4 and earlier gts.
 *
 * All IoUs and comparisons are float32, so ties fall as in the reference.
 *
 * Reference quirk, kept on purpose: a gt whose best IoU is 0 (a degenerate box, or a box that
 * touches no prior) passes `0 >= minPositiveIou` when `minPositiveIou` is 0, and every prior
 * has IoU 0 with it, so every prior "equals its max": with `gtMaxAssignAll` it takes **every**
 * non-ignored prior (later gts then overwrite their own low-quality matches), without it the
 * first non-ignored prior. Use `minPositiveIou > 0` (or filter such gts) to avoid it.
 *
 * Guarantees: a positive has `maxOverlap >= positiveIouThreshold` unless step 5 made it; a
 * negative has `maxOverlap` in the negative range; with `matchLowQuality`, every gt whose best
 * IoU is `>= minPositiveIou` owns a positive at a prior where it attains that IoU, unless later
 * gts (in index order) claimed all those priors in step 5.
 *
 * Cost: O(numPriors + numGts + candidates) time, O(numPriors + numGts) memory, where
 * candidates are the (gt, prior) pairs that intersect, found from the grid of a `PriorSet` or
 * an R-tree over plain boxes; the gts x priors matrix is never built.
 *
 * @param input priors (`PriorSet` of kind `anchors`, or boxes `[numPriors * 4]`), `gtBoxes`
 *   `[numGts * 4]`, optional `gtLabels` `[numGts]`, `ignoreBoxes` `[numIgnore * 4]` and
 *   `validFlags` `[numPriors]` (see {@link MaxIoUAssignInput}).
 * @param options see {@link MaxIoUOptions}.
 * @returns `gtIndex`, `label`, `gtLabel`, `maxOverlap` `[numPriors]` and `gtMaxOverlap`
 *   `[numGts]`. No gts: every prior negative, `maxOverlap` 0. No priors: empty arrays.
 * @throws {LabelAssignError} on bad options (see {@link resolveMaxIoUOptions}) or inputs
 *   (non-finite or inverted boxes, labels not non-negative integers or not one per gt).
 * @example
 * const result = assignMaxIoU(
 *   { priors: [[0, 0, 10, 10], [10, 10, 20, 20]], gtBoxes: [[0, 0, 10, 9]], gtLabels: [3] },
 *   { positiveIouThreshold: 0.5, negativeIouThreshold: 0.5 },
 * );
 * result.label; // Int8Array [1, 0]
 * result.gtLabel; // Int32Array [3, -1]
 * result.maxOverlap; // Float32Array [0.9 (as float32), 0]
 */
export function assignMaxIoU(input: MaxIoUAssignInput, options: MaxIoUOptions): MaxIoUResult {
  const resolvedOptions = resolveMaxIoUOptions(options);
  return assignMaxIoUResolved(resolveAssignInput(FN, input, MAX_IOU_INPUTS), resolvedOptions);
}
