/**
 * YOLOv3 grid assignment (Redmon & Farhadi, "YOLOv3: An Incremental Improvement", 2018), as
 * mmdetection 3.x trains `YOLOV3Head`: the grid cell holding a ground truth's center is
 * "responsible" for it on every level, `GridAssigner` runs a MaxIoU-style assignment whose
 * positives must lie in a responsible cell, and the head turns the result into its dense target
 * map `[tx, ty, tw, th, objectness, one-hot class]` (YOLO box coder) and negative map.
 *
 * Sparse: only the priors that overlap a ground truth (found from the prior grid) get an IoU;
 * every other prior has IoU 0 with every box, which is all the reference's dense matrix says
 * about it.
 */
import { invalidArgument } from '../errors.js';
import { encodeYOLOUnchecked } from '../geometry/coders/yolo.js';
import { boxArea } from '../geometry/float32.js';
import { iouOfPair } from '../geometry/overlaps.js';
import { priorFinder } from '../geometry/priors/candidates.js';
import type { PriorSet } from '../geometry/priors/prior-set.js';
import { responsibleFlags } from '../geometry/priors/yolo-anchor-generator.js';
import { apiNames, checkArrayLength, checkBoolean, checkKnownKeys, checkNumber, checkObject, checkUnitInterval, optionNamesArgument, type OptionNames } from '../validate.js';
import { IGNORED, NEGATIVE, POSITIVE, type AssignInput, type AssignResult } from './assign-result.js';
import { applyIgnoreCoverage, checkIgnoreCoverageThreshold } from './ignore-regions.js';
import { freezeResult, resolveAssignInput, type AssignerInputs, type ResolvedAssignInput } from './inputs.js';

const fround = Math.fround;
const FN = 'assignYoloV3Grid';
/** `bbox_overlaps`' eps, float32. */
const IOU_EPS = fround(1e-6);
/** `YOLOBBoxCoder`'s default eps. */
const CODER_EPS = 1e-6;

/** Options of {@link assignYoloV3Grid}; mmdetection names in brackets. */
export interface YoloV3GridOptions {
  /** [pos_iou_thr] A responsible prior whose best IoU is > this (strict) is positive. In [0, 1]; default 0.5 (the YOLOv3 configs' value). */
  readonly positiveIouThreshold?: number;
  /**
   * [neg_iou_thr] A number `t`: priors whose best IoU over all ground truths (responsible or
   * not) is in `[0, t]` (inclusive) are negative. A pair `[lo, hi]`: best IoU in `(lo, hi]`.
   * Values in [0, 1], `lo <= hi`; default 0.5. Priors neither negative nor positive are ignored.
   */
  readonly negativeIouThreshold?: number | readonly [number, number];
  /** [min_pos_iou] A ground truth claims its best responsible priors only when that IoU is > this (strict). In [0, 1]; default 0. */
  readonly minPositiveIou?: number;
  /** [gt_max_assign_all] Claim every responsible prior tied at the ground truth's best IoU (true, default) or only the first (false). */
  readonly gtMaxAssignAll?: boolean;
  /** [num_classes] Number of classes, an integer >= 1 (required): the width of the one-hot part of `targetMap`. */
  readonly numClasses: number;
  /** [one_hot_smoother] Label smoothing `s` in [0, 1]: class targets are `y * (1 - s) + s / numClasses`. Default 0. */
  readonly oneHotSmoother?: number;
  /**
   * The toolkit's ignore rule (`GridAssigner` has none): a prior that is not positive is ignored
   * when an ignore box covers more than this fraction of it (IoF > threshold). In [0, 1];
   * default 0.5; only used when `input.ignoreBoxes` is given.
   */
  readonly ignoreCoverageThreshold?: number;
}

/** {@link YoloV3GridOptions}, checked and completed, as {@link resolveYoloV3GridOptions} returns it. */
export interface ResolvedYoloV3GridOptions {
  readonly positiveIouThreshold: number;
  readonly negativeIouThreshold: number | readonly [number, number];
  readonly minPositiveIou: number;
  readonly gtMaxAssignAll: boolean;
  readonly numClasses: number;
  readonly oneHotSmoother: number;
  readonly ignoreCoverageThreshold: number;
}

