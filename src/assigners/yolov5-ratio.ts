/**
 * YOLOv5-style shape matching (Ultralytics YOLOv5, 2020; no paper): a ground truth matches an
 * anchor shape when their width and height ratios are both within a factor `anchorT`, whatever
 * their IoU; it is then assigned to that anchor in the grid cell holding its center and in up to
 * two neighbouring cells (the nearer one horizontally and the nearer one vertically), which
 * triples the positives of YOLOv3's one-cell rule.
 *
 * Written from that description alone (no reference code): the rules for ties, borders and
 * conflicts are this toolkit's and are stated on {@link assignYoloV5Ratio}.
 */
import type { PriorSet } from '../geometry/priors/prior-set.js';
import { boxArea } from '../geometry/float32.js';
import { iouOfPair } from '../geometry/overlaps.js';
import { apiNames, checkKnownKeys, checkNumber, checkObject, optionNamesArgument, type OptionNames } from '../validate.js';
import { NEGATIVE, POSITIVE, type AssignInput, type AssignResult } from './assign-result.js';
import { applyIgnoreCoverage, checkIgnoreCoverageThreshold } from './ignore-regions.js';
import { excludeInvalidPriors, freezeResult, resolveAssignInput, type AssignerInputs, type ResolvedAssignInput } from './inputs.js';

const fround = Math.fround;
const FN = 'assignYoloV5Ratio';
const IOU_EPS = fround(1e-6);

/** Options of {@link assignYoloV5Ratio}. */
export interface YoloV5RatioOptions {
  /** Shape-ratio limit, > 1: a gt matches an anchor when `max(w/wa, wa/w, h/ha, ha/h) < anchorT`. Default 4. */
  readonly anchorT?: number;
  /**
   * In [0, 0.5], default 0.5: the left neighbour cell is used when the fractional part of the
   * center's column coordinate `cx / stride` is < this, the right one when it is > 1 - this
   * (likewise above / below). 0 disables the neighbours.
   */
  readonly neighborOffset?: number;
  /**
   * The toolkit's ignore rule: a prior that is not positive is ignored when an ignore box covers
   * more than this fraction of it (IoF > threshold). In [0, 1]; default 0.5; only used when
   * `input.ignoreBoxes` is given.
   */
  readonly ignoreCoverageThreshold?: number;
}

/** {@link YoloV5RatioOptions}, checked and completed. */
export interface ResolvedYoloV5RatioOptions {
  readonly anchorT: number;
  readonly neighborOffset: number;
  readonly ignoreCoverageThreshold: number;
}

/**
 * The result of {@link assignYoloV5Ratio}. `maxOverlap` is the IoU (float32, as
 * `bbox_overlaps`) of each positive prior with its assigned ground truth, 0 for every other
 * prior; it is informative only (IoU plays no part in the matching).
 */
export type YoloV5RatioResult = AssignResult;

/** What {@link assignYoloV5Ratio} takes: a grid anchor `PriorSet` (cells and anchor shapes come from its grid). */
export const YOLOV5_RATIO_INPUTS: AssignerInputs = Object.freeze({ priors: 'grid-anchors' });

const KEYS = ['anchorT', 'neighborOffset', 'ignoreCoverageThreshold'] as const;

/**
 * Checks {@link YoloV5RatioOptions} once and fills the defaults.
 * @returns a frozen {@link ResolvedYoloV5RatioOptions}.
 * @throws {LabelAssignError} on an unknown key, `anchorT` not a number > 1, `neighborOffset`
 *   outside [0, 0.5], `ignoreCoverageThreshold` outside [0, 1].
 * @param names the words of the errors: the API's (default, `options.anchorT`), or a config's (`assigner.anchor_t`).
 * @example
 * resolveYoloV5RatioOptions({}); // { anchorT: 4, neighborOffset: 0.5, ignoreCoverageThreshold: 0.5 }
 */
