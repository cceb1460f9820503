/**
 * Assigners: which priors are positive, negative or ignored for each ground truth.
 * Every strategy takes an `AssignInput` and returns an `AssignResult` (plus its own targets),
 * so swapping one for another is a one-line change.
 */
export {
  IGNORED,
  NEGATIVE,
  POSITIVE,
  checkAssignResult,
  type AssignInput,
  type AssignResult,
  type AssignResultCheck,
  type PriorsInput,
} from './assign-result.js';
export { ASSIGNERS, type AssignerStrategy, type IgnoreRule } from './registry.js';
export type { AssignerInputs, PriorKind } from './inputs.js';
export { DEFAULT_IGNORE_COVERAGE_THRESHOLD, DEFAULT_IGNORE_IOF_THRESHOLD } from './ignore-regions.js';
export { assignMaxIoU, resolveMaxIoUOptions, type MaxIoUAssignInput, type MaxIoUOptions, type MaxIoUResult, type ResolvedMaxIoUOptions } from './max-iou.js';
export {
  assignApproxMaxIoU,
  resolveApproxMaxIoUOptions,
  type ApproxAssignInput,
  type ApproxMaxIoUOptions,
  type ApproxMaxIoUResult,
  type ResolvedApproxMaxIoUOptions,
} from './approx-max-iou.js';
export {
  ATSS_NOT_POSITIVE_OVERLAP,
  assignAtss,
  resolveAtssOptions,
  type AtssAssignInput,
  type AtssOptions,
  type AtssResult,
  type ResolvedAtssOptions,
} from './atss.js';
export {
  DEFAULT_FCOS_REGRESS_RANGES,
  FCOS_INF,
  assignFcos,
  resolveFcosOptions,
  type FcosOptions,
  type FcosResult,
  type ResolvedFcosOptions,
} from './fcos.js';
export {
  assignYoloV3Grid,
  resolveYoloV3GridOptions,
  type ResolvedYoloV3GridOptions,
  type YoloV3GridOptions,
  type YoloV3Result,
} from './yolov3-grid.js';
export {
  assignYoloV5Ratio,
  resolveYoloV5RatioOptions,
  type ResolvedYoloV5RatioOptions,
  type YoloV5RatioOptions,
  type YoloV5RatioResult,
} from './yolov5-ratio.js';
export {
  assignCenterNet,
  centerNetAssign,
  centerNetTargets,
  drawGaussian,
  gaussianRadius,
  resolveCenterNetOptions,
  type CenterNetAssignResult,
  type CenterNetInput,
  type CenterNetOptions,
  type CenterNetTargets,
  type ResolvedCenterNetOptions,
} from './centernet-targets.js';
export {
  assignGaLocation,
  gaLocationAssign,
  gaLocationTargets,
  resolveGaLocationOptions,
  type GaLocationAssignResult,
  type GaLocationInput,
  type GaLocationOptions,
  type GaLocationTargets,
  type ResolvedGaLocationOptions,
} from './ga-location-targets.js';
