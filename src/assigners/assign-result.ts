/**
 * What every assigner returns, the inputs every assigner takes, and the one check of the
 * contract between them.
 *
 * One result shape for every strategy, so a head can swap MaxIoU for ATSS in one line:
 * per prior, a 0-based ground-truth index (-1 for none), a label from the closed alphabet
 * {1 positive, 0 negative, -1 ignored}, the class of the assigned box and the strategy's
 * overlap measure. The mmdetection convention (1-based `gt_inds`, 0 negative, -1 ignored)
 * lives only in `src/interop`.
 */
import { invalidArgument } from '../errors.js';
import type { PriorSet } from '../geometry/priors/prior-set.js';
import { checkBoolean, checkKnownKeys, checkNumber, checkObject, type BoxesInput } from '../validate.js';

/** Label alphabet of an assignment. */
export const POSITIVE = 1;
export const NEGATIVE = 0;
export const IGNORED = -1;

/**
 * The result of every assigner, frozen when returned (its typed arrays belong to the caller;
 * the toolkit never touches them again).
 *
 * Invariants (checked by {@link checkAssignResult}): the four arrays have one entry per prior;
 * `label` is 1, 0 or -1; a positive has `gtIndex` in `[0, numGts)` and `gtLabel` the class of
 * that ground truth; every other prior has `gtIndex` and `gtLabel` -1.
 *
 * `maxOverlap` is each strategy's own quality measure, with its own sentinels:
 *
 * | strategy | `maxOverlap` of a positive | of a non-positive | excluded by `validFlags` | no ground truths |
 * |---|---|---|---|---|
 * | MaxIoU, ApproxMaxIoU | IoU with its gt (ApproxMaxIoU: best approx's) | its largest IoU over the gts; -1 when the ignore rule took it out | -1 | 0 |
 * | ATSS | overlap with its gt (IoU, or DDOD's cost with `alpha`) | -100000000 (`ATSS_NOT_POSITIVE_OVERLAP`) | -100000000 | 0 |
 * | FCOS | center-ness target of the point | 0 | 0 | 0 |
 * | YOLOv3 grid | IoU with its best gt | responsible: largest IoU over the gts (0 if none); not responsible: -1 | -1 | 0 |
 * | YOLOv5 ratio | IoU with its gt (informative only) | 0 | 0 | 0 |
 * | CenterNet | 1 (heatmap peak) | heatmap value, max over classes | heatmap value | 0 |
 * | GA location | 1 (location target) | 0 | 0 | 0 |
 */
export interface AssignResult {
  /** Number of ground-truth boxes the priors were assigned against. */
  readonly numGts: number;
  /** `[numPriors]`: 0-based index of the assigned ground truth for positives, -1 otherwise. */
  readonly gtIndex: Int32Array;
  /** `[numPriors]`: 1 positive, 0 negative, -1 ignored (excluded from the loss). */
  readonly label: Int8Array;
  /** `[numPriors]`: class id of the assigned ground truth for positives, -1 otherwise. */
  readonly gtLabel: Int32Array;
  /** `[numPriors]`: the strategy's quality measure (see the table above for each strategy's). */
  readonly maxOverlap: Float32Array;
}

/** Priors as assigners take them: a generated prior set (which knows its grid) or plain boxes. */
export type PriorsInput = PriorSet | BoxesInput;

/** The inputs every assigner that takes priors shares. */
export interface AssignInput {
  /**
   * Anchors or proposals: a `PriorSet` from a generator (assigners then find the priors near a
   * box from the grid), or plain boxes `[numPriors * 4]` (searched through a spatial index).
   */
  readonly priors: PriorsInput;
  /** Ground-truth boxes `[numGts * 4]` as `[x1, y1, x2, y2]`. */
  readonly gtBoxes: BoxesInput;
  /** Class id of each ground truth, `[numGts]` non-negative integers. Default: all 0. */
  readonly gtLabels?: ArrayLike<number>;
  /** Regions to ignore (crowds, "difficult" objects), `[numIgnore * 4]`. Default: none. */
  readonly ignoreBoxes?: BoxesInput;
  /**
   * Priors per pyramid level, in order, summing to the number of priors. Needed by level-aware
   * strategies (ATSS, FCOS) when `priors` are plain boxes; derived from a `PriorSet`.
   */
  readonly numLevelPriors?: ArrayLike<number>;
  /**
   * `[numPriors]` 0/1. Priors flagged 0 take no part in the assignment, like the anchors outside
   * mmdetection's `inside_flags` (`allowed_border`) that its heads never pass to the assigner:
   * they claim no ground truth, count in no statistic of the others, and come out ignored
   * (label -1, gtIndex -1). Default: every prior valid.
   */
  readonly validFlags?: ArrayLike<number>;
}

/** What {@link checkAssignResult} may also check. */
export interface AssignResultCheck {
  /** `maxOverlap` must be one non-NaN value per prior. */
  readonly needOverlap?: boolean;
  /** `gtLabel` must be -1 off positives and, when `gtLabels` is given, `gtLabels[gtIndex]` on them. */
  readonly gtLabels?: ArrayLike<number>;
  /** The number of priors the result must have. */
  readonly numPriors?: number;
  /** The number of ground truths the result must have been assigned against. */
  readonly numGts?: number;
}

const CHECK_KEYS = ['needOverlap', 'gtLabels', 'numPriors', 'numGts'] as const;

/**
 * The check's own arguments (it is public: the contract suite, compare and any caller use it):
 * `fn` and `path` strings, `check` a plain object of the known fields. O(1).
 */