export function resolveYoloV5RatioOptions(options: YoloV5RatioOptions = {}, namesArgument: OptionNames | string = apiNames(FN, 'options.')): ResolvedYoloV5RatioOptions {
  const names = optionNamesArgument('resolveYoloV5RatioOptions', namesArgument, (name) => apiNames(name, 'options.'), FN);
  const o = checkObject(names, names.section, options);
  checkKnownKeys(names, names.section, o, KEYS);
  return Object.freeze({
    anchorT: o.anchorT === undefined ? 4 : checkNumber(names, names.option('anchorT'), o.anchorT, { min: 1, exclusiveMin: true, float32: true }),
    neighborOffset: o.neighborOffset === undefined ? 0.5 : checkNumber(names, names.option('neighborOffset'), o.neighborOffset, { min: 0, max: 0.5 }),
    ignoreCoverageThreshold: checkIgnoreCoverageThreshold(names, names.option('ignoreCoverageThreshold'), o.ignoreCoverageThreshold),
  });
}

/**
 * YOLOv5-style matching on a grid anchor set. For ground truth `i` with float32 size `w = x2 - x1`,
 * `h = y2 - y1` and center `cx = (x1 + x2) * 0.5`, `cy = (y1 + y2) * 0.5`:
 *
 * 1. On every level, for every base anchor `k` of size `(wa, ha)` (from the level's base
 *    anchors): the anchor matches when `r = max(w / wa, wa / w, h / ha, ha / h) < anchorT`
 *    (ratios in float32). A zero-width or zero-height ground truth matches nothing (r = inf).
 * 2. Center cell: `col = floor(cx / strideX)`, `row = floor(cy / strideY)`, `fx`, `fy` the
 *    fractional parts. A center outside the level's grid (col or row < 0 or >= the feature map
 *    size) matches nothing on that level.
 * 3. Neighbours (`g = neighborOffset`): the left cell when `fx < g` and `col > 0`, else the right
 *    cell when `fx > 1 - g` and `col < featW - 1`; likewise above / below with `fy`. At exactly
 *    `fx = 0.5` (with g = 0.5) neither side is used; at the image border the missing neighbour is
 *    simply dropped (never replaced by the other side); the diagonal cell is never used. So at
 *    most 3 cells per matching anchor, always including the center cell.
 * 4. Each matched (cell, anchor k) prior becomes positive for `i`. When several ground truths
 *    claim the same prior, the smaller ratio `r` wins; equal ratios go to the lower index.
 * 5. Every other prior is negative; then the toolkit ignore rule (`ignoreCoverageThreshold`) turns
 *    non-positives covered by an ignore box into ignored.
 *
 * Edge cases: no ground truths: all negative; no priors: empty arrays.
 * Cost: O(numGts x numLevels x numBasePriors) matching, O(numPriors) output passes.
 *
 * @param input `priors` must be an anchor `PriorSet` (from `yoloAnchorGenerator` or any grid
 *   anchor generator); plain boxes have no grid and are rejected.
 * @returns a {@link YoloV5RatioResult}.
 * @throws {LabelAssignError} on invalid options (see {@link resolveYoloV5RatioOptions}), plain-box
 *   or point priors, malformed boxes or labels.
 * @example
 * // anchors (10,13), (16,30), (33,23) at stride 8 on an 8 x 8 grid; gt 12 x 20 centered at (20.3, 44.8)
 * const set = yoloAnchorGenerator({ strides: [8], baseSizes: [[[10, 13], [16, 30], [33, 23]]] }).gridPriors([[8, 8]]);
 * const r = assignYoloV5Ratio({ priors: set, gtBoxes: [[14.3, 34.8, 26.3, 54.8]] }, { anchorT: 2 });
 * // positives: anchors 0 and 1 of cells (5, 2), (5, 3), (6, 2): priors 126, 127, 129, 130, 150, 151
 */
export function assignYoloV5Ratio(input: AssignInput, options: YoloV5RatioOptions = {}): YoloV5RatioResult {
  const o = resolveYoloV5RatioOptions(options);
  return assignYoloV5RatioResolved(resolveAssignInput(FN, input, YOLOV5_RATIO_INPUTS), o);
}

/**
 * YOLOv5 matching on checked inputs (see {@link assignYoloV5Ratio}); `resolved.set` must be a grid anchor set.
 * @internal for the presets, which validate once per image.
 */
