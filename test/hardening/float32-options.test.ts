/**
 * Issue 10, item 2: options that pass a double-precision check but are 0, subnormal or Infinity
 * once rounded to float32 (where every strategy computes) gave NaN or Infinity silently, and some
 * errors named an internal function instead of the one the caller called. The first block pins
 * each reported instance; the last runs the whole class: every numeric option of every public
 * function, at the float32 edges, gives finite results or an error that names the function.
 */
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { LabelAssignError } from '../../src/errors.js';
import { expectLabelAssignError } from '../helpers/assertions.js';

const {
  alignedGiou,
  assignFcos,
  balancedL1Loss,
  boundedIouLoss,
  ciouLoss,
  decodeDeltaXYWH,
  decodeYOLO,
  diouLoss,
  drawGaussian,
  encodeDeltaXYWH,
  encodeTBLR,
  gaussianFocalLoss,
  giouLoss,
  iouLoss,
  iouMatrix,
  l1Loss,
  siouLoss,
  softmaxCrossEntropy,
  ssdHeadLoss,
  varifocalLoss,
} = api;

const allFinite = (values: ArrayLike<number>): boolean => Array.from(values).every(Number.isFinite);

describe('reported instances', () => {
  it('iouMatrix with eps 1e-310 gave NaN: eps is refused as 0 in float32', () => {
    expectLabelAssignError(
      () => iouMatrix([[0, 0, 1, 1]], [[2, 2, 3, 3]], { eps: 1e-310 }),
      /^iouMatrix: options\.eps must be a number > 0 once rounded to float32 \(at least 1\.1754943508222875e-38, not subnormal\), but was 1e-310$/,
    );
    // An eps that is Infinity in float32 gave NaN too.
    expectLabelAssignError(() => alignedGiou([[0, 0, 1, 1]], [[0, 0, 1, 1]], { eps: 1e39 }), /^alignedGiou: options\.eps must be a number > 0 within the float32 range/);
  });

  it('iouLoss with eps 1e-46 gave Infinity and a NaN gradient', () => {
    expectLabelAssignError(() => iouLoss([[0, 0, 1, 1]], [[2, 2, 3, 3]], { eps: 1e-46 }), /^iouLoss: options\.eps must be a number > 0 once rounded to float32/);
    expectLabelAssignError(() => iouLoss([[0, 0, 1, 1]], [[2, 2, 3, 3]], { eps: 1e-40 }), /^iouLoss: options\.eps must be a number > 0 and not subnormal in float32/);
  });

  it('giouLoss, diouLoss and ciouLoss named alignedOverlapsInto for a bad eps', () => {
    for (const [name, loss] of [['giouLoss', giouLoss], ['diouLoss', diouLoss], ['ciouLoss', ciouLoss]] as const) {
      for (const eps of [1e-46, 1e39]) {
        expectLabelAssignError(() => loss([[0, 0, 1, 1]], [[0, 0, 1, 1]], { eps }), new RegExp(`^${name}: options\\.eps must be`));
      }
    }
  });

  it('balancedL1Loss with alpha 1e-45 or gamma 3e38 gave NaN (b = e^(gamma / alpha) - 1 overflows)', () => {
    expectLabelAssignError(() => balancedL1Loss([1], [0], { alpha: 1e-45 }), /^balancedL1Loss: options\.gamma must be a number for which b = e\^\(gamma \/ alpha\) - 1 is positive and finite in float32/);
    expectLabelAssignError(() => balancedL1Loss([1], [0], { gamma: 3e38 }), /^balancedL1Loss: options\.gamma must be a number for which b/);
    // The other end: gamma / alpha so small that b is 0.
    expectLabelAssignError(() => balancedL1Loss([1], [0], { alpha: 1e20 }), /^balancedL1Loss: options\.gamma must be a number for which b/);
    expectLabelAssignError(() => balancedL1Loss([0.5], [0], { beta: 1e-40 }), /^balancedL1Loss: options\.beta must be a number for which alpha \* beta, b \* beta and alpha \/ beta are finite/);
    const ok = balancedL1Loss([1, 0.25, -3], [0, 0, 0], { alpha: 1e-3, gamma: 0.08, reduction: 'none' });
    expect(allFinite(ok.loss) && allFinite(ok.gradPred)).toBe(true);
  });

  it('boundedIouLoss accepted eps 0 and gave a NaN gradient', () => {
    expectLabelAssignError(() => boundedIouLoss([[0, 0, 0, 0]], [[0, 0, 0, 0]], { eps: 0 }), /^boundedIouLoss: options\.eps must be a number > 0, but was 0$/);
    expectLabelAssignError(() => boundedIouLoss([[0, 0, 0, 0]], [[0, 0, 0, 0]], { eps: 1e-45 }), /^boundedIouLoss: options\.eps must be a number > 0 and not subnormal in float32/);
    const r = boundedIouLoss([[0, 0, 0, 0]], [[0, 0, 0, 0]], { eps: 2 ** -126, reduction: 'none' });
    expect(allFinite(r.loss) && allFinite(r.gradPred)).toBe(true);
  });

  it('encodeDeltaXYWH with targetStds of 1e-45 gave -Infinity', () => {
    expectLabelAssignError(
      () => encodeDeltaXYWH([[0, 0, 10, 10]], [[-5, 0, 5, 10]], { targetStds: [1e-45, 1, 1, 1] }),
      /^encodeDeltaXYWH: targets\[0\] must be a box whose deltas against its prior are finite in float32 \(a prior much smaller than its distance to the target, or a tiny options\.targetStds, overflows them\), but column 0 was -Infinity$/,
    );
    // A std that is 0 in float32 is refused as an option.
    expectLabelAssignError(() => encodeDeltaXYWH([[0, 0, 10, 10]], [[1, 1, 9, 9]], { targetStds: [1, 1e-46, 1, 1] }), /^encodeDeltaXYWH: options\.targetStds\[1\] must be a positive number, but was 1e-46$/);
  });

  it('the zero-size target stays the documented -Infinity, also when out is targets itself', () => {
    expect(encodeDeltaXYWH([[0, 0, 10, 10]], [[5, 0, 5, 10]])[2]).toBe(-Infinity);
    const t = Float32Array.of(5, 0, 5, 10);
    expect(encodeDeltaXYWH([[0, 0, 10, 10]], t, { targetStds: [0.1, 0.1, 0.2, 0.2] }, t)[2]).toBe(-Infinity);
  });

  it('a prior far smaller than its distance to the target overflowed the deltas (and TBLR\'s encoding) to Infinity', () => {
    expectLabelAssignError(() => encodeDeltaXYWH([[0, 0, 1e-38, 1e-38]], [[0, 0, 1e15, 1e15]]), /^encodeDeltaXYWH: targets\[0\] must be a box whose deltas against its prior are finite in float32/);
    expectLabelAssignError(() => encodeTBLR([[0, 0, 10, 10]], [[1, 1, 9, 9]], { normalizer: 1e-40 }), /^encodeTBLR: targets\[0\] must be a box whose encoding against its prior is finite in float32/);
  });

  it('decoders returned Infinity boxes for exp overflow', () => {
    expectLabelAssignError(() => decodeYOLO([[0, 0, 10, 10]], [[0.5, 0.5, 100, 1]], { stride: 8 }), /^decodeYOLO: predictions\[0\] must be a prediction whose box is finite in float32/);
    expectLabelAssignError(() => decodeDeltaXYWH([[0, 0, 10, 10]], [[0, 0, 500, 0]], { whRatioClip: 1e-300 }), /^decodeDeltaXYWH: deltas\[0\] must be deltas whose box is finite in float32/);
  });

  it('ssdHeadLoss with avgFactor 1e-45 gave Infinity', () => {
    const input = {
      clsScore: [0, 1, 20, 1, 0, 2],
      labels: [0, 2],
      labelWeights: [1, 1],
      bboxPred: [0, 0, 0, 0, 1, 1, 1, 1],
      bboxTargets: [1, 1, 1, 1, 0, 0, 0, 0],
      bboxWeights: [1, 1, 1, 1, 1, 1, 1, 1],
    };
    expectLabelAssignError(() => ssdHeadLoss({ ...input, avgFactor: 1e-45 }, { numClasses: 2 }), /^ssdHeadLoss: input\.avgFactor must be a number > 0 and not subnormal in float32/);
    // Normal but still too small for the sum: said, not returned as Infinity.
    expectLabelAssignError(() => ssdHeadLoss({ ...input, avgFactor: 2e-38 }, { numClasses: 2 }), /^ssdHeadLoss: input\.avgFactor must be large enough that the losses stay finite in float32/);
  });

  it('lossWeight 1e39 was Infinity in float32; weights near the limit overflowed the loss', () => {
    expectLabelAssignError(() => l1Loss([1], [0], { lossWeight: 1e39 }), /^l1Loss: options\.lossWeight must be a finite number within the float32 range/);
    expectLabelAssignError(() => l1Loss([1, 2], [0, 0], { lossWeight: 3e38 }), /^l1Loss: the weights \(options\.lossWeight, options\.weight, class weights\) and inputs must be small enough that the loss and its gradient stay finite in float32 \(scale them down\), but the loss was Infinity$/);
    expectLabelAssignError(() => varifocalLoss([3, 3], [0, 0], { numClasses: 2, alpha: 3e38, reduction: 'sum' }), /^varifocalLoss: the weights .* and inputs must be small enough/);
    expectLabelAssignError(() => gaussianFocalLoss([0.5], [0.5], { negWeight: 1e39 }), /^gaussianFocalLoss: options\.negWeight must be a finite number within the float32 range/);
    expectLabelAssignError(() => softmaxCrossEntropy([0, 1, 2, 3], 2, [1, 0], [1, 3e38]), /^softmaxCrossEntropy: weights\[1\] must be small enough that the weighted loss stays finite in float32/);
  });

  it('a mean of nothing stays NaN, as documented (torch.mean of an empty tensor)', () => {
    expect(Number.isNaN(giouLoss([], [], { reduction: 'mean' }).loss)).toBe(true);
  });

  it('SIoU gave NaN where the center offset is 0 (a tiny eps on coinciding centers, or an offset of exactly -eps)', () => {
    const tiny = siouLoss([[0, 0, 10, 10]], [[0, 0, 10, 10]], { eps: 1e-30, reduction: 'none' });
    expect(allFinite(tiny.loss) && allFinite(tiny.gradPred)).toBe(true);
    const e = Math.fround(1e-6);
    const exact = siouLoss([[0, 0, 2 * e, 2 * e]], [[0, 0, 0, 0]], { reduction: 'none' });
    expect(allFinite(exact.loss) && allFinite(exact.gradPred)).toBe(true);
  });

  it('FCOS with normOnBbox divided by a stride of 1e-39 and gave Infinity targets; a radius of 1e-300 made an empty center region', () => {
    const input = { priors: [[4, 4]], numLevelPriors: [1], gtBoxes: [[0, 0, 8, 8]] };
    expectLabelAssignError(() => assignFcos(input, { strides: [1e-39], regressRanges: [[0, 1e8]], normOnBbox: true }), /^assignFcos: strides\[0\] must be a stride in/);
    expectLabelAssignError(
      () => assignFcos(input, { strides: [8], regressRanges: [[0, 1e8]], centerSampling: true, centerSampleRadius: 1e-300 }),
      /^assignFcos: centerSampleRadius must be a number for which strides\[0\] \* centerSampleRadius is positive and finite in float32/,
    );
  });

  it('drawGaussian with k 1e39 drew Infinity', () => {
    expectLabelAssignError(() => drawGaussian(new Float32Array(9), 3, 3, 1, 1, 1, 1e39), /^drawGaussian: k must be a finite number within the float32 range/);
  });
});

