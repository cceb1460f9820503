/**
 * Every conformance family the toolkit runs, by name. Later issues add their families here.
 */
import { LabelAssignError } from '../errors.js';
import type { FamilyRunner } from './case-format.js';
import { overlapsRunner } from './mmdet/overlaps.js';
import { anchorGeneratorRunner } from './mmdet/anchor-generator.js';
import { bboxCoderRunner } from './mmdet/bbox-coder.js';
import { approxMaxIouRunner, maxIouRunner } from './mmdet/max-iou.js';
import { yoloGridRunner } from './mmdet/yolo-grid.js';
import { atssRunner } from './mmdet/atss.js';
import { fcosRunner } from './mmdet/fcos.js';
import { centernetTargetsRunner } from './mmdet/centernet-targets.js';
import { gaTargetsRunner } from './mmdet/ga-targets.js';
import { ohemRunner } from './mmdet/ohem.js';
import { lossesRunner } from './mmdet/losses.js';

export const FAMILY_RUNNERS: readonly FamilyRunner[] = Object.freeze([
  overlapsRunner,
  anchorGeneratorRunner,
  bboxCoderRunner,
  maxIouRunner,
  approxMaxIouRunner,
  yoloGridRunner,
  atssRunner,
  fcosRunner,
  centernetTargetsRunner,
  gaTargetsRunner,
  ohemRunner,
  lossesRunner,
]);

/** The runner of `family`, or an error naming the supported families. */
export function runnerFor(family: unknown): FamilyRunner {
  const runner = FAMILY_RUNNERS.find((r) => r.family === family);
  if (!runner) {
    throw new LabelAssignError(
      'unsupported',
      'family',
      `eval-cases: family ${JSON.stringify(family)} is not supported yet; supported families: ${FAMILY_RUNNERS.map((r) => r.family).join(', ')}`,
    );
  }
  return runner;
}
