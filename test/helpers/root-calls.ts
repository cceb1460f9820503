/**
 * One valid call of every function the package root exports (`BoxIndex` is constructed), for
 * the tests that run a contract over all of them: each argument replaced by a wrong value, each
 * options object replaced by an object of another class. A new export needs a row here (a test
 * checks that the table covers the root).
 */
import * as api from '../../src/index.js';

/** Function name -> arguments of a call that succeeds. */
export function rootCalls(): Record<string, unknown[]> {
  const set = api.anchorGenerator({ strides: [8, 16], ratios: [0.5, 1], scales: [4] }).gridPriors([[4, 4], [2, 2]]);
  const pts = api.pointGenerator({ strides: [8, 16] }).gridPriors([[4, 4], [2, 2]]);
  const fcos = api.pointGenerator({ strides: [8, 16, 32, 64, 128] }).gridPriors([[4, 4], [2, 2], [1, 1], [1, 1], [1, 1]]);
  const yolo = api.yoloAnchorGenerator({ strides: [32, 16], baseSizes: [[[30, 30]], [[10, 10]]] }).gridPriors([[2, 2], [4, 4]]);
  const gts = [[5, 6, 30, 28], [20, 10, 40, 30]];
  const assign = api.assignMaxIoU({ priors: set, gtBoxes: gts, gtLabels: [0, 1] }, { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4 });
  const n = assign.label.length;
  const losses = new Float32Array(n).map((_, i) => i / n);
  const B = [[0, 0, 10, 10], [5, 5, 20, 25]];
  const C = [[1, 1, 9, 12], [4, 6, 21, 24]];
  const V = [0.5, -2, 3, 0.01, 1.2, -0.3];
  return {
    alignedCiou: [B, C, {}],
    alignedDiou: [B, C, {}],
    alignedGiou: [B, C, {}],
    alignedIof: [B, C, {}],
    alignedIou: [B, C, {}],
    alignedOverlaps: [B, C, { mode: 'giou' }],
    alignedOverlapsInto: [new Float32Array(B.flat()), new Float32Array(C.flat()), new Float32Array(2), {}],
    anchorGenerator: [{ strides: [8], ratios: [1], scales: [4] }],
    areas: [B],
    assignApproxMaxIoU: [{ priors: set, approxs: set, approxsPerSquare: 1, gtBoxes: gts }, { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4 }],
    assignAtss: [{ priors: set, gtBoxes: gts }, { topK: 3 }],
    assignCenterNet: [{ gtBoxes: gts, featmapSize: [8, 8], imageShape: [32, 32] }, { numClasses: 2 }],
    assignFcos: [{ priors: fcos, gtBoxes: gts }, { strides: [8, 16, 32, 64, 128] }],
    assignGaLocation: [{ gtBoxes: gts, featmapSizes: [[4, 4], [2, 2]] }, { octaveBaseScale: 4, strides: [8, 16] }],
    assignMaxIoU: [{ priors: set, gtBoxes: gts }, { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4 }],
    assignYoloV3Grid: [{ priors: yolo, gtBoxes: gts }, { numClasses: 2 }],
    assignYoloV5Ratio: [{ priors: yolo, gtBoxes: gts }, {}],
    balancedL1Loss: [V, V, {}],
    binaryCrossEntropyLoss: [V, { labels: [0, 1] }, { numClasses: 3 }],
    boundedIouLoss: [B, C, {}],
    boxAreas: [B, new Float32Array(2)],
    boxCentersInto: [new Float32Array(B.flat()), new Float32Array(4)],
    BoxIndex: [B],
    cellBoxes: [2, 2, 4, 4],
    centerNetAssign: [{ gtBoxes: gts, featmapSize: [8, 8], imageShape: [32, 32] }, { numClasses: 2 }],
    centerNetTargets: [{ gtBoxes: gts, featmapSize: [8, 8], imageShape: [32, 32] }, { numClasses: 2 }],
    centers: [B],
    checkAssignResult: ['f', 'assign', assign, { numGts: 2 }],
    ciouLoss: [B, C, {}],
    ciouMatrix: [B, C, {}],
    convertBoxes: [B, 'xyxy', 'xywh'],
    crossEntropyLoss: [V, [0, 1], { numClasses: 3 }],
    decodeDeltaXYWH: [B, C, {}, new Float32Array(8)],
    decodeDistancePoint: [[[1, 1], [2, 2]], C, {}, new Float32Array(8)],
    decodeDistribution: [[0, 1, 0], { regMax: 2 }],
    decodeTBLR: [B, C, {}, new Float32Array(8)],
    decodeYOLO: [B, C, { stride: 8 }, new Float32Array(8)],
    dflTargets: [[1.5], { regMax: 4 }],
    diouLoss: [B, C, {}],
    diouMatrix: [B, C, {}],
    distributionFocalLoss: [new Float32Array(5), [1.5], { regMax: 4 }],
    distributionStatistics: [new Float32Array(5), { regMax: 4 }],
    drawGaussian: [new Float32Array(9), 3, 3, 1, 1, 1, 1],
    eiouLoss: [B, C, {}],
    encodeDeltaXYWH: [B, C, {}, new Float32Array(8)],
    encodeDistancePoint: [[[1, 1], [2, 2]], C, {}, new Float32Array(8)],
    encodeTBLR: [B, C, {}, new Float32Array(8)],
    encodeYOLO: [B, C, { stride: 8 }, new Float32Array(8)],
    expectedNegatives: [{ num: 8, posFraction: 0.25 }, 2],
    expectedPositives: [{ num: 8, posFraction: 0.25 }],
    focalLoss: [V, { labels: [0, 1] }, { numClasses: 3 }],
    gaLocationAssign: [{ gtBoxes: gts, featmapSizes: [[4, 4], [2, 2]] }, { octaveBaseScale: 4, strides: [8, 16] }],
    gaLocationTargets: [{ gtBoxes: gts, featmapSizes: [[4, 4], [2, 2]] }, { octaveBaseScale: 4, strides: [8, 16] }],
    gaussianFocalLoss: [[0.5], [0.5], {}],
    gaussianRadius: [10, 10, 0.3],
    giouLoss: [B, C, {}],
    giouMatrix: [B, C, {}],
    iofMatrix: [B, C, {}],
    iouLoss: [B, C, {}],
    iouMatrix: [B, C, {}],
    l1Loss: [V, V, {}],
    numLevelPriors: [set],
    pairwiseOverlaps: [B, C, {}],
    pairwiseOverlapsInto: [new Float32Array(B.flat()), new Float32Array(C.flat()), new Float32Array(4), {}],
    pointGenerator: [{ strides: [8] }],
    pointsInBox: [pts, 0, 0, 20, 20, new Int32Array(pts.numPriors)],
    pointsWithStride: [pts],
    priorLevels: [set],
    priorsOverlappingBox: [set, 0, 0, 20, 20, new Int32Array(set.numPriors)],
    qualityFocalLoss: [V, { labels: [0, 1], scores: [0.5, 0.5] }, { numClasses: 3 }],
    resolveAnchorGeneratorOptions: [{ strides: [8], ratios: [1], scales: [4] }, 'f'],
    resolveApproxMaxIoUOptions: [{ positiveIouThreshold: 0.5, negativeIouThreshold: 0.4 }, 'f'],
    resolveAtssOptions: [{}, 'f'],
    resolveCenterNetOptions: [{ numClasses: 2 }, 'f'],
    resolveCombinedSamplerOptions: [{ num: 8, posFraction: 0.25, seed: 1, posSampler: { type: 'random' }, negSampler: { type: 'random' } }],
    resolveDeltaXYWHOptions: [{}, 'encode', 'f'],
    resolveDistancePointOptions: [{}, 'encode', 'f'],
    resolveFcosOptions: [{ strides: [8, 16, 32, 64, 128] }, 'f'],
    resolveGaLocationOptions: [{ octaveBaseScale: 4, strides: [8] }, 'f'],
    resolveInstanceBalancedSamplerOptions: [{ num: 8, posFraction: 0.25, seed: 1 }],
    resolveIoUBalancedSamplerOptions: [{ num: 8, posFraction: 0.25, seed: 1 }],
    resolveMaxIoUOptions: [{ positiveIouThreshold: 0.5, negativeIouThreshold: 0.4 }, 'f'],
    resolveOhemSamplerOptions: [{ num: 8, posFraction: 0.25 }],
    resolvePointGeneratorOptions: [{ strides: [8] }, 'f'],
    resolveRandomSamplerOptions: [{ num: 8, posFraction: 0.25, seed: 1 }],
    resolveSSDAnchorGeneratorOptions: [{ strides: [8, 16], ratios: [[2], [2]], minSizes: [10, 20], maxSizes: [20, 40] }, 'f'],
    resolveSsdHardNegativeOptions: [{}],
    resolveTBLROptions: [{}, 'encode', 'f'],
    resolveYOLOAnchorGeneratorOptions: [{ strides: [8], baseSizes: [[4]] }, 'f'],
    resolveYOLOOptions: [{ stride: 8 }, 2, 'f'],
    resolveYoloV3GridOptions: [{ numClasses: 2 }, 'f'],
    resolveYoloV5RatioOptions: [{}, 'f'],
    responsibleFlags: [yolo, gts],
    sampleCombined: [assign, { num: 8, posFraction: 0.25, seed: 1, posSampler: { type: 'instance-balanced' }, negSampler: { type: 'iou-balanced' } }],
    sampleInstanceBalancedPositives: [assign, { num: 8, posFraction: 0.25, seed: 1 }],
    sampleIoUBalancedNegatives: [assign, { num: 8, posFraction: 0.25, seed: 1 }],
    sampleOhem: [assign, new Float32Array(n + 2).map((_, i) => i / n), { num: 8, posFraction: 0.25 }],
    samplePseudo: [assign],
    sampleRandom: [assign, { num: 8, posFraction: 0.25, seed: 1 }],
    sampleSsdHardNegatives: [assign, losses, {}],
    seededGenerator: [1],
    siouLoss: [B, C, {}],
    smoothL1Loss: [V, V, {}],
    softmaxCrossEntropy: [[0, 1, 2, 3], 2, [1, 0], [1, 1]],
    ssdAnchorGenerator: [{ strides: [8, 16], ratios: [[2], [2]], minSizes: [10, 20], maxSizes: [20, 40] }],
    ssdHeadLoss: [{ clsScore: [0, 1, 2, 1, 0, 2], labels: [0, 2], labelWeights: [1, 1], bboxPred: [0, 0, 0, 0, 1, 1, 1, 1], bboxTargets: [1, 1, 1, 1, 0, 0, 0, 0], bboxWeights: [1, 1, 1, 1, 1, 1, 1, 1], avgFactor: 1 }, { numClasses: 2 }],
    validFlags: [set, [30, 30]],
    varifocalLoss: [V, [0.5, 0, 0, 0, 0, 0], { numClasses: 3 }],
    yoloAnchorGenerator: [{ strides: [8], baseSizes: [[4]] }],
  };
}

/** Calls the root export `name` with `args` (constructs `BoxIndex`), as the rows of {@link rootCalls} are meant. */
export function callRoot(name: string, args: readonly unknown[]): unknown {
  const f = (api as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
  return name === 'BoxIndex' ? new (f as unknown as new (...a: unknown[]) => unknown)(...args) : f(...args);
}
