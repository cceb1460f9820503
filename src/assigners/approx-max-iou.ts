/**
 * ApproxMaxIoU assignment: MaxIoU for Guided Anchoring's "squares", where the IoU of a square
 * with a ground truth is the best IoU of the A approximate anchors (several scales and ratios)
 * that stand for the square's unknown anchor shape.
 *
 * From "Region Proposal by Guided Anchoring" (Wang et al., CVPR 2019). Port of mmdetection
 * 3.x `ApproxMaxIoUAssigner.assign`; the decision rules are MaxIoU's own, shared with
 * `max-iou.ts` (never duplicated here), and just as exact in float32 and ties.
 */
import { invalidArgument } from '../errors.js';
import { boxAreasInto, iouOfPair } from '../geometry/overlaps.js';
import { priorFinder, type PriorFinder } from '../geometry/priors/candidates.js';
import { checkPriorSet, type PriorSet } from '../geometry/priors/prior-set.js';
import { apiNames, checkNumber, optionNamesArgument, toBoxes, type OptionNames } from '../validate.js';
import type { AssignInput, PriorsInput } from './assign-result.js';
import { isPriorSet, resolveAssignInput, type AssignerInputs, type ResolvedAssignInput } from './inputs.js';
import {
  createSparseMaxIoU,
  emptyMaxIoUResult,
  finishMaxIoU,
  priorsTakenOut,
  recordGtOverlaps,
  resolveMaxIoUOptionsFor,
  type MaxIoUOptions,
  type MaxIoUResult,
  type ResolvedMaxIoUOptions,
} from './max-iou.js';

/** `bbox_overlaps`' default eps (float32). */
const EPS = Math.fround(1e-6);
const FN = 'assignApproxMaxIoU';

/** The inputs of {@link assignApproxMaxIoU}: the squares are `priors`; their approxs come beside them. */
export interface ApproxAssignInput extends AssignInput {
  /**
   * The squares (Guided Anchoring's one square anchor per location): a `PriorSet` of kind
   * `anchors` or boxes `[numSquares * 4]`. Ignore regions are measured against these.
   */
  readonly priors: PriorsInput;
  /**
   * The approximate anchors, square-major: approxs `[i * A, (i + 1) * A)` belong to square i,
   * `[numSquares * A * 4]` boxes, or a `PriorSet` of kind `anchors` laid out that way (an
   * approx generator with A base anchors per location over the same feature maps as the
   * squares' generator with one); a `PriorSet` lets the search use its grid.
   */
  readonly approxs: PriorsInput;
  /** A, the number of approxs per square (the reference's `approxs.size(1)`); a positive integer. */
  readonly approxsPerSquare: number;
}

/**
 * What {@link assignApproxMaxIoU} takes: the squares as box priors, plus `approxs` and
 * `approxsPerSquare`. `validFlags` and `ignoreBoxes` apply to the squares.
 */
export const APPROX_MAX_IOU_INPUTS: AssignerInputs = Object.freeze({ priors: 'boxes', extra: Object.freeze(['approxs', 'approxsPerSquare']) });

/** Options of {@link assignApproxMaxIoU}: exactly MaxIoU's (mmdetection `ApproxMaxIoUAssigner` takes the same keys). */
export type ApproxMaxIoUOptions = MaxIoUOptions;

/** {@link ApproxMaxIoUOptions} checked, defaults filled in. */
export type ResolvedApproxMaxIoUOptions = ResolvedMaxIoUOptions;

/** An ApproxMaxIoU assignment; `maxOverlap` / `gtMaxOverlap` hold the approx-max IoUs. */
export type ApproxMaxIoUResult = MaxIoUResult;

/** Checked approxs of an {@link ApproxAssignInput}. @internal */
export interface ResolvedApproxs {
  /** `[numSquares * perSquare * 4]`, square-major. */
  readonly boxes: Float32Array;
  /** The approxs' prior set, or null for plain boxes. */
  readonly set: PriorSet | null;
  /** A: approxs per square. */
  readonly perSquare: number;
}