/** What {@link assignYoloV3Grid} returns: an assignment plus the YOLOv3 head's targets. */
export interface YoloV3Result extends AssignResult {
  /**
   * `[numPriors]`: the IoU of each responsible prior with its best ground truth (0 when it
   * overlaps none), and -1 for every prior that is not responsible (the reference masks them
   * before taking the max). All 0 when there are no ground truths.
   */
  readonly maxOverlap: Float32Array;
  /** `[numPriors]` 0/1: the responsible flags the assignment used. */
  readonly responsibleFlags: Uint8Array;
  /**
   * `[numPriors * (5 + numClasses)]`, row per prior: for positives `[tx, ty, tw, th, 1,
   * class scores]` (YOLO box coder with the prior's level stride; class scores one-hot,
   * smoothed by `oneHotSmoother`); all zeros for every other prior.
   */
  readonly targetMap: Float32Array;
  /** `[numPriors]` 0/1: 1 where the prior is negative (`label == 0`). */
  readonly negMap: Uint8Array;
}

/** What {@link assignYoloV3Grid} takes: a grid anchor `PriorSet` (responsible cells and strides come from its grid). */
export const YOLOV3_GRID_INPUTS: AssignerInputs = Object.freeze({ priors: 'grid-anchors' });

const KEYS = [
  'positiveIouThreshold',
  'negativeIouThreshold',
  'minPositiveIou',
  'gtMaxAssignAll',
  'numClasses',
  'oneHotSmoother',
  'ignoreCoverageThreshold',
] as const;


/**
 * Checks {@link YoloV3GridOptions} once and fills the defaults.
 * @returns a frozen {@link ResolvedYoloV3GridOptions}.
 * @throws {LabelAssignError} on an unknown key; a threshold, `minPositiveIou` or
 *   `oneHotSmoother` outside [0, 1]; a `negativeIouThreshold` pair that is not two numbers
 *   `lo <= hi` in [0, 1]; a non-boolean `gtMaxAssignAll`; `numClasses` missing or not an
 *   integer >= 1.
 * @param names the words of the errors: the API's (default, `options.numClasses`), or a
 *   config's (`assigner.pos_iou_thr`).
 * @example
 * resolveYoloV3GridOptions({ numClasses: 80 }).negativeIouThreshold; // 0.5
 */
export function resolveYoloV3GridOptions(options: YoloV3GridOptions, namesArgument: OptionNames | string = apiNames(FN, 'options.')): ResolvedYoloV3GridOptions {
  const names = optionNamesArgument('resolveYoloV3GridOptions', namesArgument, (name) => apiNames(name, 'options.'), FN);
  const at = (key: string): string => names.option(key);
  const o = checkObject(names, names.section, options);
  checkKnownKeys(names, names.section, o, KEYS);
  let negativeIouThreshold: number | readonly [number, number] = 0.5;
  const neg = o.negativeIouThreshold;
  if (Array.isArray(neg)) {
    if (neg.length !== 2) throw invalidArgument(names, at('negativeIouThreshold'), 'a number or a pair [lo, hi]', neg);
    const lo = checkUnitInterval(names, `${at('negativeIouThreshold')}[0]`, neg[0]);
    const hi = checkUnitInterval(names, `${at('negativeIouThreshold')}[1]`, neg[1]);
    if (lo > hi) throw invalidArgument(names, `${at('negativeIouThreshold')}[1]`, `>= ${names.mention('negativeIouThreshold')}[0] (${lo})`, hi);
    negativeIouThreshold = Object.freeze([lo, hi] as const);
  } else if (neg !== undefined) {
    negativeIouThreshold = checkUnitInterval(names, at('negativeIouThreshold'), neg);
  }
  return Object.freeze({
    positiveIouThreshold: checkUnitInterval(names, at('positiveIouThreshold'), o.positiveIouThreshold, 0.5),
    negativeIouThreshold,
    minPositiveIou: checkUnitInterval(names, at('minPositiveIou'), o.minPositiveIou, 0),
    gtMaxAssignAll: checkBoolean(names, at('gtMaxAssignAll'), o.gtMaxAssignAll, true),
    numClasses: checkNumber(names, at('numClasses'), o.numClasses, { min: 1, integer: true, limit: { max: 2 ** 31 - 1, why: 'class ids are int32' } }),
    oneHotSmoother: checkUnitInterval(names, at('oneHotSmoother'), o.oneHotSmoother, 0),
    ignoreCoverageThreshold: checkIgnoreCoverageThreshold(names, at('ignoreCoverageThreshold'), o.ignoreCoverageThreshold),
  });
}