function checkCheckArguments(fn: unknown, path: unknown, check: unknown): void {
  const self = 'checkAssignResult';
  if (typeof fn !== 'string' || fn.length === 0) throw invalidArgument(self, 'fn', 'the name of the function the messages name (a non-empty string)', fn);
  if (typeof path !== 'string' || path.length === 0) throw invalidArgument(self, 'path', "what is checked, e.g. 'assign' (a non-empty string)", path);
  const record = checkObject(self, 'check', check);
  checkKnownKeys(self, 'check', record, CHECK_KEYS);
  checkBoolean(self, 'check.needOverlap', record.needOverlap, false);
  if (record.gtLabels !== undefined && !isIntegerArray(record.gtLabels)) throw invalidArgument(self, 'check.gtLabels', 'an array of ground-truth classes', record.gtLabels);
  for (const key of ['numPriors', 'numGts'] as const) {
    if (record[key] !== undefined) checkNumber(self, `check.${key}`, record[key], { min: 0, integer: true });
  }
}

function isIntegerArray(value: unknown): value is ArrayLike<number> {
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) return false;
  return (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) && typeof (value as ArrayLike<number>).length === 'number';
}

/**
 * The assigner contract, checked: `label`, `gtIndex` (and `gtLabel`, `maxOverlap` when present or
 * asked for) have one entry per prior; labels are in {1, 0, -1}; a positive carries a ground
 * truth in `[0, numGts)` (and its class); a non-positive carries -1. The samplers check their
 * input with it, `compare` checks every preset's output with it, and the assigner contract
 * suite checks every strategy with it. Cost: one pass over the priors.
 * @param fn the public function the message names.
 * @param path what is checked, e.g. `assign`.
 * @returns `result`.
 * @throws {LabelAssignError} naming the first offending entry, e.g.
 *   `sampleRandom: assign.gtIndex[7] must be -1 off positives, but was 2`.
 * @example checkAssignResult('samplePseudo', 'assign', assignMaxIoU(input, options));
 */
export function checkAssignResult<R extends AssignResult>(fn: string, path: string, result: R, check: AssignResultCheck = {}): R {
  checkCheckArguments(fn, path, check);
  const record = checkObject(fn, path, result);
  const numGts = record.numGts;
  if (typeof numGts !== 'number' || !Number.isInteger(numGts) || numGts < 0) throw invalidArgument(fn, `${path}.numGts`, 'a non-negative integer', numGts);
  if (check.numGts !== undefined && numGts !== check.numGts) throw invalidArgument(fn, `${path}.numGts`, `${check.numGts} (the ground truths given)`, numGts);
  const label = record.label;
  if (!isIntegerArray(label)) throw invalidArgument(fn, `${path}.label`, 'an Int8Array of labels (1 positive, 0 negative, -1 ignored)', label);
  const n = label.length;
  if (check.numPriors !== undefined && n !== check.numPriors) throw invalidArgument(fn, `${path}.label`, `one label per prior (${check.numPriors})`, `${n} labels`);
  const gtIndex = record.gtIndex;
  if (!isIntegerArray(gtIndex) || gtIndex.length !== n) throw invalidArgument(fn, `${path}.gtIndex`, `an Int32Array of ${n} ground-truth indices (one per prior)`, gtIndex);
  const gtLabel = record.gtLabel;
  const labels = check.gtLabels;
  if (gtLabel !== undefined || labels !== undefined) {
    if (!isIntegerArray(gtLabel) || gtLabel.length !== n) throw invalidArgument(fn, `${path}.gtLabel`, `an Int32Array of ${n} classes (one per prior)`, gtLabel);
  }
  for (let i = 0; i < n; i++) {
    const l = label[i];
    const g = gtIndex[i];
    if (l !== 1 && l !== 0 && l !== -1) throw invalidArgument(fn, `${path}.label[${i}]`, '1, 0 or -1', l);
    if (l === 1) {
      if (!Number.isInteger(g) || g < 0 || g >= numGts) throw invalidArgument(fn, `${path}.gtIndex[${i}]`, `a ground-truth index in [0, ${numGts}) for a positive`, g);
      if (labels !== undefined && (gtLabel as ArrayLike<number>)[i] !== labels[g]) {
        throw invalidArgument(fn, `${path}.gtLabel[${i}]`, `the class of ground truth ${g} (${labels[g]})`, (gtLabel as ArrayLike<number>)[i]);
      }
    } else {
      if (g !== -1) throw invalidArgument(fn, `${path}.gtIndex[${i}]`, '-1 off positives', g);
      if (gtLabel !== undefined && (gtLabel as ArrayLike<number>)[i] !== -1) throw invalidArgument(fn, `${path}.gtLabel[${i}]`, '-1 off positives', (gtLabel as ArrayLike<number>)[i]);
    }
  }
  if (check.needOverlap || record.maxOverlap !== undefined) {
    const overlap = record.maxOverlap;
    if (!isIntegerArray(overlap) || overlap.length !== n) throw invalidArgument(fn, `${path}.maxOverlap`, `a Float32Array of ${n} overlaps (one per prior)`, overlap);
    if (check.needOverlap) {
      for (let i = 0; i < n; i++) if (typeof overlap[i] !== 'number' || Number.isNaN(overlap[i])) throw invalidArgument(fn, `${path}.maxOverlap[${i}]`, 'a number', overlap[i]);
    }
  }
  return result;
}
