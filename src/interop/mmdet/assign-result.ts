/**
 * mmdetection's assignment conventions, kept here and nowhere else: `gt_inds` is 1-based
 * (0 negative, -1 ignored, k >= 1 assigned to ground truth k - 1) and `labels` is the class of
 * the assigned ground truth or -1.
 */
import type { AssignResult } from '../../assigners/assign-result.js';
import { toList } from '../case-format.js';

/** `gt_inds` from a toolkit result. */
export function toGtInds(result: AssignResult): Int32Array {
  const out = new Int32Array(result.label.length);
  for (let i = 0; i < out.length; i++) {
    const l = result.label[i];
    out[i] = l === 1 ? result.gtIndex[i] + 1 : l === 0 ? 0 : -1;
  }
  return out;
}

/** `{num_gts, gt_inds, max_overlaps, labels}`, the keys of an mmdetection `AssignResult`. */
export function formatAssignResult(result: AssignResult): Record<string, unknown> {
  return {
    num_gts: result.numGts,
    gt_inds: Array.from(toGtInds(result)),
    max_overlaps: toList(result.maxOverlap),
    labels: Array.from(result.gtLabel),
  };
}

/** Keys of an assign result that hold integers. */
export const ASSIGN_RESULT_INTEGER_KEYS = Object.freeze(['num_gts', 'gt_inds', 'labels']);
