/**
 * One contract adapter per registered assigner, all here: how to build each strategy's input
 * for a contract scene, on priors from real generators. `contract.test.ts` fails for a
 * registered strategy without one.
 */
import { ASSIGNERS, type AssignerStrategy } from '../../src/assigners/registry.js';
import { cellBoxes } from '../../src/geometry/boxes.js';
import { anchorGenerator, type FeatmapSize } from '../../src/geometry/priors/anchor-generator.js';
import { pointGenerator } from '../../src/geometry/priors/point-generator.js';
import type { PriorSet } from '../../src/geometry/priors/prior-set.js';
import { yoloAnchorGenerator } from '../../src/geometry/priors/yolo-anchor-generator.js';
import type { AssignerAdapter, Scene } from './contract.js';

const IMAGE: readonly [number, number] = [160, 224];
const STRIDES = [8, 16, 32, 64, 128];
const PYRAMID: FeatmapSize[] = STRIDES.map((s) => [Math.ceil(IMAGE[0] / s), Math.ceil(IMAGE[1] / s)]);
const EMPTY_PYRAMID: FeatmapSize[] = STRIDES.map(() => [0, 0]);

function strategy(name: string): AssignerStrategy {
  const found = ASSIGNERS.find((s) => s.name === name);
  if (found === undefined) throw new Error(`${name} is not registered`);
  return found;
}

/** The shared inputs of a scene on `set`: the set itself, or its priors and level counts. */
function priorInputs(set: PriorSet, empty: PriorSet, scene: Scene): Record<string, unknown> {
  const chosen = scene.noPriors ? empty : set;
  const input: Record<string, unknown> = scene.plainPriors
    ? { priors: Float32Array.from(chosen.priors), numLevelPriors: chosen.levels.map((l) => l.count) }
    : { priors: chosen };
  return withShared(input, scene);
}

function withShared(input: Record<string, unknown>, scene: Scene): Record<string, unknown> {
  input.gtBoxes = scene.gtBoxes;
  input.gtLabels = scene.gtLabels;
  if (scene.ignoreBoxes !== undefined) input.ignoreBoxes = scene.ignoreBoxes;
  if (scene.validFlags !== undefined && !scene.noPriors) input.validFlags = scene.validFlags;
  return input;
}

const retina = anchorGenerator({ strides: STRIDES, ratios: [0.5, 1, 2], octaveBaseScale: 4, scalesPerOctave: 3 });
const retinaSet = retina.gridPriors(PYRAMID);
const retinaEmpty = retina.gridPriors(EMPTY_PYRAMID);

// Anchors of 4 strides (not ATSS's usual 8), so that some fit inside the ignore clause's box.
const atss = anchorGenerator({ strides: STRIDES, ratios: [1], octaveBaseScale: 4, scalesPerOctave: 1 });
const atssSet = atss.gridPriors(PYRAMID);
const atssEmpty = atss.gridPriors(EMPTY_PYRAMID);

// Guided Anchoring: one square per location, 9 approxs per square.
const squares = anchorGenerator({ strides: STRIDES, ratios: [1], scales: [4] });
const squareSet = squares.gridPriors(PYRAMID);
const squareEmpty = squares.gridPriors(EMPTY_PYRAMID);
const approxs = anchorGenerator({ strides: STRIDES, ratios: [0.5, 1, 2], octaveBaseScale: 4, scalesPerOctave: 3 });
const approxSet = approxs.gridPriors(PYRAMID);
const approxEmpty = approxs.gridPriors(EMPTY_PYRAMID);

const fcos = pointGenerator({ strides: STRIDES });
const fcosSet = fcos.gridPriors(PYRAMID);
const fcosEmpty = fcos.gridPriors(EMPTY_PYRAMID);

const yolo = yoloAnchorGenerator({
  strides: [32, 16, 8],
  baseSizes: [[[116, 90], [156, 198], [373, 326]], [[30, 61], [62, 45], [59, 119]], [[10, 13], [16, 30], [33, 23]]],
});
const yoloSet = yolo.gridPriors([32, 16, 8].map((s) => [IMAGE[0] / s, IMAGE[1] / s] as FeatmapSize));
const yoloEmpty = yolo.gridPriors([[0, 0], [0, 0], [0, 0]]);