/**
 * Checks {@link ApproxMaxIoUOptions} and fills in the defaults (as {@link resolveMaxIoUOptions}).
 * @throws {LabelAssignError} as {@link resolveMaxIoUOptions}, naming `assignApproxMaxIoU`.
 * @param names the words of the errors: the API's (default) or a config's.
 * @example
 * resolveApproxMaxIoUOptions({ positiveIouThreshold: 0.5, negativeIouThreshold: 0.4, minPositiveIou: 0.4 }).ignoreIofThreshold; // -1
 */
export function resolveApproxMaxIoUOptions(options: ApproxMaxIoUOptions, names: OptionNames | string = apiNames(FN)): ResolvedApproxMaxIoUOptions {
  return resolveMaxIoUOptionsFor(optionNamesArgument('resolveApproxMaxIoUOptions', names, (name) => apiNames(name), FN), options);
}

function resolveApproxInput(input: ApproxAssignInput): { squares: ResolvedAssignInput; approxs: ResolvedApproxs } {
  const squares = resolveAssignInput(FN, input, APPROX_MAX_IOU_INPUTS);
  const { approxs, approxsPerSquare } = squares.extra;
  if (approxsPerSquare === undefined) throw invalidArgument(FN, 'input.approxsPerSquare', 'given (a positive integer: approxs per square)');
  const perSquare = checkNumber(FN, 'input.approxsPerSquare', approxsPerSquare, { min: 1, integer: true });
  if (approxs === undefined) throw invalidArgument(FN, 'input.approxs', `given ([numSquares * ${perSquare} * 4] boxes, square-major)`);
  let set: PriorSet | null = null;
  let boxes: Float32Array;
  if (isPriorSet(approxs)) {
    checkPriorSet(FN, 'input.approxs', approxs);
    if (approxs.kind !== 'anchors') throw invalidArgument(FN, 'input.approxs', "a prior set of kind 'anchors'", `a set of kind '${approxs.kind}'`);
    set = approxs;
    boxes = approxs.priors;
  } else {
    boxes = toBoxes(FN, 'input.approxs', approxs);
  }
  const expected = squares.numPriors * perSquare;
  if (boxes.length !== expected * 4) {
    throw invalidArgument(
      FN,
      'input.approxs',
      `numSquares * approxsPerSquare = ${squares.numPriors} * ${perSquare} = ${expected} boxes`,
      `${boxes.length / 4} boxes`,
    );
  }
  return { squares, approxs: { boxes, set, perSquare } };
}

/**
 * ApproxMaxIoU on checked inputs, without validation: the kernel behind
 * {@link assignApproxMaxIoU}. Inverted boxes are computed as the reference computes them.
 * @param input the squares as priors, with gts, labels and ignore boxes.
 * @param approxs the approxs, `boxes.length === numSquares * perSquare * 4` (not checked).
 * @internal for the interop layer.
 */