/**
 * Assigns anchors to ground truths as mmdetection's `GridAssigner` does inside `YOLOV3Head`,
 * and builds the head's targets.
 *
 * Steps (the order matters; `IoU` is float32 `bbox_overlaps`, thresholds are compared as
 * float32):
 * 1. Responsible flags: on every level, all base anchors of the cell `floor(center / stride)`
 *    of each ground truth (`responsibleFlags`; a center outside a level's grid flags nothing
 *    on that level, where the reference would wrap to another cell).
 * 2. Negatives: every prior whose best IoU over all ground truths (responsible or not; 0 when
 *    it overlaps none) passes `negativeIouThreshold`. Every other prior starts ignored.
 * 3. Positives: a responsible prior whose best IoU is > `positiveIouThreshold` goes to its best
 *    ground truth (the lowest index among ties).
 * 4. For each ground truth in index order whose best IoU `m` over responsible priors is >
 *    `minPositiveIou`: every responsible prior with IoU exactly `m` (`gtMaxAssignAll`), or the
 *    first one, becomes positive for it, overriding earlier assignments. Responsible cells are
 *    shared: a ground truth can claim a prior in another box's responsible cell.
 * 5. Ignore regions (toolkit rule, see `ignoreCoverageThreshold`): non-positives covered by an
 *    ignore box become ignored.
 * 6. Targets: `targetMap` rows and `negMap` from the final labels.
 *
 * What is guaranteed: positives are responsible; negatives have best IoU within the negative
 * range; a ground truth `i` with `m > minPositiveIou` has all its responsible priors at IoU `m`
 * (or the first of them) positive, assigned to `i` unless a later ground truth claims the same
 * prior in step 4. Hence, when no two ground truths share a best prior, each such ground truth
 * has at least one positive; with `gtMaxAssignAll: false` and `positiveIouThreshold: 1` (step 3
 * never fires) it has exactly one.
 *
 * Edge cases: no ground truths: all negative, `maxOverlap` 0, `negMap` all 1; no priors: empty
 * arrays. A zero-width or zero-height ground truth overlaps nothing and claims no prior.
 *
 * Cost: one grid query per ground truth and IoUs only for the priors it returns (the responsible
 * ones among them are kept for step 4), plus O(numPriors) passes and the
 * `[numPriors * (5 + numClasses)]` target map.
 *
 * @param input `priors` must be an anchor `PriorSet` (e.g. `yoloAnchorGenerator(...).gridPriors(...)`)
 *   with square strides (the YOLO coder uses one stride per level); `gtLabels` must be < `numClasses`.
 * @throws {LabelAssignError} on invalid options (see {@link resolveYoloV3GridOptions}), plain-box
 *   or point priors, a level with strideX != strideY, malformed boxes or labels, a label >= `numClasses`,
 *   a target map `[numPriors * (5 + numClasses)]` beyond the toolkit's array limit.
 * @example
 * const set = yoloAnchorGenerator({
 *   strides: [32, 16, 8],
 *   baseSizes: [[[116, 90], [156, 198], [373, 326]], [[30, 61], [62, 45], [59, 119]], [[10, 13], [16, 30], [33, 23]]],
 * }).gridPriors([[4, 5], [8, 10], [16, 20]]); // a 128 x 160 image
 * const r = assignYoloV3Grid({ priors: set, gtBoxes: [[40.25, 30.5, 100.75, 90.5]], gtLabels: [4] }, { numClasses: 20 });
 * r.label[163]; // 1: anchor (62, 45) of cell (row 3, col 4) at stride 16, IoU 0.72
 * r.targetMap.subarray(163 * 25, 163 * 25 + 5); // [0.40625, 0.78125, -0.0245, 0.2877, 1]
 */