const CENTERNET_FEAT: [number, number] = [IMAGE[0] / 4, IMAGE[1] / 4];
const GA_SIZES = PYRAMID.map(([h, w]) => [h, w] as [number, number]);
const gaCells = new Float32Array(GA_SIZES.reduce((n, [h, w]) => n + h * w * 4, 0));
GA_SIZES.reduce((offset, [h, w], l) => {
  gaCells.set(cellBoxes(h, w, STRIDES[l], STRIDES[l]), offset);
  return offset + h * w * 4;
}, 0);

export const ADAPTERS: readonly AssignerAdapter[] = [
  {
    strategy: strategy('assignMaxIoU'),
    imageSize: IMAGE,
    options: { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4, ignoreIofThreshold: 0.5 },
    input: (scene) => priorInputs(retinaSet, retinaEmpty, scene),
    priorShapes: { points: false, data: retinaSet.priors },
    reach: 0,
  },
  {
    strategy: strategy('assignApproxMaxIoU'),
    imageSize: IMAGE,
    options: { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4, minPositiveIou: 0.4, ignoreIofThreshold: 0.5 },
    input: (scene) => {
      const input = priorInputs(squareSet, squareEmpty, scene);
      const a = scene.noPriors ? approxEmpty : approxSet;
      input.approxs = scene.plainPriors ? Float32Array.from(a.priors) : a;
      input.approxsPerSquare = 9;
      delete input.numLevelPriors;
      return input;
    },
    priorShapes: { points: false, data: squareSet.priors },
    reach: 0,
  },
  {
    strategy: strategy('assignAtss'),
    imageSize: IMAGE,
    options: { topK: 9, ignoreIofThreshold: 0.5 },
    input: (scene) => priorInputs(atssSet, atssEmpty, scene),
    priorShapes: { points: false, data: atssSet.priors },
    reach: 0,
  },
  {
    strategy: strategy('assignFcos'),
    imageSize: IMAGE,
    options: { strides: STRIDES, centerSampling: true },
    input: (scene) => priorInputs(fcosSet, fcosEmpty, scene),
    priorShapes: { points: true, data: fcosSet.priors },
    reach: 0,
  },
  {
    strategy: strategy('assignYoloV3Grid'),
    imageSize: IMAGE,
    options: { numClasses: 4 },
    input: (scene) => priorInputs(yoloSet, yoloEmpty, { ...scene, plainPriors: false }),
    priorShapes: { points: false, data: yoloSet.priors },
    reach: 0,
  },
  {
    strategy: strategy('assignYoloV5Ratio'),
    imageSize: IMAGE,
    options: {},
    input: (scene) => priorInputs(yoloSet, yoloEmpty, { ...scene, plainPriors: false }),
    priorShapes: { points: false, data: yoloSet.priors },
    // A positive lies in the gt's center cell or a neighbour: its center at most 1.5 strides
    // from the gt's center (the anchors that fit in the ignore box have strides 8 and 16).
    reach: 24,
  },
  {
    strategy: strategy('assignCenterNet'),
    imageSize: IMAGE,
    options: { numClasses: 4 },
    input: (scene) => withShared({ featmapSize: scene.noPriors ? [0, 0] : CENTERNET_FEAT, imageShape: IMAGE }, scene),
    priorShapes: { points: false, data: cellBoxes(CENTERNET_FEAT[0], CENTERNET_FEAT[1], 4, 4) },
    reach: 4,
  },
  {
    strategy: strategy('assignGaLocation'),
    imageSize: IMAGE,
    options: { octaveBaseScale: 4, strides: STRIDES },
    input: (scene) => withShared({ featmapSizes: scene.noPriors ? GA_SIZES.map(() => [0, 0]) : GA_SIZES }, scene),
    priorShapes: { points: false, data: gaCells },
    // A center region is rounded to whole cells: half a cell beyond the box (stride 32 is the
    // coarsest level whose cells fit in the ignore box).
    reach: 16,
  },
];
