/**
 * Prior generators (mmdetection 3.x `AnchorGenerator`, `SSDAnchorGenerator`,
 * `YOLOAnchorGenerator`, `MlvlPointGenerator`), their valid/responsible flags, and the
 * grid-aware candidate search over the prior sets they produce.
 */
export { numLevelPriors, priorLevels, type PriorLevel, type PriorSet } from './prior-set.js';
export {
  anchorGenerator,
  resolveAnchorGeneratorOptions,
  type AnchorGenerator,
  type AnchorGeneratorOptions,
  type FeatmapSize,
  type GridAnchorGenerator,
  type ResolvedAnchorGeneratorOptions,
  type StrideOption,
} from './anchor-generator.js';
export {
  resolveSSDAnchorGeneratorOptions,
  ssdAnchorGenerator,
  type ResolvedSSDAnchorGeneratorOptions,
  type SSDAnchorGenerator,
  type SSDAnchorGeneratorOptions,
} from './ssd-anchor-generator.js';
export {
  resolveYOLOAnchorGeneratorOptions,
  responsibleFlags,
  yoloAnchorGenerator,
  type ResolvedYOLOAnchorGeneratorOptions,
  type YOLOAnchorGenerator,
  type YOLOAnchorGeneratorOptions,
  type YOLOBaseSize,
} from './yolo-anchor-generator.js';
export {
  pointGenerator,
  pointsWithStride,
  resolvePointGeneratorOptions,
  type PointGenerator,
  type PointGeneratorOptions,
  type ResolvedPointGeneratorOptions,
} from './point-generator.js';
export { validFlags } from './valid-flags.js';
export { BoxIndex, pointsInBox, priorsOverlappingBox } from './candidates.js';
