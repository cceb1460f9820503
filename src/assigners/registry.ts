/**
 * Every assigner of label-assign, registered once. A strategy is one file with the same shape
 * as the others (its options and their resolver, its declared inputs, its kernel on resolved
 * inputs, its public `assign…` wrapper); adding one means writing that file, adding one line
 * here, and running the assigner contract (`test/assigners/contract.test.ts`), which checks
 * every strategy registered here and fails for one it cannot run.
 */
import type { AssignResult } from './assign-result.js';
import { APPROX_MAX_IOU_INPUTS, assignApproxMaxIoU } from './approx-max-iou.js';
import { assignAtss, ATSS_INPUTS } from './atss.js';
import { assignCenterNet, CENTERNET_INPUTS } from './centernet-targets.js';
import { assignFcos, FCOS_INPUTS } from './fcos.js';
import { assignGaLocation, GA_LOCATION_INPUTS } from './ga-location-targets.js';
import type { AssignerInputs } from './inputs.js';
import { assignMaxIoU, MAX_IOU_INPUTS } from './max-iou.js';
import { assignYoloV3Grid, YOLOV3_GRID_INPUTS } from './yolov3-grid.js';
import { assignYoloV5Ratio, YOLOV5_RATIO_INPUTS } from './yolov5-ratio.js';

/** Which ignore rule a strategy applies to `ignoreBoxes` (see `ignore-regions.ts`). */
export type IgnoreRule = 'reference' | 'toolkit';

/** One registered strategy. */
export interface AssignerStrategy {
  /** The public function, which every error message names, e.g. `assignMaxIoU`. */
  readonly name: string;
  /** The public function itself: `(input, options) => result`. */
  readonly assign: (input: never, options: never) => AssignResult;
  /** The inputs it takes (see {@link AssignerInputs}). */
  readonly inputs: AssignerInputs;
  /**
   * The ignore rule: the reference's (`ignoreIofThreshold`, off by default) or the toolkit's
   * (`ignoreCoverageThreshold`, 0.5 by default).
   */
  readonly ignoreRule: IgnoreRule;
}

/** The registered strategies, in the README's order. */
export const ASSIGNERS: readonly AssignerStrategy[] = Object.freeze(
  [
    { name: 'assignMaxIoU', assign: assignMaxIoU, inputs: MAX_IOU_INPUTS, ignoreRule: 'reference' },
    { name: 'assignApproxMaxIoU', assign: assignApproxMaxIoU, inputs: APPROX_MAX_IOU_INPUTS, ignoreRule: 'reference' },
    { name: 'assignAtss', assign: assignAtss, inputs: ATSS_INPUTS, ignoreRule: 'reference' },
    { name: 'assignFcos', assign: assignFcos, inputs: FCOS_INPUTS, ignoreRule: 'toolkit' },
    { name: 'assignYoloV3Grid', assign: assignYoloV3Grid, inputs: YOLOV3_GRID_INPUTS, ignoreRule: 'toolkit' },
    { name: 'assignYoloV5Ratio', assign: assignYoloV5Ratio, inputs: YOLOV5_RATIO_INPUTS, ignoreRule: 'toolkit' },
    { name: 'assignCenterNet', assign: assignCenterNet, inputs: CENTERNET_INPUTS, ignoreRule: 'toolkit' },
    { name: 'assignGaLocation', assign: assignGaLocation, inputs: GA_LOCATION_INPUTS, ignoreRule: 'toolkit' },
  ].map((entry) => Object.freeze(entry as AssignerStrategy)),
);