export function assignApproxMaxIoUResolved(input: ResolvedAssignInput, approxs: ResolvedApproxs, options: ResolvedMaxIoUOptions): ApproxMaxIoUResult {
  const { numPriors: numSquares, gtBoxes, numGts, gtLabels, ignoreBoxes, validFlags } = input;
  if (numGts === 0 || numSquares === 0) return emptyMaxIoUResult(numSquares, numGts, validFlags);
  // Ignore IoF is measured against the squares; their index is built only if the rule runs.
  let squareFinder: PriorFinder | null = null;
  const out = priorsTakenOut(input.priors, () => (squareFinder ??= priorFinder(input.priors, input.set)), ignoreBoxes, options, validFlags);
  const state = createSparseMaxIoU(numSquares, numGts, out, options);

  const perSquare = approxs.perSquare;
  const approxBoxes = approxs.boxes;
  const numApproxs = approxBoxes.length >> 2;
  const approxFinder = priorFinder(approxBoxes, approxs.set);
  const approxAreas = boxAreasInto(approxBoxes);
  const gtAreas = boxAreasInto(gtBoxes);
  const found = new Int32Array(numApproxs);
  const squares = new Int32Array(numSquares);
  const ious = new Float32Array(numSquares);
  for (let g = 0; g < numGts; g++) {
    const o = g << 2;
    const n = approxFinder.find(gtBoxes[o], gtBoxes[o + 1], gtBoxes[o + 2], gtBoxes[o + 3], found);
    // The found approxs are ascending, so each square's approxs are consecutive: the square's
    // IoU is the max over them (its other approxs have IoU 0).
    let m = 0;
    let square = -1;
    let best = 0;
    for (let k = 0; k < n; k++) {
      const a = found[k];
      const s = Math.floor(a / perSquare);
      // bbox_overlaps(approxs, gts): the approx is boxes1.
      const iou = iouOfPair(approxBoxes, a << 2, approxAreas[a], gtBoxes, o, gtAreas[g], EPS);
      if (s !== square) {
        if (square >= 0) {
          squares[m] = square;
          ious[m++] = best;
        }
        square = s;
        best = iou;
      } else if (iou > best) {
        best = iou;
      }
    }
    if (square >= 0) {
      squares[m] = square;
      ious[m++] = best;
    }
    recordGtOverlaps(state, g, squares, ious, m);
  }
  return finishMaxIoU(state, gtLabels);
}

/**
 * Assigns each square to a ground truth (mmdetection `ApproxMaxIoUAssigner`):
 *
 * 1. The IoU of square i with gt j is the largest IoU of approxs `[i * A, (i + 1) * A)` with
 *    gt j (float32, as `bbox_overlaps`).
 * 2. Ignore rule (only when `ignoreIofThreshold > 0` and ignore boxes are given): IoF of the
 *    ignore boxes with the **squares** (not the approxs); squares above the threshold get -1.
 * 3. Then exactly the MaxIoU rules on these overlaps: negatives, positives, low-quality
 *    matches, with the same ties and the same quirk for gts whose best IoU is 0 (see
 *    {@link assignMaxIoU}).
 *
 * Cost: O(numSquares + numGts + candidates) time and O(numSquares * A + numGts) memory, where
 * candidates are the intersecting (gt, approx) pairs, found from the approxs' grid when they
 * are a `PriorSet` or from an R-tree otherwise; no gts x approxs matrix is built.
 *
 * @param input squares as `priors` (`[numSquares * 4]` or a `PriorSet`), `approxs`
 *   (`[numSquares * A * 4]` square-major, or a `PriorSet`), `approxsPerSquare` (A), `gtBoxes`
 *   `[numGts * 4]`, optional `gtLabels` `[numGts]` and `ignoreBoxes` `[numIgnore * 4]`.
 * @param options see {@link MaxIoUOptions}.
 * @returns per square `gtIndex`, `label`, `gtLabel`, `maxOverlap` `[numSquares]`, and
 *   `gtMaxOverlap` `[numGts]`. No gts: all negative. No squares: empty arrays.
 * @throws {LabelAssignError} on bad options, bad boxes or labels, `approxsPerSquare` not a
 *   positive integer, or approxs not `numSquares * approxsPerSquare` boxes.
 * @example
 * const result = assignApproxMaxIoU(
 *   {
 *     priors: [[0, 0, 20, 20], [20, 0, 40, 20]],
 *     approxs: [[0, 5, 20, 15], [5, 0, 15, 20], [20, 5, 40, 15], [25, 0, 35, 20]],
 *     approxsPerSquare: 2,
 *     gtBoxes: [[5, 0, 15, 20]],
 *   },
 *   { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4 },
 * );
 * result.label; // Int8Array [1, 0]: approx 1 of square 0 equals the gt
 * result.maxOverlap; // Float32Array [1, 0]
 */
export function assignApproxMaxIoU(input: ApproxAssignInput, options: ApproxMaxIoUOptions): ApproxMaxIoUResult {
  const resolvedOptions = resolveApproxMaxIoUOptions(options);
  const { squares, approxs } = resolveApproxInput(input);
  return assignApproxMaxIoUResolved(squares, approxs, resolvedOptions);
}
