/**
 * Balanced losses: how much each assigned sample counts. Every loss returns its value and its
 * gradient with respect to the prediction, computed in the same pass, with mmdetection 3.x's
 * weights, reductions, `avgFactor` and `lossWeight`. Options are checked as the float32 values
 * they become, and every loss checks that its value and gradient are finite: a weight near the
 * float32 limit is an error naming the weights, not an Infinity (a mean of nothing stays NaN).
 */
export {
  FLOAT32_EPS,
  REDUCTIONS,
  type LossInput,
  type LossResult,
  type LossValue,
  type Reduction,
  type ReductionOptions,
} from './common.js';
export { focalLoss, type ClassTarget, type FocalLossOptions } from './focal.js';
export { qualityFocalLoss, type QualityFocalLossOptions, type QualityTarget } from './quality-focal.js';
export {
  DEFAULT_REG_MAX,
  decodeDistribution,
  dflTargets,
  distributionFocalLoss,
  distributionStatistics,
  type DecodeDistributionOptions,
  type DflTargetOptions,
  type DflTargets,
  type DistributionFocalLossOptions,
  type DistributionStatisticsOptions,
} from './distribution-focal.js';
export { varifocalLoss, type VarifocalLossOptions } from './varifocal.js';
export { iouLoss, type IouLossMode, type IouLossOptions } from './iou.js';
export { giouLoss, type GiouLossOptions } from './giou.js';
export { diouLoss, type DiouLossOptions } from './diou.js';
export { ciouLoss, type CiouLossOptions } from './ciou.js';
export { boundedIouLoss, type BoundedIouLossOptions } from './bounded-iou.js';
export { eiouLoss, type EiouLossOptions } from './eiou.js';
export { siouLoss, type SiouLossOptions } from './siou.js';
export { smoothL1Loss, type SmoothL1LossOptions } from './smooth-l1.js';
export { l1Loss, type L1LossOptions } from './l1.js';
export { balancedL1Loss, type BalancedL1LossOptions } from './balanced-l1.js';
export { gaussianFocalLoss, type GaussianFocalLossOptions } from './gaussian-focal.js';
export { crossEntropyLoss, type CrossEntropyLossOptions } from './cross-entropy.js';
export { binaryCrossEntropyLoss, type BinaryCrossEntropyLossOptions } from './binary-cross-entropy.js';
