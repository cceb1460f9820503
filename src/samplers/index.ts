/**
 * Samplers: which positives and negatives of an assignment a loss sees. Random (Faster R-CNN),
 * IoU-balanced negatives and instance-balanced positives (Libra R-CNN), combined, OHEM, SSD
 * hard negative mining, and the pseudo sampler. Random ones draw only from an explicit seeded
 * `pure-rand` generator.
 */
export {
  expectedNegatives,
  expectedPositives,
  seededGenerator,
  type BaseSamplerOptions,
  type RandomGenerator,
  type RandomSource,
  type ResolvedBaseSamplerOptions,
  type ResolvedRandomSource,
  type SampleResult,
} from './common.js';
export { resolveRandomSamplerOptions, sampleRandom, type RandomSamplerOptions, type ResolvedRandomSamplerOptions } from './random.js';
export {
  resolveIoUBalancedSamplerOptions,
  sampleIoUBalancedNegatives,
  type IoUBalancedNegOptions,
  type IoUBalancedSamplerOptions,
  type ResolvedIoUBalancedNegOptions,
  type ResolvedIoUBalancedSamplerOptions,
} from './iou-balanced-neg.js';
export { resolveInstanceBalancedSamplerOptions, sampleInstanceBalancedPositives } from './instance-balanced-pos.js';
export {
  resolveCombinedSamplerOptions,
  sampleCombined,
  type CombinedSamplerOptions,
  type NegSamplerSpec,
  type PosSamplerSpec,
  type ResolvedCombinedSamplerOptions,
} from './combined.js';
export { resolveOhemSamplerOptions, sampleOhem, type OhemLosses, type OhemSamplerOptions } from './ohem.js';
export {
  resolveSsdHardNegativeOptions,
  sampleSsdHardNegatives,
  softmaxCrossEntropy,
  ssdHeadLoss,
  type ResolvedSsdHardNegativeOptions,
  type SsdHardNegativeOptions,
  type SsdHeadLossInput,
  type SsdHeadLossOptions,
  type SsdHeadLossResult,
} from './ssd-hard-negative.js';
export { samplePseudo } from './pseudo.js';