export function assignYoloV3Grid(input: AssignInput, options: YoloV3GridOptions): YoloV3Result {
  const o = resolveYoloV3GridOptions(options);
  const resolved = resolveAssignInput(FN, input, YOLOV3_GRID_INPUTS);
  const set = resolved.set as PriorSet;
  const strides = new Float32Array(set.levels.length);
  set.levels.forEach((level, l) => {
    if (level.strideX !== level.strideY) {
      throw invalidArgument(FN, `input.priors.levels[${l}]`, 'a level with square strides (the YOLO coder uses one stride per level)', `strides [${level.strideX}, ${level.strideY}]`);
    }
    strides[l] = level.strideX;
  });
  const flags = responsibleFlags(set, resolved.gtBoxes);
  return assignYoloV3GridResolved(FN, resolved, o, flags, strides, CODER_EPS);
}

/**
 * Kernel of {@link assignYoloV3Grid} with the responsible flags and per-level strides given:
 * the interop layer passes the reference's (index-wrapping) flags, and plain-box priors with
 * `numLevelPriors`, the presets their inputs validated once per image. Checks only the labels
 * against `numClasses`. Priors excluded by `validFlags` are never responsible and come out
 * ignored with `maxOverlap` -1.
 * @internal
 * @param resolved checked inputs; `numLevelPriors` must be known.
 * @param flags `[numPriors]` 0/1.
 * @param levelStrides `[numLevels]` stride of each level, for the YOLO coder.
 * @param coderEps the YOLO coder's eps.
 * @throws {LabelAssignError} on a label >= `numClasses`, unknown level counts or a target map
 *   beyond the toolkit's array limit.
 * @example
 * assignYoloV3GridResolved('eval-cases', resolved, o, flags, Float32Array.of(32, 16, 8), 1e-6);
 */
export function assignYoloV3GridResolved(
  fn: string,
  resolved: ResolvedAssignInput,
  o: ResolvedYoloV3GridOptions,
  flags: Uint8Array,
  levelStrides: ArrayLike<number>,
  coderEps: number,
): YoloV3Result {
  const { priors, numPriors, gtBoxes, numGts, gtLabels, numLevelPriors } = resolved;
  const numClasses = o.numClasses;
  for (let i = 0; i < numGts; i++) {
    if (gtLabels[i] >= numClasses) throw invalidArgument(fn, `input.gtLabels[${i}]`, `a class id < numClasses (${numClasses})`, gtLabels[i]);
  }
  if (numLevelPriors === null) throw invalidArgument(fn, 'input.numLevelPriors', 'known (pass a PriorSet)');
  checkArrayLength(fn, 'options.numClasses', numPriors * (5 + numClasses), 'target map values (numPriors * (5 + numClasses))');
  const gtIndex = new Int32Array(numPriors).fill(-1);
  const label = new Int8Array(numPriors).fill(-1);
  const gtLabel = new Int32Array(numPriors).fill(-1);
  const maxOverlap = new Float32Array(numPriors);
  const width = 5 + numClasses;
  const targetMap = new Float32Array(numPriors * width);
  const negMap = new Uint8Array(numPriors);

  const valid = resolved.validFlags;
  if (numGts === 0 || numPriors === 0) {
    if (numGts === 0) label.fill(NEGATIVE);
  } else {
    // An excluded prior is never responsible: it can be claimed by no gt.
    let usable = flags;
    if (valid !== null) {
      usable = flags.slice();
      for (let p = 0; p < numPriors; p++) usable[p] &= valid[p];
    }
    assignKernel(resolved, o, usable, gtIndex, label, maxOverlap);
  }
  for (let p = 0; valid !== null && p < numPriors; p++) {
    if (valid[p] === 1) continue;
    label[p] = IGNORED;
    maxOverlap[p] = -1;
  }
  for (let p = 0; p < numPriors; p++) if (label[p] === POSITIVE) gtLabel[p] = gtLabels[gtIndex[p]];
  applyIgnoreCoverage(priors, false, resolved.ignoreBoxes, o.ignoreCoverageThreshold, label, gtIndex, gtLabel);
  for (let p = 0; p < numPriors; p++) if (label[p] === NEGATIVE) negMap[p] = 1;
  writeTargets(priors, gtBoxes, label, gtIndex, gtLabels, numLevelPriors, levelStrides, coderEps, o, targetMap);
  return freezeResult({ numGts, gtIndex, label, gtLabel, maxOverlap, responsibleFlags: flags, targetMap, negMap });
}