export function assignYoloV5RatioResolved(resolved: ResolvedAssignInput, o: ResolvedYoloV5RatioOptions): YoloV5RatioResult {
  const set = resolved.set as PriorSet;
  const { priors, numPriors, gtBoxes, numGts, gtLabels } = resolved;
  const gtIndex = new Int32Array(numPriors).fill(-1);
  const label = new Int8Array(numPriors).fill(NEGATIVE);
  const gtLabel = new Int32Array(numPriors).fill(-1);
  const maxOverlap = new Float32Array(numPriors);
  // Ratio of the current owner of each positive prior (read only where label is POSITIVE).
  const ownerRatio = new Float32Array(numPriors);
  const anchorT = o.anchorT;
  const g = o.neighborOffset;

  for (const level of set.levels) {
    if (level.count === 0) continue;
    const featW = level.featWidth;
    const featH = level.featHeight;
    const numBase = level.numBasePriors;
    const base = level.baseAnchors;
    const sx = fround(level.strideX);
    const sy = fround(level.strideY);
    for (let i = 0; i < numGts; i++) {
      const b = i * 4;
      const w = fround(gtBoxes[b + 2] - gtBoxes[b]);
      const h = fround(gtBoxes[b + 3] - gtBoxes[b + 1]);
      const tx = fround(fround(fround(gtBoxes[b] + gtBoxes[b + 2]) * 0.5) / sx);
      const ty = fround(fround(fround(gtBoxes[b + 1] + gtBoxes[b + 3]) * 0.5) / sy);
      const col = Math.floor(tx);
      const row = Math.floor(ty);
      if (!(col >= 0 && col < featW && row >= 0 && row < featH)) continue;
      const fx = tx - col; // exact: the fractional part of a float32
      const fy = ty - row;
      const dCol = fx < g && col > 0 ? -1 : fx > 1 - g && col < featW - 1 ? 1 : 0;
      const dRow = fy < g && row > 0 ? -1 : fy > 1 - g && row < featH - 1 ? 1 : 0;
      const center = level.start + (row * featW + col) * numBase;
      const side = dCol === 0 ? -1 : center + dCol * numBase;
      const vertical = dRow === 0 ? -1 : center + dRow * featW * numBase;
      for (let k = 0; k < numBase; k++) {
        const wa = fround(base[k * 4 + 2] - base[k * 4]);
        const ha = fround(base[k * 4 + 3] - base[k * 4 + 1]);
        const rw = Math.max(fround(w / wa), fround(wa / w));
        const rh = Math.max(fround(h / ha), fround(ha / h));
        const r = Math.max(rw, rh); // NaN (a zero-size anchor and gt) never matches
        if (!(r < anchorT)) continue;
        claim(center + k, i, r, label, gtIndex, ownerRatio);
        if (side >= 0) claim(side + k, i, r, label, gtIndex, ownerRatio);
        if (vertical >= 0) claim(vertical + k, i, r, label, gtIndex, ownerRatio);
      }
    }
  }

  for (let p = 0; p < numPriors; p++) {
    if (label[p] !== POSITIVE) continue;
    const i = gtIndex[p];
    gtLabel[p] = gtLabels[i];
    const gb = i * 4;
    const q = p * 4;
    maxOverlap[p] = iouOfPair(gtBoxes, gb, boxArea(gtBoxes, gb), priors, q, boxArea(priors, q), IOU_EPS);
  }
  // Each prior's owner is decided on its own, so excluding a prior afterwards is exact.
  excludeInvalidPriors(resolved.validFlags, label, gtIndex, gtLabel, maxOverlap, 0);
  applyIgnoreCoverage(priors, false, resolved.ignoreBoxes, o.ignoreCoverageThreshold, label, gtIndex, gtLabel);
  return freezeResult({ numGts, gtIndex, label, gtLabel, maxOverlap });
}

/** Gives prior `p` to gt `i` unless its current owner has a smaller or equal ratio (gts arrive in index order per level). */
function claim(p: number, i: number, r: number, label: Int8Array, gtIndex: Int32Array, ownerRatio: Float32Array): void {
  if (label[p] === POSITIVE && !(r < ownerRatio[p])) return;
  label[p] = POSITIVE;
  gtIndex[p] = i;
  ownerRatio[p] = r;
}