// ---- the class: every numeric option of every public function at the float32 edges ----

type Call = (options: Record<string, unknown>) => unknown;
interface Entry {
  readonly fn: string;
  readonly options: Record<string, unknown>;
  readonly call: Call;
}

const B1 = [[0, 0, 10, 10], [5, 5, 20, 25]];
const B2 = [[1, 1, 9, 12], [4, 6, 21, 24]];
const P = [[0, 0, 10, 10], [5, 5, 20, 25], [3, 4, 8, 9]];
const T = [[1, 1, 9, 12], [4, 6, 21, 24], [30, 40, 50, 60]];
const V = [0.5, -2, 3, 0.01, 1.2, -0.3];
const W = [0, 1, -1, 0.2, 3, 0.4];
const reduction = { avgFactor: 2, lossWeight: 1.5 };
const fcosPoints = api.pointGenerator({ strides: [8, 16, 32, 64, 128] }).gridPriors([[8, 8], [4, 4], [2, 2], [1, 1], [1, 1]]);
const retina = api.anchorGenerator({ strides: [8, 16], ratios: [0.5, 1, 2], scales: [4] }).gridPriors([[8, 8], [4, 4]]);
const gts = [[5, 6, 40, 50], [20, 10, 60, 30]];

const ENTRIES: readonly Entry[] = [
  ...(['iouMatrix', 'giouMatrix', 'diouMatrix', 'ciouMatrix', 'alignedIou', 'alignedGiou', 'alignedDiou', 'alignedCiou'] as const).map(
    (fn): Entry => ({ fn, options: { eps: 1e-6 }, call: (o) => (api[fn] as (a: unknown, b: unknown, o: unknown) => unknown)(B1, B2, o) }),
  ),
  { fn: 'anchorGenerator', options: { octaveBaseScale: 4, scalesPerOctave: 2, centerOffset: 0.5 }, call: (o) => api.anchorGenerator({ strides: [8], ratios: [0.5, 1], ...o }).gridPriors([[3, 3]]) },
  { fn: 'pointGenerator', options: { offset: 0.5 }, call: (o) => api.pointGenerator({ strides: [8], ...o }).gridPriors([[3, 3]]) },
  { fn: 'encodeDeltaXYWH', options: {}, call: (o) => api.encodeDeltaXYWH(B1, B2, { targetStds: [0.1, 0.1, (o.s as number) ?? 0.2, 0.2] }) },
  { fn: 'decodeDeltaXYWH', options: { ctrClamp: 32, whRatioClip: 0.016 }, call: (o) => api.decodeDeltaXYWH(B1, [[0.5, -0.5, 2, -3], [1, 1, 5, 5]], { addCtrClamp: true, maxShape: [100, 100], ...o }) },
  { fn: 'encodeDistancePoint', options: { maxDis: 16, eps: 0.1 }, call: (o) => api.encodeDistancePoint([[8, 8], [12, 12]], B1, o) },
  { fn: 'encodeTBLR', options: { normalizer: 4 }, call: (o) => api.encodeTBLR(B1, B2, o) },
  { fn: 'encodeYOLO', options: { stride: 32, eps: 1e-6 }, call: (o) => api.encodeYOLO(B1, B2, o as { stride: number }) },
  ...(['iouLoss', 'giouLoss', 'diouLoss', 'ciouLoss', 'siouLoss'] as const).map(
    (fn): Entry => ({ fn, options: { ...reduction, eps: 1e-6 }, call: (o) => (api[fn] as (a: unknown, b: unknown, o: unknown) => unknown)(P, T, o) }),
  ),
  { fn: 'eiouLoss', options: { ...reduction, eps: 1e-6, smoothPoint: 0.1 }, call: (o) => api.eiouLoss(P, T, o) },
  { fn: 'boundedIouLoss', options: { ...reduction, beta: 0.2, eps: 1e-3 }, call: (o) => api.boundedIouLoss(P, T, o) },
  { fn: 'smoothL1Loss', options: { ...reduction, beta: 1 }, call: (o) => api.smoothL1Loss(V, W, o) },
  { fn: 'balancedL1Loss', options: { ...reduction, alpha: 0.5, gamma: 1.5, beta: 1 }, call: (o) => api.balancedL1Loss(V, W, o) },
  { fn: 'focalLoss', options: { ...reduction, gamma: 2, alpha: 0.25 }, call: (o) => api.focalLoss(V, { labels: [0, 3] }, { numClasses: 3, ...o }) },
  { fn: 'qualityFocalLoss', options: { ...reduction, beta: 2 }, call: (o) => api.qualityFocalLoss(V, { labels: [0, 3], scores: [0.8, 0] }, { numClasses: 3, ...o }) },
  { fn: 'varifocalLoss', options: { ...reduction, alpha: 0.75, gamma: 2 }, call: (o) => api.varifocalLoss(V, [0.8, 0, 0, 0, 0.3, 0], { numClasses: 3, ...o }) },
  { fn: 'crossEntropyLoss', options: reduction, call: (o) => api.crossEntropyLoss(V, [1, 2], { numClasses: 3, ...o }) },
  { fn: 'gaussianFocalLoss', options: { ...reduction, alpha: 2, gamma: 4, posWeight: 1, negWeight: 1 }, call: (o) => api.gaussianFocalLoss([0.9, 0.1, 0.5], [1, 0.5, 0.2], o) },
  { fn: 'distributionFocalLoss', options: reduction, call: (o) => api.distributionFocalLoss(Array.from({ length: 10 }, (_, i) => i / 3), [1.5, 3.2], { regMax: 4, ...o }) },
  { fn: 'dflTargets', options: { eps: 0.1 }, call: (o) => api.dflTargets([3.25, 20, -1], { regMax: 16, ...o }) },
  { fn: 'ssdHeadLoss', options: { smoothL1Beta: 1 }, call: (o) => api.ssdHeadLoss({ clsScore: [0, 1, 2, 1, 0, 2], labels: [0, 2], labelWeights: [1, 1], bboxPred: [0, 0, 0, 0, 1, 1, 1, 1], bboxTargets: [1, 1, 1, 1, 0, 0, 0, 0], bboxWeights: [1, 1, 1, 1, 1, 1, 1, 1], avgFactor: 1 }, { numClasses: 2, ...o }) },
  { fn: 'assignFcos', options: { centerSampleRadius: 1.5 }, call: (o) => api.assignFcos({ priors: fcosPoints, gtBoxes: gts }, { strides: [8, 16, 32, 64, 128], centerSampling: true, normOnBbox: true, ...o }) },
  { fn: 'assignYoloV5Ratio', options: { anchorT: 4 }, call: (o) => api.assignYoloV5Ratio({ priors: retina, gtBoxes: gts }, o) },
  { fn: 'centerNetTargets', options: { minOverlap: 0.3 }, call: (o) => api.centerNetTargets({ gtBoxes: gts, featmapSize: [16, 16], imageShape: [64, 64] }, { numClasses: 2, ...o }) },
  { fn: 'assignCenterNet', options: {}, call: (o) => api.assignCenterNet({ gtBoxes: gts, featmapSize: [16, 16], imageShape: [64, (o.w as number) ?? 64] }, { numClasses: 2 }) },
  { fn: 'assignGaLocation', options: { octaveBaseScale: 4 }, call: (o) => api.assignGaLocation({ gtBoxes: gts, featmapSizes: [[8, 8], [4, 4]] }, { strides: [8, 16], octaveBaseScale: 4, ...o }) },
];