/** Steps 2-4 of {@link assignYoloV3Grid} for numGts > 0 and numPriors > 0; writes gtIndex, label, maxOverlap. */
function assignKernel(
  resolved: ResolvedAssignInput,
  o: ResolvedYoloV3GridOptions,
  flags: Uint8Array,
  gtIndex: Int32Array,
  label: Int8Array,
  maxOverlap: Float32Array,
): void {
  const { priors, numPriors, gtBoxes, numGts } = resolved;
  const finder = priorFinder(priors, resolved.set);
  const found = new Int32Array(numPriors);
  // Best IoU over all gts (unmasked, for negatives) and over gts for responsible priors (masked).
  const maxAll = new Float32Array(numPriors);
  const argResp = new Int32Array(numPriors);
  for (let p = 0; p < numPriors; p++) maxOverlap[p] = flags[p] ? 0 : -1;
  // Per gt: best IoU over responsible priors and the first prior reaching it.
  const gtMax = new Float32Array(numGts).fill(-1);
  const gtArg = new Int32Array(numGts);
  // The responsible priors each gt overlaps, with their IoUs: gt i's are [hitStart[i], hitStart[i + 1]).
  // Few (a handful of cells per gt), kept so that step 4 needs no second grid query.
  const hitStart = new Int32Array(numGts + 1);
  let hits: Hits = { prior: new Int32Array(64), iou: new Float32Array(64) };
  let numHits = 0;

  for (let i = 0; i < numGts; i++) {
    const g = i * 4;
    const gtArea = boxArea(gtBoxes, g);
    const n = finder.find(gtBoxes[g], gtBoxes[g + 1], gtBoxes[g + 2], gtBoxes[g + 3], found);
    let best = -1;
    let bestPrior = 0;
    for (let k = 0; k < n; k++) {
      const p = found[k];
      const q = p * 4;
      const iou = iouOfPair(gtBoxes, g, gtArea, priors, q, boxArea(priors, q), IOU_EPS);
      if (iou > maxAll[p]) maxAll[p] = iou;
      if (flags[p] === 0) continue;
      if (numHits === hits.prior.length) hits = grow(hits);
      hits.prior[numHits] = p;
      hits.iou[numHits++] = iou;
      // Strict '>': ties keep the lower gt index (per prior) and the lower prior index (per gt).
      if (iou > maxOverlap[p]) {
        maxOverlap[p] = iou;
        argResp[p] = i;
      }
      if (iou > best) {
        best = iou;
        bestPrior = p;
      }
    }
    gtMax[i] = best;
    gtArg[i] = bestPrior;
    hitStart[i + 1] = numHits;
  }

  // Step 2: negatives from the unmasked best IoU (0 for priors touching no gt).
  const neg = o.negativeIouThreshold;
  if (typeof neg === 'number') {
    const hi = fround(neg);
    for (let p = 0; p < numPriors; p++) if (maxAll[p] <= hi) label[p] = NEGATIVE;
  } else {
    const lo = fround(neg[0]);
    const hi = fround(neg[1]);
    for (let p = 0; p < numPriors; p++) {
      const m = maxAll[p];
      if (m > lo && m <= hi) label[p] = NEGATIVE;
    }
  }
  // Step 3: responsible priors above the positive threshold.
  const pos = fround(o.positiveIouThreshold);
  for (let p = 0; p < numPriors; p++) {
    if (flags[p] !== 0 && maxOverlap[p] > pos) {
      label[p] = POSITIVE;
      gtIndex[p] = argResp[p];
    }
  }
  // Step 4: each gt claims its best responsible priors, later gts overriding earlier ones.
  // m > minPositiveIou >= 0, so those priors overlap the gt: they are among its hits.
  const minPos = fround(o.minPositiveIou);
  for (let i = 0; i < numGts; i++) {
    const m = gtMax[i];
    if (!(m > minPos)) continue;
    if (!o.gtMaxAssignAll) {
      label[gtArg[i]] = POSITIVE;
      gtIndex[gtArg[i]] = i;
      continue;
    }
    for (let h = hitStart[i]; h < hitStart[i + 1]; h++) {
      if (hits.iou[h] !== m) continue;
      const p = hits.prior[h];
      label[p] = POSITIVE;
      gtIndex[p] = i;
    }
  }
}

