// Every assigner runs the same contract (see contract.ts), on priors from real generators.
import { assignAtss } from '../../src/assigners/atss.js';
import { assignFcos } from '../../src/assigners/fcos.js';
import { assignMaxIoU } from '../../src/assigners/max-iou.js';
import { assignYoloV3Grid } from '../../src/assigners/yolov3-grid.js';
import { assignYoloV5Ratio } from '../../src/assigners/yolov5-ratio.js';
import { anchorGenerator } from '../../src/geometry/priors/anchor-generator.js';
import { pointGenerator } from '../../src/geometry/priors/point-generator.js';
import { yoloAnchorGenerator } from '../../src/geometry/priors/yolo-anchor-generator.js';
import type { FeatmapSize } from '../../src/geometry/priors/anchor-generator.js';
import { assignerContract } from './contract.js';

const IMAGE: readonly [number, number] = [160, 224];
const STRIDES = [8, 16, 32, 64, 128];
const sizes = (noPriors: boolean): FeatmapSize[] =>
  STRIDES.map((s) => (noPriors ? [0, 0] : [Math.ceil(IMAGE[0] / s), Math.ceil(IMAGE[1] / s)]) as FeatmapSize);

const retinanet = anchorGenerator({ strides: STRIDES, ratios: [0.5, 1, 2], octaveBaseScale: 4, scalesPerOctave: 3 });

assignerContract({
  name: 'assignMaxIoU (RetinaNet)',
  imageSize: IMAGE,
  run: (gtBoxes, gtLabels, noPriors = false) =>
    assignMaxIoU({ priors: retinanet.gridPriors(sizes(noPriors)), gtBoxes, gtLabels }, { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4 }),
});
assignerContract({
  name: 'assignMaxIoU (RPN, plain boxes)',
  imageSize: IMAGE,
  run: (gtBoxes, gtLabels, noPriors = false) =>
    assignMaxIoU(
      { priors: anchorGenerator({ strides: STRIDES, ratios: [0.5, 1, 2], scales: [8] }).gridPriors(sizes(noPriors)).priors, gtBoxes, gtLabels },
      { positiveIouThreshold: 0.7, negativeIouThreshold: 0.3, minPositiveIou: 0.3 },
    ),
});

const yolo = yoloAnchorGenerator({
  strides: [32, 16, 8],
  baseSizes: [[[116, 90], [156, 198], [373, 326]], [[30, 61], [62, 45], [59, 119]], [[10, 13], [16, 30], [33, 23]]],
});
const yoloSizes = (noPriors: boolean): FeatmapSize[] =>
  [32, 16, 8].map((s) => (noPriors ? [0, 0] : [IMAGE[0] / s, IMAGE[1] / s]) as FeatmapSize);

assignerContract({
  name: 'assignYoloV3Grid',
  imageSize: IMAGE,
  run: (gtBoxes, gtLabels, noPriors = false) =>
    assignYoloV3Grid({ priors: yolo.gridPriors(yoloSizes(noPriors)), gtBoxes, gtLabels }, { numClasses: 4 }),
});
assignerContract({
  name: 'assignYoloV5Ratio',
  imageSize: IMAGE,
  run: (gtBoxes, gtLabels, noPriors = false) => assignYoloV5Ratio({ priors: yolo.gridPriors(yoloSizes(noPriors)), gtBoxes, gtLabels }),
});

const atssAnchors = anchorGenerator({ strides: STRIDES, ratios: [1], octaveBaseScale: 8, scalesPerOctave: 1 });
assignerContract({
  name: 'assignAtss',
  imageSize: IMAGE,
  run: (gtBoxes, gtLabels, noPriors = false) => assignAtss({ priors: atssAnchors.gridPriors(sizes(noPriors)), gtBoxes, gtLabels }, { topK: 9 }),
});

const fcosPoints = pointGenerator({ strides: STRIDES });
assignerContract({
  name: 'assignFcos (center sampling)',
  imageSize: IMAGE,
  run: (gtBoxes, gtLabels, noPriors = false) =>
    assignFcos({ priors: fcosPoints.gridPriors(sizes(noPriors)), gtBoxes, gtLabels }, { strides: STRIDES, centerSampling: true }),
});
