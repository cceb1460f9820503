/**
 * Pseudo sampler: no sampling at all; every positive and every negative of the assignment goes
 * to the loss (the usual choice of one-stage detectors such as RetinaNet, FCOS and ATSS, whose
 * losses balance themselves, e.g. with focal loss).
 *
 * Port of mmdetection 3.x `PseudoSampler` (mmdet/models/task_modules/samplers/pseudo_sampler.py):
 * ground truths are never added as proposals.
 */
import type { AssignResult } from '../assigners/assign-result.js';
import { buildSampleSpace, checkSamplerAssign, finishSample, type SampleResult } from './common.js';

/**
 * Returns every positive and every negative of the assignment (no sampling; the one-stage
 * detectors' choice, e.g. RetinaNet, Lin et al. 2017).
 *
 * Counts: positives `P` = priors with label 1; negatives `N` = priors with label 0; ignored
 * priors (-1) in neither. Indices are prior indices, ascending; `numGtsAdded` 0, `posIsGt` all 0,
 * `nextRng` null. No priors: empty arrays.
 * @param assign an assignment (`label`, `gtIndex`, `numGts` are read), never modified.
 * @returns a frozen {@link SampleResult}.
 * @throws {LabelAssignError} on a malformed assignment (labels outside {1, 0, -1}, a positive
 *   without a valid `gtIndex`, mismatched lengths).
 * @example
 * const { posIndices, negIndices } = samplePseudo(assignAtss(input, { topK: 9 }));
 */
export function samplePseudo(assign: AssignResult): SampleResult {
  checkSamplerAssign('samplePseudo', assign);
  const space = buildSampleSpace(assign, false);
  return finishSample(space, space.positives, space.negatives, null);
}