/** Numbers that pass a double-precision range check but are 0, subnormal or not finite in float32. */
const FLOAT32_EDGES = [5e-324, 1e-310, 1e-46, 1e-45, 1e-40, 2e-38, 3.4028235677973366e38, 1e39, 1e300, -1e39];

function finiteEverywhere(value: unknown, depth = 0): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (value instanceof Float32Array || value instanceof Float64Array) return allFinite(value);
  if (ArrayBuffer.isView(value) || depth > 3 || typeof value !== 'object' || value === null) return true;
  return Object.values(value).every((v) => finiteEverywhere(v, depth + 1));
}

describe('the class: numeric options at the float32 edges', () => {
  it.each(ENTRIES.map((e) => [e.fn, e] as const))('%s: finite results, or an error naming it (never NaN or Infinity)', (_, entry) => {
    const keys = Object.keys(entry.options).length > 0 ? Object.keys(entry.options) : ['s', 'w'];
    for (const key of keys) {
      for (const value of FLOAT32_EDGES) {
        let result: unknown;
        try {
          result = entry.call({ ...entry.options, [key]: value });
        } catch (error) {
          expect(error, `${entry.fn} ${key}=${value}`).toBeInstanceOf(LabelAssignError);
          const message = (error as Error).message;
          expect(message.startsWith(`${entry.fn}:`) || message.startsWith(`${entry.fn}.gridPriors:`), `${entry.fn} ${key}=${value}: ${message}`).toBe(true);
          continue;
        }
        expect(finiteEverywhere(result), `${entry.fn} ${key}=${value} gave a non-finite result`).toBe(true);
      }
    }
  });
});