interface Hits {
  readonly prior: Int32Array;
  readonly iou: Float32Array;
}

/** Doubles the hit buffers (amortised: O(log hits) allocations per call). */
function grow(hits: Hits): Hits {
  const prior = new Int32Array(hits.prior.length * 2);
  const iou = new Float32Array(hits.iou.length * 2);
  prior.set(hits.prior);
  iou.set(hits.iou);
  return { prior, iou };
}

/** Fills the `targetMap` rows of the positives: YOLO-encoded box, objectness 1, smoothed one-hot. */
function writeTargets(
  priors: Float32Array,
  gtBoxes: Float32Array,
  label: Int8Array,
  gtIndex: Int32Array,
  gtLabels: Int32Array,
  numLevelPriors: Int32Array,
  levelStrides: ArrayLike<number>,
  coderEps: number,
  o: ResolvedYoloV3GridOptions,
  targetMap: Float32Array,
): void {
  const numPriors = label.length;
  let count = 0;
  for (let p = 0; p < numPriors; p++) if (label[p] === POSITIVE) count++;
  if (count === 0) return;
  const anchors = new Float32Array(count * 4);
  const targets = new Float32Array(count * 4);
  const stride = new Float32Array(count);
  const rows = new Int32Array(count);
  let level = 0;
  let levelEnd = numLevelPriors.length > 0 ? numLevelPriors[0] : 0;
  for (let p = 0, j = 0; p < numPriors; p++) {
    while (p >= levelEnd && level + 1 < numLevelPriors.length) levelEnd += numLevelPriors[++level];
    if (label[p] !== POSITIVE) continue;
    anchors.set(priors.subarray(p * 4, p * 4 + 4), j * 4);
    const g = gtIndex[p] * 4;
    targets.set(gtBoxes.subarray(g, g + 4), j * 4);
    stride[j] = levelStrides[level];
    rows[j++] = p;
  }
  const encoded = encodeYOLOUnchecked(anchors, targets, { stride, eps: coderEps }, new Float32Array(count * 4));
  const numClasses = o.numClasses;
  const width = 5 + numClasses;
  const s = o.oneHotSmoother;
  // torch: one_hot * (1 - s) + s / numClasses, the Python scalars cast to float32.
  const off = s === 0 ? 0 : fround(s / numClasses);
  const on = s === 0 ? 1 : fround(fround(1 - s) + off);
  for (let j = 0; j < count; j++) {
    const row = rows[j] * width;
    targetMap.set(encoded.subarray(j * 4, j * 4 + 4), row);
    targetMap[row + 4] = 1;
    if (off !== 0) targetMap.fill(off, row + 5, row + width);
    targetMap[row + 5 + gtLabels[gtIndex[rows[j]]]] = on;
  }
}
