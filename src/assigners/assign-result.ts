/**
 * What every assigner returns, and the inputs every assigner takes.
 *
 * One result shape for every strategy, so a head can swap MaxIoU for ATSS in one line:
 * per prior, a 0-based ground-truth index (-1 for none), a label from the closed alphabet
 * {1 positive, 0 negative, -1 ignored}, the class of the assigned box and the strategy's
 * overlap measure. The mmdetection convention (1-based `gt_inds`, 0 negative, -1 ignored)
 * lives only in `src/interop`.
 */
import type { PriorSet } from '../geometry/priors/prior-set.js';
import type { BoxesInput } from '../validate.js';

/** Label alphabet of an assignment. */
export const POSITIVE = 1;
export const NEGATIVE = 0;
export const IGNORED = -1;

export interface AssignResult {
  /** Number of ground-truth boxes the priors were assigned against. */
  readonly numGts: number;
  /** `[numPriors]`: 0-based index of the assigned ground truth for positives, -1 otherwise. */
  readonly gtIndex: Int32Array;
  /** `[numPriors]`: 1 positive, 0 negative, -1 ignored (excluded from the loss). */
  readonly label: Int8Array;
  /** `[numPriors]`: class id of the assigned ground truth for positives, -1 otherwise. */
  readonly gtLabel: Int32Array;
  /**
   * `[numPriors]`: the strategy's overlap of each prior with its best ground truth (IoU for
   * MaxIoU; see each assigner for its own measure and sentinels).
   */
  readonly maxOverlap: Float32Array;
}

/** Priors as assigners take them: a generated prior set (which knows its grid) or plain boxes. */
export type PriorsInput = PriorSet | BoxesInput;

/** The inputs of every box assigner. */
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
}
